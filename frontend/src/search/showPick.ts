/**
 * What a family member picks of a show: the whole show, whole seasons, or single episodes.
 *
 * The request carries it as the API reads it: no seasons and no episodes for the whole show (`follow` then
 * says whether seasons that air later come too), `seasons` for whole seasons, `episodes` ({"3": [2, 5]})
 * for single episodes of the other seasons. What Plex already has is never picked: a season Plex has part
 * of is picked episode by episode, and "the whole show" is then every season and episode Plex lacks.
 */
import type { NewRequest, Season } from "@/api/types";

export interface ShowPick {
  /** Seasons asked for whole. */
  seasons: number[];
  /** Single episodes, by season (never a season that is also whole). */
  episodes: Record<number, number[]>;
}

/** What the picker knows of a season: its number, TMDB's episode count and the episodes Plex has. */
export type SeasonFacts = Pick<Season, "season_number" | "episode_count" | "in_plex">;

/** The episodes of `season` Plex lacks; null when Plex has none of it, so the season is asked for whole. */
export function lacking(season: SeasonFacts): number[] | null {
  if (!season.in_plex.length) return null;
  const had = new Set(season.in_plex);
  return Array.from({ length: season.episode_count }, (_, i) => i + 1).filter((n) => !had.has(n));
}

/** Everything Plex lacks: every season whole when Plex has none of the show. What the picker starts with. */
export function wholeShow(seasons: SeasonFacts[]): ShowPick {
  const pick = nothing();
  for (const season of seasons) {
    const missing = lacking(season);
    if (missing === null) pick.seasons.push(season.season_number);
    else if (missing.length) pick.episodes[season.season_number] = missing;
  }
  pick.seasons.sort((a, b) => a - b);
  return pick;
}

/** Nothing picked yet. */
export function nothing(): ShowPick {
  return { seasons: [], episodes: {} };
}

/** True when the pick is everything Plex lacks (every season whole when Plex has none of the show). */
export function isWholeShow(pick: ShowPick, seasons: SeasonFacts[]): boolean {
  const whole = wholeShow(seasons);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((n) => b.includes(n));
  const seasonsWithEpisodes = Object.keys(pick.episodes);
  return (
    same(pick.seasons, whole.seasons) &&
    seasonsWithEpisodes.length === Object.keys(whole.episodes).length &&
    seasonsWithEpisodes.every((n) => same(pick.episodes[+n]!, whole.episodes[+n] ?? []))
  );
}

/** True when Plex has some of the show. */
export function plexHasSome(seasons: SeasonFacts[]): boolean {
  return seasons.some((s) => s.in_plex.length > 0);
}

/** True when nothing at all is picked. */
export function isEmpty(pick: ShowPick): boolean {
  return pick.seasons.length === 0 && Object.keys(pick.episodes).length === 0;
}

/** Add or take away a whole season (any single episodes of it are replaced by the whole); of a season
 * Plex has part of, the episodes Plex lacks. */
export function toggleSeason(pick: ShowPick, facts: SeasonFacts): ShowPick {
  const season = facts.season_number;
  const missing = lacking(facts);
  if (missing !== null) {
    const episodes = { ...pick.episodes };
    const all = (pick.episodes[season]?.length ?? 0) >= missing.length;
    delete episodes[season];
    if (!all && missing.length) episodes[season] = [...missing];
    return { seasons: pick.seasons.filter((n) => n !== season), episodes };
  }
  const episodes = { ...pick.episodes };
  const whole = pick.seasons.includes(season);
  delete episodes[season];
  // A season partly picked becomes whole on a tap; a whole one is taken away.
  const seasons = whole
    ? pick.seasons.filter((n) => n !== season)
    : [...pick.seasons, season].sort((a, b) => a - b);
  return { seasons, episodes };
}

/** Add or take away one episode; `seasonEpisodes` are the season's episode numbers that can be picked,
 * `canBeWhole` false when Plex has the others (the season is then never asked for whole). */
export function toggleEpisode(
  pick: ShowPick,
  season: number,
  episode: number,
  seasonEpisodes: number[],
  canBeWhole = true,
): ShowPick {
  const current = pickedEpisodes(pick, season, seasonEpisodes);
  const next = current.includes(episode) ? current.filter((n) => n !== episode) : [...current, episode];
  const seasons = pick.seasons.filter((n) => n !== season);
  const episodes = { ...pick.episodes };
  delete episodes[season];
  if (canBeWhole && next.length > 0 && seasonEpisodes.every((n) => next.includes(n))) {
    // Every episode picked one by one is the whole season, which also covers a late extra episode.
    return { seasons: [...seasons, season].sort((a, b) => a - b), episodes };
  }
  if (next.length > 0) episodes[season] = next.sort((a, b) => a - b);
  return { seasons, episodes };
}

/** The episodes of `season` the pick holds (all of them for a whole season). */
export function pickedEpisodes(pick: ShowPick, season: number, seasonEpisodes: number[]): number[] {
  if (pick.seasons.includes(season)) return [...seasonEpisodes];
  return [...(pick.episodes[season] ?? [])];
}

/** What a show request follows: every season and each episode as it airs, or only what was picked. */
export type Follow = NonNullable<NewRequest["follow"]>;

/** The seasons, episodes and follow fields of the request for `pick`. */
export function requestFields(
  pick: ShowPick,
  seasons: SeasonFacts[],
  follow: Follow,
): Pick<NewRequest, "seasons" | "episodes" | "follow"> {
  const whole = isWholeShow(pick, seasons);
  if (whole && !plexHasSome(seasons)) return { follow };
  // Only the whole show can follow seasons that air later; a part picked never brings them. With part of
  // the show in Plex, the whole show names what Plex lacks, so nothing it has is fetched again.
  const fields: Pick<NewRequest, "seasons" | "episodes" | "follow"> = { follow: whole ? follow : "asked" };
  if (pick.seasons.length) fields.seasons = [...pick.seasons];
  const entries = Object.entries(pick.episodes);
  if (entries.length)
    fields.episodes = Object.fromEntries(entries.map(([season, list]) => [season, [...list]]));
  return fields;
}
