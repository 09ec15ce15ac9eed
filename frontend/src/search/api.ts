/** Search calls: find films and shows on TMDB, and list a show's seasons and episodes. */
import { api, unwrap } from "@/api/client";
import type { MediaType, SearchPage, SeasonEpisodes, ShowSeasons } from "@/api/types";

/** One page of films or of shows matching `query`. */
export async function searchMedia(query: string, mediaType: MediaType, page = 1): Promise<SearchPage> {
  const { data } = await unwrap(
    api.GET("/api/v1/search", { params: { query: { query, media_type: mediaType, page } } }),
  );
  return data;
}

/** The seasons of a show, for the season chips. */
export async function showSeasons(tmdbId: number): Promise<ShowSeasons> {
  const { data } = await unwrap(
    api.GET("/api/v1/search/tv/{tmdb_id}", { params: { path: { tmdb_id: tmdbId } } }),
  );
  return data;
}

/** The episodes of one season, with their air dates, for picking single episodes. */
export async function seasonEpisodes(tmdbId: number, seasonNumber: number): Promise<SeasonEpisodes> {
  const { data } = await unwrap(
    api.GET("/api/v1/search/tv/{tmdb_id}/season/{season_number}", {
      params: { path: { tmdb_id: tmdbId, season_number: seasonNumber } },
    }),
  );
  return data;
}
