/** Names for the API shapes the screens use, all derived from the generated OpenAPI types. */
import type { paths as ApiPaths } from "./schema";

type Json<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> = ApiPaths[P][M] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type RequestDetail = Json<"/api/v1/requests/{request_id}", "get">;
export type RequestPage = Json<"/api/v1/requests", "get">;
export type RequestSummary = RequestPage["items"][number];
export type RequestStatus = RequestSummary["status"];
export type TimelineEvent = RequestDetail["timeline"] extends (infer E)[] | undefined ? E : never;
export type MediaType = RequestSummary["media_type"];
export type NewRequest = NonNullable<
  ApiPaths["/api/v1/requests"]["post"]["requestBody"]
>["content"]["application/json"];

export type SearchPage = Json<"/api/v1/search", "get">;
export type SearchResult = SearchPage["results"][number];
export type ShowSeasons = Json<"/api/v1/search/tv/{tmdb_id}", "get">;
export type Season = ShowSeasons["seasons"][number];
export type SeasonEpisodes = Json<"/api/v1/search/tv/{tmdb_id}/season/{season_number}", "get">;
export type Episode = SeasonEpisodes["episodes"][number];
export type ReleaseCandidate = Json<"/api/v1/requests/{request_id}/releases", "get">[number];
export type JobsPage = Json<"/api/v1/jobs", "get">;
export type Job = JobsPage["jobs"][number];
export type ProblemReport = Json<"/api/v1/problems", "get">[number];
export type ProblemKind = ProblemReport["kind"];
