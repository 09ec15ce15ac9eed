/** The API answers recorded from the real backend (see scripts/record_api_fixtures.py), typed as the API's. */
import type { RequestDetail, RequestPage, RequestSummary, SearchPage, ShowSeasons } from "@/api/types";
import cancelOk from "../fixtures/api/cancel_ok.json";
import create422 from "../fixtures/api/create_422.json";
import createMovie200 from "../fixtures/api/create_movie_200.json";
import createMovie201 from "../fixtures/api/create_movie_201.json";
import createTvAll201 from "../fixtures/api/create_tv_all_201.json";
import createTvSeasons201 from "../fixtures/api/create_tv_seasons_201.json";
import detailCancelled from "../fixtures/api/detail_cancelled.json";
import detailPending from "../fixtures/api/detail_pending.json";
import detailUnknown from "../fixtures/api/detail_unknown.json";
import listAll from "../fixtures/api/list_all.json";
import listCancelled from "../fixtures/api/list_cancelled.json";
import searchMovie from "../fixtures/api/search_movie.json";
import searchTv from "../fixtures/api/search_tv.json";
import searchTvRequested from "../fixtures/api/search_tv_requested.json";
import searchUnconfigured from "../fixtures/api/search_unconfigured.json";
import seasonsGot from "../fixtures/api/seasons_got.json";
import seasonsUnknown from "../fixtures/api/seasons_unknown.json";

interface ErrorBody {
  detail: string;
  errors?: { field: string; message: string }[];
}

export interface Recorded<T> {
  status: number;
  body: T;
}

// JSON imports type strings as `string`; the recorder guarantees they are the API's enums.
function as<T>(answer: { status: number; body: unknown }): Recorded<T> {
  return answer as Recorded<T>;
}

export const recorded = {
  cancelOk: as<RequestSummary>(cancelOk),
  create422: as<ErrorBody>(create422),
  createMovie200: as<RequestSummary>(createMovie200),
  createMovie201: as<RequestSummary>(createMovie201),
  createTvAll201: as<RequestSummary>(createTvAll201),
  createTvSeasons201: as<RequestSummary>(createTvSeasons201),
  detailCancelled: as<RequestDetail>(detailCancelled),
  detailPending: as<RequestDetail>(detailPending),
  detailUnknown: as<ErrorBody>(detailUnknown),
  listAll: as<RequestPage>(listAll),
  listCancelled: as<RequestPage>(listCancelled),
  searchMovie: as<SearchPage>(searchMovie),
  searchTv: as<SearchPage>(searchTv),
  searchTvRequested: as<SearchPage>(searchTvRequested),
  searchUnconfigured: as<ErrorBody>(searchUnconfigured),
  seasonsGot: as<ShowSeasons>(seasonsGot),
  seasonsUnknown: as<ErrorBody>(seasonsUnknown),
};
