/** Names for the Settings API's shapes, all derived from the generated OpenAPI types. */
import type { components } from "@/api/schema";

type Schemas = components["schemas"];

export type ConnectionTest = Schemas["ConnectionTest"];
export type PlexSettings = Schemas["PlexSettingsOut"];
export type PlexSettingsIn = Schemas["PlexSettingsIn"];
export type PathMapping = Schemas["PathMapping"];
export type QbittorrentSettings = Schemas["QbittorrentSettingsOut"];
export type QbittorrentSettingsIn = Schemas["QbittorrentSettingsIn"];
export type Indexer = Schemas["IndexerOut"];
export type IndexerIn = Schemas["IndexerIn"];
export type IndexerFlavour = IndexerIn["flavour"];
export type TmdbSettings = Schemas["TmdbSettingsOut"];
export type TmdbSettingsIn = Schemas["TmdbSettingsIn"];
export type NotificationSettings = Schemas["NotificationSettingsOut"];
export type NotificationSettingsIn = Schemas["NotificationSettingsIn"];
export type NotificationEvent = NotificationSettings["admin_events"][number];
export type Target = Schemas["TargetOut"];
export type TargetIn = Schemas["TargetIn"];
export type ProfileTargets = Schemas["ProfileTargetsOut"];
export type Delivery = Schemas["DeliveryOut"];
export type PipelineSettings = Schemas["PipelineSettings"];
export type FoldersSettings = Schemas["FoldersOut"];
export type FoldersIn = Schemas["FoldersIn"];
export type FolderCheck = Schemas["FolderCheck"];
export type SettingsCheckup = Schemas["SettingsCheckup"];
export type QualityProfile = Schemas["QualityProfileModel"];
export type AudioPolicy = QualityProfile["audio_policy"];
export type QualityProfiles = Schemas["QualityProfilesOut"];
export type QualityProfilesIn = Schemas["QualityProfilesIn"];

/** What a GET shows in place of a stored secret. */
export const SECRET_SET = "set";

/** Every event a notification can be about, in the order of a request's life. */
export const NOTIFICATION_EVENTS: NotificationEvent[] = [
  "requested",
  "approved",
  "denied",
  "not_found",
  "downloading",
  "available",
  "new_episodes",
  "failed",
];

/** From which resolution a release whose name gives no source (only "1080p") may be taken. */
export const UNKNOWN_SOURCE_RESOLUTIONS: NonNullable<QualityProfile["unknown_source_from"]>[] = [
  "480p",
  "576p",
  "720p",
  "1080p",
  "2160p",
];

/** The audio policies, the French-speaking household's usual choice first. */
export const AUDIO_POLICIES: AudioPolicy[] = [
  "prefer_french",
  "require_french",
  "french_or_subtitled",
  "any",
];
