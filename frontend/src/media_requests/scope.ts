/** What a show request asks for, in words: "Saisons 1, 2", "Saison 7 : épisodes 1, 3", or every season. */
import type { RequestSummary } from "@/api/types";
import type { Translate } from "@/i18n";

/** One line per part of the request; empty for a film. */
export function scopeTexts(
  t: Translate,
  request: Pick<RequestSummary, "media_type" | "seasons" | "episodes">,
  wholeShow: string,
): string[] {
  if (request.media_type !== "tv") return [];
  const seasons = request.seasons ?? [];
  const texts = seasons.length ? [t("requests.seasons", { list: seasons.join(", ") }, seasons.length)] : [];
  for (const [season, list] of Object.entries(request.episodes ?? {})) {
    texts.push(t("requests.episodes", { season, list: list.join(", ") }, list.length));
  }
  // No seasons and no episodes: the whole show, seasons that air later included.
  return texts.length ? texts : [wholeShow];
}
