/** The sections of the Settings page, in the order an admin sets the appliance up. */
export const SETTINGS_SECTIONS = [
  "plex",
  "qbittorrent",
  "indexers",
  "tmdb",
  "folders",
  "notifications",
  "pipeline",
  "quality",
] as const;

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** The section named in a URL, Plex when the name is missing or unknown. */
export function sectionFrom(value: unknown): SettingsSection {
  return SETTINGS_SECTIONS.includes(value as SettingsSection) ? (value as SettingsSection) : "plex";
}
