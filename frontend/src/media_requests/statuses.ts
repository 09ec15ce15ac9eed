/** What each request status looks like and allows, in one table. */
import type { RequestStatus } from "@/api/types";

/** Badge colours: waiting (grey-blue), working (blue), done (green), attention (amber), stopped (red/grey). */
export type StatusTone = "waiting" | "working" | "done" | "attention" | "problem" | "ended";

export const STATUS_TONE: Record<RequestStatus, StatusTone> = {
  AWAITING_APPROVAL: "waiting",
  PENDING: "waiting",
  SEARCHING: "working",
  DOWNLOADING: "working",
  IMPORTING: "working",
  // In the library but not yet seen by Plex: nobody can watch it yet, so not green.
  COMPLETED: "working",
  AVAILABLE: "done",
  PARTIALLY_AVAILABLE: "attention",
  NOT_FOUND: "attention",
  FAILED: "problem",
  DENIED: "problem",
  CANCELLED: "ended",
  REMOVED_FROM_PLEX: "ended",
  AWAITING_RELEASE: "waiting",
};

/** Every status, in the order of a request's life (used for the filter chips). */
export const ALL_STATUSES = Object.keys(STATUS_TONE) as RequestStatus[];

// Statuses that change on their own within minutes, so screens showing them refresh.
// COMPLETED is here because it turns AVAILABLE once Plex has scanned the file.
const IN_PROGRESS: ReadonlySet<RequestStatus> = new Set([
  "PENDING",
  "SEARCHING",
  "DOWNLOADING",
  "IMPORTING",
  "COMPLETED",
]);

const CANCELLABLE: ReadonlySet<RequestStatus> = new Set([
  "AWAITING_APPROVAL",
  "PENDING",
  "SEARCHING",
  "DOWNLOADING",
  "IMPORTING",
  "NOT_FOUND",
  "AWAITING_RELEASE",
  "PARTIALLY_AVAILABLE",
]);

/** True while the request's status is expected to move soon. */
export function isInProgress(status: RequestStatus): boolean {
  return IN_PROGRESS.has(status);
}

/** True when the family may still cancel the request. */
export function isCancellable(status: RequestStatus): boolean {
  return CANCELLABLE.has(status);
}

/** True when the request has ended for good and asking for the media again means a new request. */
export function canAskAgain(status: RequestStatus): boolean {
  return status === "REMOVED_FROM_PLEX";
}

/** The quick filters of a list of requests, as the API names them (GET /api/v1/requests?view=…). */
export const REQUEST_VIEWS = ["in_progress", "ready", "needs_parent", "problems"] as const;
export type RequestView = (typeof REQUEST_VIEWS)[number];
