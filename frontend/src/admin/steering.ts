/** A parent's calls to steer one request: its candidates, a search by hand, a pick, unblock, search now. */
import { api, unwrap } from "@/api/client";
import type { ReleaseCandidate, RequestSummary } from "@/api/types";

const path = (id: number) => ({ path: { request_id: id } });

/** What the last search found for the request, grabbed and acceptable ones first. */
export async function listCandidates(id: number): Promise<ReleaseCandidate[]> {
  return (await unwrap(api.GET("/api/v1/requests/{request_id}/releases", { params: path(id) }))).data;
}

/** Ask every indexer now; the request itself does not move. */
export async function searchCandidates(id: number): Promise<ReleaseCandidate[]> {
  return (await unwrap(api.POST("/api/v1/requests/{request_id}/releases/search", { params: path(id) }))).data;
}

/** Have this release grabbed (a set-aside one only with `confirm`). */
export async function pickCandidate(
  id: number,
  releaseId: number,
  confirm: boolean,
): Promise<RequestSummary> {
  const params = { path: { request_id: id, release_id: releaseId } };
  return (
    await unwrap(
      api.POST("/api/v1/requests/{request_id}/releases/{release_id}/pick", { params, body: { confirm } }),
    )
  ).data;
}

/** Take a release off the request's blocklist. */
export async function unblockCandidate(id: number, releaseId: number): Promise<ReleaseCandidate> {
  const params = { path: { request_id: id, release_id: releaseId } };
  return (
    await unwrap(api.DELETE("/api/v1/requests/{request_id}/releases/{release_id}/blocklist", { params }))
  ).data;
}

/** Search again now, or retry a failed request. */
export async function searchNow(id: number): Promise<RequestSummary> {
  return (await unwrap(api.POST("/api/v1/requests/{request_id}/search-now", { params: path(id) }))).data;
}
