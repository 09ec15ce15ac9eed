/**
 * What a family member picks of a show: the whole show, whole seasons, or single episodes.
 *
 * The request carries it as the API reads it: no seasons and no episodes for the whole show (`follow` then
 * says whether seasons that air later come too), `seasons` for whole seasons, `episodes` ({"3": [2, 5]})
 * for single episodes of the other seasons.
 */
import type { NewRequest } from "@/api/types";

export interface ShowPick {
  /** Seasons asked for whole. */
  seasons: number[];
  /** Single episodes, by season (never a season that is also whole). */
  episodes: Record<number, number[]>;
}

/** Every season whole: what the picker starts with. */
export function wholeShow(seasonNumbers: number[]): ShowPick {
  return { seasons: [...seasonNumbers].sort((a, b) => a - b), episodes: {} };
}

/** Nothing picked yet. */
export function nothing(): ShowPick {
  return { seasons: [], episodes: {} };
}

/** True when every season is asked for whole. */
export function isWholeShow(pick: ShowPick, seasonNumbers: number[]): boolean {
  return seasonNumbers.every((n) => pick.seasons.includes(n)) && Object.keys(pick.episodes).length === 0;
}

/** True when nothing at all is picked. */
export function isEmpty(pick: ShowPick): boolean {
  return pick.seasons.length === 0 && Object.keys(pick.episodes).length === 0;
}

/** Add or take away a whole season (any single episodes of it are replaced by the whole). */
export function toggleSeason(pick: ShowPick, season: number): ShowPick {
  const episodes = { ...pick.episodes };
  const whole = pick.seasons.includes(season);
  delete episodes[season];
  // A season partly picked becomes whole on a tap; a whole one is taken away.
  const seasons = whole
    ? pick.seasons.filter((n) => n !== season)
    : [...pick.seasons, season].sort((a, b) => a - b);
  return { seasons, episodes };
}

/** Add or take away one episode; `seasonEpisodes` are all the season's episode numbers. */
export function toggleEpisode(
  pick: ShowPick,
  season: number,
  episode: number,
  seasonEpisodes: number[],
): ShowPick {
  const current = pickedEpisodes(pick, season, seasonEpisodes);
  const next = current.includes(episode) ? current.filter((n) => n !== episode) : [...current, episode];
  const seasons = pick.seasons.filter((n) => n !== season);
  const episodes = { ...pick.episodes };
  delete episodes[season];
  if (next.length > 0 && seasonEpisodes.every((n) => next.includes(n))) {
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
  seasonNumbers: number[],
  follow: Follow,
): Pick<NewRequest, "seasons" | "episodes" | "follow"> {
  if (isWholeShow(pick, seasonNumbers)) return { follow };
  // Only the whole show can follow seasons that air later; a part picked never brings them.
  const fields: Pick<NewRequest, "seasons" | "episodes" | "follow"> = { follow: "asked" };
  if (pick.seasons.length) fields.seasons = [...pick.seasons];
  const entries = Object.entries(pick.episodes);
  if (entries.length)
    fields.episodes = Object.fromEntries(entries.map(([season, list]) => [season, [...list]]));
  return fields;
}
