/** Better copies in the family's words: the worker notes a code and its facts on the timeline
 * (backend/app/media_requests/upgrades.py and completion.py), the kiosk words them in French or English. */

import type { TimelineEvent } from "@/api/types";

type Translate = (key: string, params: Record<string, unknown>) => string;

/** « Une meilleure copie est trouvée (Bluray-1080p ; celle de Plex est en WEBDL-720p). » or null. */
export function copyNoteText(event: TimelineEvent, t: Translate): string | null {
  const details = event.details ?? {};
  if (details.code === "upgrade" && typeof details.from === "string" && typeof details.to === "string") {
    return t("copies.found", { from: details.from, to: details.to });
  }
  if (typeof details.upgraded_from === "string") {
    return t("copies.replaced", { from: details.upgraded_from });
  }
  return null;
}
