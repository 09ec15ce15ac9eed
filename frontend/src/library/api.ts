/** Library calls: browse what Plex has; for parents, the sync runs and starting a sync. */
import { api, unwrap } from "@/api/client";
import type { ItemType, LibraryPage, SyncQueued, SyncRunPage } from "./types";

export interface BrowseOptions {
  query: string;
  types: ItemType[];
  page: number;
  pageSize: number;
}

/** A page of the library, newest additions first (or matching `query`). */
export async function browseLibrary({ query, types, page, pageSize }: BrowseOptions): Promise<LibraryPage> {
  const trimmed = query.trim();
  const { data } = await unwrap(
    api.GET("/api/v1/library", {
      params: {
        query: {
          page,
          page_size: pageSize,
          ...(trimmed ? { query: trimmed } : {}),
          ...(types.length ? { type: types } : {}),
        },
      },
    }),
  );
  return data;
}

/** A page of sync runs, newest first. */
export async function listSyncRuns(page = 1, pageSize = 20): Promise<SyncRunPage> {
  const { data } = await unwrap(
    api.GET("/api/v1/library/sync-runs", { params: { query: { page, page_size: pageSize } } }),
  );
  return data;
}

/** Queue a full or an incremental sync now. */
export async function startSync(full: boolean): Promise<SyncQueued> {
  const { data } = await unwrap(api.POST("/api/v1/library/sync", { body: { full } }));
  return data;
}
