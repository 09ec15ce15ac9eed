/** The API answers recorded from the real backend (see scripts/record_api_fixtures.py), typed as the API's. */
import type {
  RequestDetail,
  RequestPage,
  RequestSummary,
  SearchPage,
  SeasonEpisodes,
  ShowSeasons,
} from "@/api/types";
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
import listViewInProgress from "../fixtures/api/list_view_in_progress.json";
import searchMovie from "../fixtures/api/search_movie.json";
import searchTv from "../fixtures/api/search_tv.json";
import searchTvRequested from "../fixtures/api/search_tv_requested.json";
import searchUnconfigured from "../fixtures/api/search_unconfigured.json";
import seasonEpisodesGot from "../fixtures/api/season_episodes_got.json";
import seasonsGot from "../fixtures/api/seasons_got.json";
import seasonsUnknown from "../fixtures/api/seasons_unknown.json";

import allowanceMember from "../fixtures/api/allowance_member.json";
import apiKeyInfo from "../fixtures/api/api_key_info.json";
import apiKeyRotated from "../fixtures/api/api_key_rotated.json";
import approveOk from "../fixtures/api/approve_ok.json";
import createAwaiting201 from "../fixtures/api/create_awaiting_201.json";
import createQuota403 from "../fixtures/api/create_quota_403.json";
import denyOk from "../fixtures/api/deny_ok.json";
import listAwaiting from "../fixtures/api/list_awaiting.json";
import listMember from "../fixtures/api/list_member.json";
import picker from "../fixtures/api/picker.json";
import pickerNeedsSetup from "../fixtures/api/picker_needs_setup.json";
import profileCreated from "../fixtures/api/profile_created.json";
import profileDuplicate409 from "../fixtures/api/profile_duplicate_409.json";
import profileSecretCleared from "../fixtures/api/profile_secret_cleared.json";
import profilesList from "../fixtures/api/profiles_list.json";
import ratings from "../fixtures/api/ratings.json";
import requests401 from "../fixtures/api/requests_401.json";
import sessionAdmin from "../fixtures/api/session_admin.json";
import sessionChild from "../fixtures/api/session_child.json";
import sessionMember from "../fixtures/api/session_member.json";
import sessionNeedsSetup from "../fixtures/api/session_needs_setup.json";
import sessionSignedOut from "../fixtures/api/session_signed_out.json";
import setup201 from "../fixtures/api/setup_201.json";
import signInLocked from "../fixtures/api/sign_in_locked.json";
import signInMember from "../fixtures/api/sign_in_member.json";
import signInWrongPin from "../fixtures/api/sign_in_wrong_pin.json";
import type {
  Allowances,
  ApiKeyCreated,
  ApiKeyInfo,
  Picker,
  Profile,
  RatingChoices,
  SessionState,
  SetupOut,
} from "@/profiles/types";

interface ErrorBody {
  detail: string;
  errors?: { field: string; message: string }[];
}

interface WrongPin extends ErrorBody {
  tries_left: number;
}

interface Locked extends ErrorBody {
  locked_until: string;
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
  listViewInProgress: as<RequestPage>(listViewInProgress),
  searchMovie: as<SearchPage>(searchMovie),
  searchTv: as<SearchPage>(searchTv),
  searchTvRequested: as<SearchPage>(searchTvRequested),
  searchUnconfigured: as<ErrorBody>(searchUnconfigured),
  seasonEpisodesGot: as<SeasonEpisodes>(seasonEpisodesGot),
  seasonsGot: as<ShowSeasons>(seasonsGot),
  seasonsUnknown: as<ErrorBody>(seasonsUnknown),
  allowanceMember: as<Allowances>(allowanceMember),
  apiKeyInfo: as<ApiKeyInfo>(apiKeyInfo),
  apiKeyRotated: as<ApiKeyCreated>(apiKeyRotated),
  approveOk: as<RequestSummary>(approveOk),
  createAwaiting201: as<RequestSummary>(createAwaiting201),
  createQuota403: as<ErrorBody>(createQuota403),
  denyOk: as<RequestSummary>(denyOk),
  listAwaiting: as<RequestPage>(listAwaiting),
  listMember: as<RequestPage>(listMember),
  picker: as<Picker>(picker),
  pickerNeedsSetup: as<Picker>(pickerNeedsSetup),
  profileCreated: as<Profile>(profileCreated),
  profileDuplicate409: as<ErrorBody>(profileDuplicate409),
  profileSecretCleared: as<Profile>(profileSecretCleared),
  profilesList: as<Profile[]>(profilesList),
  ratings: as<RatingChoices>(ratings),
  requests401: as<ErrorBody>(requests401),
  sessionAdmin: as<SessionState>(sessionAdmin),
  sessionChild: as<SessionState>(sessionChild),
  sessionMember: as<SessionState>(sessionMember),
  sessionNeedsSetup: as<SessionState>(sessionNeedsSetup),
  sessionSignedOut: as<SessionState>(sessionSignedOut),
  setup201: as<SetupOut>(setup201),
  signInLocked: as<Locked>(signInLocked),
  signInMember: as<SessionState>(signInMember),
  signInWrongPin: as<WrongPin>(signInWrongPin),
};
