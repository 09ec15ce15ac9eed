/** The library API answers recorded from the real backend (scripts/record_library_fixtures.py). */
import type { LibraryPage, SyncQueued, SyncRunPage } from "@/library/types";
import recent from "../fixtures/api/library/recent.json";
import recentPage2 from "../fixtures/api/library/recent_page_2.json";
import searchNothing from "../fixtures/api/library/search_nothing.json";
import searchTide from "../fixtures/api/library/search_tide.json";
import shows from "../fixtures/api/library/shows.json";
import syncFullQueued from "../fixtures/api/library/sync_full_queued.json";
import syncRuns from "../fixtures/api/library/sync_runs.json";

interface Recorded<T> {
  status: number;
  body: T;
}

export const libraryRecorded = {
  recent: recent as Recorded<LibraryPage>,
  recentPage2: recentPage2 as Recorded<LibraryPage>,
  searchTide: searchTide as Recorded<LibraryPage>,
  searchNothing: searchNothing as Recorded<LibraryPage>,
  shows: shows as Recorded<LibraryPage>,
  syncRuns: syncRuns as Recorded<SyncRunPage>,
  syncFullQueued: syncFullQueued as Recorded<SyncQueued>,
};
