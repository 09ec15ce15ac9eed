/** Request calls: create, list, follow and cancel the family's requests. */
import { api, unwrap } from "@/api/client";
import type { NewRequest, RequestDetail, RequestPage, RequestStatus, RequestSummary } from "@/api/types";
import type { RequestView } from "./statuses";

export interface ListOptions {
  page: number;
  pageSize: number;
  statuses: RequestStatus[];
  /** A quick filter (in_progress, ready, needs_parent, problems); null for every request. */
  view?: RequestView | null;
  /** Only this profile's requests ("my requests"); the API shows members only their own anyway. */
  requestedBy?: number | null;
}

/** A page of requests, newest first, optionally only some statuses or one quick filter. */
export async function listRequests({
  page,
  pageSize,
  statuses,
  view,
  requestedBy,
}: ListOptions): Promise<RequestPage> {
  const query = {
    page,
    page_size: pageSize,
    ...(statuses.length ? { status: statuses } : {}),
    ...(view ? { view } : {}),
    ...(requestedBy ? { requested_by: requestedBy } : {}),
  };
  const { data } = await unwrap(api.GET("/api/v1/requests", { params: { query } }));
  return data;
}

/** One request with its timeline. */
export async function getRequest(id: number): Promise<RequestDetail> {
  const { data } = await unwrap(
    api.GET("/api/v1/requests/{request_id}", { params: { path: { request_id: id } } }),
  );
  return data;
}

export interface Created {
  request: RequestSummary;
  /** False when the same media was already requested (HTTP 200): the existing request is returned. */
  created: boolean;
}

/** Ask for a film or a show. */
export async function createRequest(body: NewRequest): Promise<Created> {
  const { data, status } = await unwrap(api.POST("/api/v1/requests", { body }));
  return { request: data, created: status === 201 };
}

/** Cancel a request that is not finished yet. */
export async function cancelRequest(id: number): Promise<RequestSummary> {
  const { data } = await unwrap(
    api.DELETE("/api/v1/requests/{request_id}", { params: { path: { request_id: id } } }),
  );
  return data;
}
