/** What the family searched for, kept while they visit other pages so coming back loses nothing. */
import { reactive } from "vue";
import type { MediaType, SearchResult } from "@/api/types";

export interface SearchState {
  query: string;
  kind: MediaType;
  /** The query the results belong to (the box may have changed since). */
  searchedFor: string;
  results: SearchResult[];
  page: number;
  totalPages: number;
}

function initial(): SearchState {
  return { query: "", kind: "movie", searchedFor: "", results: [], page: 0, totalPages: 0 };
}

export const searchState = reactive<SearchState>(initial());

/** Forget the search (tests, and the "clear" button). */
export function resetSearch(): void {
  Object.assign(searchState, initial());
}
