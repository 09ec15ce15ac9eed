/** The typed API client, generated from the backend's OpenAPI, and the one place that interprets failures. */
import createClient from "openapi-fetch";
import { ref } from "vue";
import { ApiError, errorFromResponse, networkError } from "./errors";
import type { paths as ApiPaths } from "./schema";

/** False while the server does not answer; the app shows a banner and keeps what is on screen. */
export const serverReachable = ref(true);

let acceptLanguage = "fr";

/** Ask the API for texts (titles, overviews) in the household's language. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

export const api = createClient<ApiPaths>({
  baseUrl: typeof window === "undefined" ? "" : window.location.origin,
  // Looked up on every call rather than captured once, so a replaced fetch (tests, polyfills) is honoured.
  fetch: (request) => globalThis.fetch(request),
});

api.use({
  onRequest({ request }) {
    request.headers.set("Accept-Language", acceptLanguage);
    return request;
  },
});

type UnauthorizedHandler = () => void;
const unauthorizedHandlers: UnauthorizedHandler[] = [];

/** Be told when the API answers 401 (the session ended): the app then shows the profile picker. */
export function onUnauthorized(handler: UnauthorizedHandler): void {
  unauthorizedHandlers.push(handler);
}

export interface ApiOk<T> {
  data: T;
  status: number;
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Await an openapi-fetch call: the data and status on success, an ApiError on any failure. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<ApiOk<T>> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    serverReachable.value = false;
    throw networkError(cause);
  }
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    const failure = errorFromResponse(response, error);
    serverReachable.value = failure.kind !== "network";
    if (failure.status === 401) for (const handler of unauthorizedHandlers) handler();
    throw failure;
  }
  serverReachable.value = true;
  return { data: data as T, status: response.status };
}

export { ApiError };
