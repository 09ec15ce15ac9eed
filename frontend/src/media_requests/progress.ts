/** A download's progress as a request row shows it: "42 % · encore 5 min environ". */
import type { RequestSummary } from "@/api/types";
import type { Translate } from "@/i18n";

type Download = NonNullable<RequestSummary["download"]>;

/** The percentage, then the time left when qBittorrent knows it (never under a minute: "0 min" reads as done). */
export function progressText(t: Translate, download: Download): string {
  const percent = `${Math.floor(download.fraction * 100)} %`;
  if (download.eta_seconds == null) return percent;
  return `${percent} · ${t("detail.eta", { minutes: Math.max(1, Math.round(download.eta_seconds / 60)) })}`;
}
