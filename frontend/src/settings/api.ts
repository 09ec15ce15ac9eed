/** Settings calls: read and change each service's settings, and ask it whether it answers. */
import { api, unwrap } from "@/api/client";
import type {
  ConnectionTest,
  Delivery,
  FolderCheck,
  FoldersIn,
  FoldersSettings,
  Indexer,
  IndexerIn,
  NotificationSettings,
  NotificationSettingsIn,
  PipelineSettings,
  PlexSettings,
  PlexSettingsIn,
  ProfileTargets,
  QbittorrentSettings,
  QbittorrentSettingsIn,
  QualityProfiles,
  QualityProfilesIn,
  SettingsCheckup,
  TargetIn,
  TmdbSettings,
  TmdbSettingsIn,
} from "./types";

async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  return (await unwrap(call)).data;
}

export const plexSettings = {
  get: (): Promise<PlexSettings> => data(api.GET("/api/v1/settings/plex")),
  save: (body: PlexSettingsIn): Promise<PlexSettings> => data(api.PUT("/api/v1/settings/plex", { body })),
  test: (body: PlexSettingsIn): Promise<ConnectionTest> =>
    data(api.POST("/api/v1/settings/plex/test", { body })),
};

export const qbittorrentSettings = {
  get: (): Promise<QbittorrentSettings> => data(api.GET("/api/v1/settings/qbittorrent")),
  save: (body: QbittorrentSettingsIn): Promise<QbittorrentSettings> =>
    data(api.PUT("/api/v1/settings/qbittorrent", { body })),
  test: (body: QbittorrentSettingsIn): Promise<ConnectionTest> =>
    data(api.POST("/api/v1/settings/qbittorrent/test", { body })),
};

export const tmdbSettings = {
  get: (): Promise<TmdbSettings> => data(api.GET("/api/v1/settings/tmdb")),
  save: (body: TmdbSettingsIn): Promise<TmdbSettings> => data(api.PUT("/api/v1/settings/tmdb", { body })),
  test: (body: TmdbSettingsIn): Promise<ConnectionTest> =>
    data(api.POST("/api/v1/settings/tmdb/test", { body })),
};

const indexerPath = (id: number) => ({ params: { path: { indexer_id: id } } });

export const indexerSettings = {
  list: (): Promise<Indexer[]> => data(api.GET("/api/v1/settings/indexers")),
  add: (body: IndexerIn): Promise<Indexer> => data(api.POST("/api/v1/settings/indexers", { body })),
  save: (id: number, body: IndexerIn): Promise<Indexer> =>
    data(api.PUT("/api/v1/settings/indexers/{indexer_id}", { ...indexerPath(id), body })),
  remove: async (id: number): Promise<void> => {
    await unwrap(api.DELETE("/api/v1/settings/indexers/{indexer_id}", indexerPath(id)));
  },
  /** Test a stored indexer with the draft on screen, or a new one (no id) before it is added. */
  test: (id: number | null, body: IndexerIn): Promise<ConnectionTest> =>
    id === null
      ? data(api.POST("/api/v1/settings/indexers/test", { body }))
      : data(api.POST("/api/v1/settings/indexers/{indexer_id}/test", { ...indexerPath(id), body })),
};

export const notificationSettings = {
  get: (): Promise<NotificationSettings> => data(api.GET("/api/v1/settings/notifications")),
  save: (body: NotificationSettingsIn): Promise<NotificationSettings> =>
    data(api.PUT("/api/v1/settings/notifications", { body })),
  test: (targets: TargetIn[] | null): Promise<Delivery[]> =>
    data(api.POST("/api/v1/settings/notifications/test", { body: targets ? { targets } : {} })),
  profiles: (): Promise<ProfileTargets[]> => data(api.GET("/api/v1/settings/notifications/profiles")),
  saveProfile: (profileId: number, targets: TargetIn[]): Promise<ProfileTargets> =>
    data(
      api.PUT("/api/v1/settings/notifications/profiles/{profile_id}", {
        params: { path: { profile_id: profileId } },
        body: { targets },
      }),
    ),
};

export const pipelineSettings = {
  get: (): Promise<PipelineSettings> => data(api.GET("/api/v1/settings/pipeline")),
  save: (body: PipelineSettings): Promise<PipelineSettings> =>
    data(api.PUT("/api/v1/settings/pipeline", { body })),
};

export const folderSettings = {
  get: (): Promise<FoldersSettings> => data(api.GET("/api/v1/settings/folders")),
  save: (body: FoldersIn): Promise<FoldersSettings> => data(api.PUT("/api/v1/settings/folders", { body })),
  /** Try the folders on screen (writable, a real hardlink) without saving them. */
  test: (body: FoldersIn): Promise<FolderCheck[]> =>
    data(api.POST("/api/v1/settings/folders/test", { body })),
};

/** What `plex-kiosk doctor` says of Settings: every service set up asked, the folders tried. */
export const checkSettings = (): Promise<SettingsCheckup> => data(api.POST("/api/v1/settings/checkup"));

export const qualityProfileSettings = {
  get: (): Promise<QualityProfiles> => data(api.GET("/api/v1/settings/quality-profiles")),
  save: (body: QualityProfilesIn): Promise<QualityProfiles> =>
    data(api.PUT("/api/v1/settings/quality-profiles", { body })),
};
