/**
 * Routes the backend is adding but that may not be in openapi.json yet, written from the agreed contract.
 * `ApiPaths` prefers the generated type for any path that exists in schema.d.ts, so after `npm run gen:api`
 * picks a route up this file's copy is ignored and can be deleted.
 */
import type { paths } from "./schema";

type JsonBody<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type ErrorBody = { detail: string };

interface PendingSearchResult {
  media_type: "movie" | "tv";
  tmdb_id: number;
  title: string;
  original_title: string | null;
  year: number | null;
  overview: string;
  poster_url: string | null;
  in_plex: boolean;
  request: { id: number; status: paths["/api/v1/requests/{request_id}"]["get"]["responses"][200]["content"]["application/json"]["status"] } | null;
}

interface PendingPaths {
  "/api/v1/search": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query: { query: string; media_type?: "movie" | "tv" | null; page?: number };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: JsonBody<{ results: PendingSearchResult[]; page: number; total_pages: number }>;
        422: JsonBody<ErrorBody>;
        503: JsonBody<ErrorBody>;
      };
    };
  };
  "/api/v1/search/tv/{tmdb_id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { tmdb_id: number }; cookie?: never };
      requestBody?: never;
      responses: {
        200: JsonBody<{
          tmdb_id: number;
          title: string;
          seasons: { season_number: number; name: string; episode_count: number }[];
        }>;
        404: JsonBody<ErrorBody>;
        503: JsonBody<ErrorBody>;
      };
    };
  };
}

/** Every API path: the generated ones, plus the pending ones not generated yet. */
export type ApiPaths = paths & Omit<PendingPaths, keyof paths>;
