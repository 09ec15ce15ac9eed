/** The parents' calls on requests: the approvals queue, approve, deny. */
import { api, unwrap } from "@/api/client";
import type { RequestPage, RequestSummary } from "@/api/types";
import type { RequestView } from "@/media_requests/statuses";

/** Requests waiting for a parent, oldest first would hide new ones: newest first like everywhere. */
export async function listAwaiting(): Promise<RequestPage> {
  const query = { status: ["AWAITING_APPROVAL" as const], page: 1, page_size: 100 };
  return (await unwrap(api.GET("/api/v1/requests", { params: { query } }))).data;
}

/** Approve: the request is queued for searching. */
export async function approveRequest(id: number): Promise<RequestSummary> {
  const params = { path: { request_id: id } };
  return (await unwrap(api.POST("/api/v1/requests/{request_id}/approve", { params }))).data;
}

/** Deny with a reason the family will read. */
export async function denyRequest(id: number, reason: string): Promise<RequestSummary> {
  const params = { path: { request_id: id } };
  return (await unwrap(api.POST("/api/v1/requests/{request_id}/deny", { params, body: { reason } }))).data;
}

export { REQUEST_VIEWS, type RequestView } from "@/media_requests/statuses";

/** A page of the whole family's requests, newest first, with who asked and each quick filter's count. */
export async function listFamilyRequests(
  view: RequestView | null,
  page: number,
  pageSize: number,
): Promise<RequestPage> {
  const query = { page, page_size: pageSize, ...(view ? { view } : {}) };
  return (await unwrap(api.GET("/api/v1/requests", { params: { query } }))).data;
}
