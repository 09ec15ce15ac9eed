/** Better copies in the family's words: the worker notes a code and its facts on the timeline
 * (backend/app/media_requests/upgrades.py and completion.py), the kiosk words them in French or English. */

import type { TimelineEvent } from "@/api/types";
import type { Translate } from "@/i18n";

/** « Une meilleure copie est trouvée (Bluray-1080p ; celle de Plex est en WEBDL-720p). » or null; for a
 * show, each season upgraded with its two qualities. */
export function copyNoteText(event: TimelineEvent, t: Translate): string | null {
  const details = event.details ?? {};
  if (details.code === "upgrade") {
    const seasons = seasonWords(details.seasons, t);
    if (seasons) return t("copies.foundSeasons", { seasons });
    if (typeof details.from === "string" && typeof details.to === "string") {
      return t("copies.found", { from: details.from, to: details.to });
    }
  }
  if (typeof details.upgraded_from === "string") {
    const seasons = seasonWords(details.upgraded, t);
    if (seasons) return t("copies.replacedSeasons", { seasons });
    return t("copies.replaced", { from: details.upgraded_from });
  }
  return null;
}

interface SeasonNote {
  season: number;
  from: string;
  to: string;
}

function isSeasonNote(value: unknown): value is SeasonNote {
  const note = value as Partial<SeasonNote> | null;
  return typeof note?.season === "number" && typeof note.from === "string" && typeof note.to === "string";
}

/** « saison 1 : HDTV-720p → Bluray-1080p ; saison 2 : … », or null when the event names no season. */
function seasonWords(notes: unknown, t: Translate): string | null {
  if (!Array.isArray(notes)) return null;
  const words = notes
    .filter(isSeasonNote)
    .map((note) => t("copies.season", { season: note.season, from: note.from, to: note.to }));
  return words.length ? words.join(t("copies.seasonSeparator", {})) : null;
}
