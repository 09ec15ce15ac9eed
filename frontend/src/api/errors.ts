/** One error type for every way an API call can fail, carrying the message to show the family. */

export interface FieldError {
  field: string;
  message: string;
}

/** "network": the server did not answer; "http": it answered with an error and a `detail`. */
export type ApiErrorKind = "network" | "http";

/** `code` and `params`: what the server refused, for the kiosk to say in its own language (errorWords.ts);
 * null for an error the server did not code, whose `detail` is shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    readonly code: string | null = null,
    readonly params: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function fieldErrorsOf(body: Record<string, unknown>): FieldError[] {
  const errors = body.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is FieldError => isRecord(e) && typeof e.field === "string" && typeof e.message === "string",
  );
}

// A proxy (Nginx) answers 502/504 with an HTML page when the API process is down: that is "no answer" too.
const GATEWAY_DOWN = new Set([502, 504]);

/** Turn an error response (already parsed by openapi-fetch: JSON object or raw text) into an ApiError. */
export function errorFromResponse(response: Response, body: unknown): ApiError {
  if (isRecord(body) && typeof body.detail === "string") {
    const code = typeof body.code === "string" ? body.code : null;
    const params = isRecord(body.params) ? body.params : {};
    return new ApiError("http", response.status, body.detail, fieldErrorsOf(body), code, params);
  }
  if (GATEWAY_DOWN.has(response.status)) {
    return new ApiError("network", response.status, "");
  }
  return new ApiError("http", response.status, `HTTP ${response.status} ${response.statusText}`.trim());
}

/** The error raised when fetch itself fails (server down, Wi-Fi lost). */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError("network", null, "");
  error.cause = cause;
  return error;
}
