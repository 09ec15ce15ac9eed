/** The first run's steps, in the order a house is set up: the Settings forms themselves, one per step. */
import type { Component } from "vue";
import FoldersForm from "./FoldersForm.vue";
import IndexersForm from "./IndexersForm.vue";
import PlexForm from "./PlexForm.vue";
import QbittorrentForm from "./QbittorrentForm.vue";
import TmdbForm from "./TmdbForm.vue";

export const FIRST_RUN_STEPS = ["plex", "qbittorrent", "indexers", "tmdb", "folders"] as const;

export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number];

export const firstRunForms: Record<FirstRunStep, Component> = {
  plex: PlexForm,
  qbittorrent: QbittorrentForm,
  indexers: IndexersForm,
  tmdb: TmdbForm,
  folders: FoldersForm,
};
