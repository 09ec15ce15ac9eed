/** Why a request waits, in the family's words: the worker stores a code and its parameters on a timeline
 * note (backend/app/media_requests/waiting.py), the kiosk words it in French or English. */

import type { TimelineEvent } from "@/api/types";
import { formatClock } from "@/ui/time";
import type { Translate } from "@/i18n";

const CODES = new Set([
  "qbittorrent_unreachable",
  "indexers_unreachable",
  "service_unreachable",
  "library_unreachable",
  "something_unreachable",
  "awaiting_release",
]);

// Where it was first needed; the clock's words live with the other dates (ui/time.ts).
export { formatClock };

/** "12 mars" / "12 March" for a release day ("2027-03-12"), with its year when it is not this year's. */
export function formatReleaseDay(value: string, locale: string, now: Date = new Date()): string {
  // A calendar day is the same everywhere: read and write it in UTC so it never shifts by a day.
  const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  const sameYear = day.getUTCFullYear() === now.getUTCFullYear();
  return new Intl.DateTimeFormat(locale.startsWith("fr") ? "fr-FR" : "en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(day);
}

/** The code of a "waiting" note, or null for any other event. */
export function waitingCode(event: TimelineEvent): string | null {
  const code = event.details?.code;
  return typeof code === "string" && CODES.has(code) ? code : null;
}

/** "qBittorrent ne répond pas, on réessaie à 21 h 05." for a waiting note; null for any other event. */
export function waitingText(event: TimelineEvent, t: Translate, locale: string): string | null {
  const code = waitingCode(event);
  if (code === null) return null;
  const details = event.details ?? {};
  if (code === "awaiting_release") return releaseText(details, t, locale);
  const retryAt = typeof details.retry_at === "string" ? details.retry_at : null;
  const time = retryAt ? formatClock(retryAt, locale) : "";
  const indexers = Array.isArray(details.indexers) ? details.indexers.map(String) : [];
  const key = code === "indexers_unreachable" && indexers.length === 1 ? "indexer_unreachable" : code;
  return t(`waiting.${key}`, {
    time,
    indexers: indexers.join(", "),
    service: typeof details.service === "string" ? details.service : "",
  });
}

/** "Sortie prévue le 12 mars : on le cherchera dès ce jour-là." for a film waiting for its release
 * (backend/app/media_requests/release_wait.py: release_date and the kind of release). */
function releaseText(details: Record<string, unknown>, t: Translate, locale: string): string | null {
  if (typeof details.release_date !== "string") return null;
  const date = formatReleaseDay(details.release_date, locale);
  const key =
    details.kind === "estimated" || details.kind === "cinema"
      ? `waiting.awaiting_release_${details.kind}`
      : "waiting.awaiting_release";
  return t(key, { date });
}
