/** The appliance's picture URLs (/api/v1/images): the cached TMDB image, or the title drawn in its place. */

/** The poster of a title known by its TMDB id; null when it has none (the title is drawn on the page). */
export function titlePosterUrl(
  media: "movie" | "tv",
  tmdbId: number | null | undefined,
  title: string,
): string | null {
  if (!tmdbId) return null;
  return `/api/v1/images/${media}/${tmdbId}/poster?${new URLSearchParams({ title: title.slice(0, 120) })}`;
}
