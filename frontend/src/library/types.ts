/** Names for the library API's shapes, derived from the generated OpenAPI types. */
import type { paths as ApiPaths } from "@/api/schema";

type Json<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> = ApiPaths[P][M] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type LibraryPage = Json<"/api/v1/library", "get">;
export type LibraryItem = LibraryPage["items"][number];
export type ItemType = LibraryItem["item_type"];
export type SyncRunPage = Json<"/api/v1/library/sync-runs", "get">;
export type SyncRun = SyncRunPage["items"][number];
export type SyncQueued =
  ApiPaths["/api/v1/library/sync"]["post"]["responses"][202]["content"]["application/json"];
