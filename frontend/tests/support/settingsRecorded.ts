/** The Settings API answers recorded from the real backend (scripts/record_settings_fixtures.py), and a
 * mount of the Settings page alone (router and i18n, without the rest of the app's chrome). */
import { flushPromises, mount } from "@vue/test-utils";
import { defineComponent, h } from "vue";
import { createMemoryHistory, RouterView } from "vue-router";
import { createAppRouter } from "@/app/router";
import { createAppI18n, type Locale } from "@/i18n";
import { applySession } from "@/profiles/session";
import { recorded as shared } from "./recorded";
import type {
  ConnectionTest,
  Delivery,
  FolderCheck,
  FoldersSettings,
  Indexer,
  NotificationSettings,
  PipelineSettings,
  PlexSettings,
  ProfileTargets,
  QbittorrentSettings,
  QualityProfiles,
  SettingsCheckup,
  TmdbSettings,
} from "@/settings/types";
import checkup from "../fixtures/api/settings/checkup.json";
import folders from "../fixtures/api/settings/folders.json";
import foldersPut from "../fixtures/api/settings/folders_put.json";
import foldersPut422 from "../fixtures/api/settings/folders_put_422.json";
import foldersTest from "../fixtures/api/settings/folders_test.json";
import indexerAdd from "../fixtures/api/settings/indexer_add.json";
import indexerTestNew from "../fixtures/api/settings/indexer_test_new.json";
import indexers from "../fixtures/api/settings/indexers.json";
import indexersEmpty from "../fixtures/api/settings/indexers_empty.json";
import notificationsProfiles from "../fixtures/api/settings/notifications_profiles.json";
import notificationsPut from "../fixtures/api/settings/notifications_put.json";
import notificationsTest from "../fixtures/api/settings/notifications_test.json";
import notificationsUnset from "../fixtures/api/settings/notifications_unset.json";
import pipeline from "../fixtures/api/settings/pipeline.json";
import pipelinePut422 from "../fixtures/api/settings/pipeline_put_422.json";
import plexPut from "../fixtures/api/settings/plex_put.json";
import plexPut422 from "../fixtures/api/settings/plex_put_422.json";
import plexTestOk from "../fixtures/api/settings/plex_test_ok.json";
import plexTestRefused from "../fixtures/api/settings/plex_test_refused.json";
import plexTestUnset from "../fixtures/api/settings/plex_test_unset.json";
import plexUnset from "../fixtures/api/settings/plex_unset.json";
import qbittorrentUnset from "../fixtures/api/settings/qbittorrent_unset.json";
import quality from "../fixtures/api/settings/quality.json";
import qualityPut from "../fixtures/api/settings/quality_put.json";
import qualityPut422 from "../fixtures/api/settings/quality_put_422.json";
import tmdbPut422 from "../fixtures/api/settings/tmdb_put_422.json";
import tmdbUnset from "../fixtures/api/settings/tmdb_unset.json";

interface ErrorBody {
  detail: string;
  errors?: { field: string; message: string }[];
}

interface Recorded<T> {
  status: number;
  body: T;
}

// JSON imports type strings as `string`; the recorder guarantees they are the API's enums.
function as<T>(answer: { status: number; body: unknown }): Recorded<T> {
  return answer as Recorded<T>;
}

export const settingsRecorded = {
  checkup: as<SettingsCheckup>(checkup),
  folders: as<FoldersSettings>(folders),
  foldersPut: as<FoldersSettings>(foldersPut),
  foldersPut422: as<ErrorBody>(foldersPut422),
  foldersTest: as<FolderCheck[]>(foldersTest),
  indexerAdd: as<Indexer>(indexerAdd),
  indexerTestNew: as<ConnectionTest>(indexerTestNew),
  indexers: as<Indexer[]>(indexers),
  indexersEmpty: as<Indexer[]>(indexersEmpty),
  notificationsProfiles: as<ProfileTargets[]>(notificationsProfiles),
  notificationsPut: as<NotificationSettings>(notificationsPut),
  notificationsTest: as<Delivery[]>(notificationsTest),
  notificationsUnset: as<NotificationSettings>(notificationsUnset),
  pipeline: as<PipelineSettings>(pipeline),
  pipelinePut422: as<ErrorBody>(pipelinePut422),
  plexPut: as<PlexSettings>(plexPut),
  plexPut422: as<ErrorBody>(plexPut422),
  plexTestOk: as<ConnectionTest>(plexTestOk),
  plexTestRefused: as<ConnectionTest>(plexTestRefused),
  plexTestUnset: as<ConnectionTest>(plexTestUnset),
  plexUnset: as<PlexSettings>(plexUnset),
  qbittorrentUnset: as<QbittorrentSettings>(qbittorrentUnset),
  quality: as<QualityProfiles>(quality),
  qualityPut: as<QualityProfiles>(qualityPut),
  qualityPut422: as<ErrorBody>(qualityPut422),
  tmdbPut422: as<ErrorBody>(tmdbPut422),
  tmdbUnset: as<TmdbSettings>(tmdbUnset),
};

const Shell = defineComponent({ render: () => h(RouterView) });

/** The Settings page at `path` (e.g. /admin/settings/plex) as a parent sees it, after its first API calls. */
export async function mountSettings(path: string, locale: Locale = "fr") {
  // Settings are a parents' page: the router shows them to a signed-in parent only.
  applySession(shared.sessionAdmin.body);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  const wrapper = mount(Shell, {
    global: { plugins: [router, createAppI18n(locale)] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  return { wrapper, router };
}
