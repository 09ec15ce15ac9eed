/** A timeline event's second line in the family's words: the worker stores a code and its facts in the
 * event's details (backend/app/media_requests/timeline_words.py), the kiosk words them here. An event the
 * kiosk has no words for (an older row, a new code) keeps its English reason. */

import type { RequestDetail, RequestSummary, TimelineEvent } from "@/api/types";
import { formatParisTime } from "@/ui/time";
import { chosenWords, type SelectionPart } from "./releaseWords";
import type { Translate } from "@/i18n";

type FormatNumber = (value: number, options: Intl.NumberFormatOptions) => string;

interface Wording {
  t: Translate;
  n: FormatNumber;
  locale: string;
}

type Details = Record<string, unknown>;

// Codes whose first line (story.<status>) already says it all: nothing to add under it.
const SAID_BY_THE_STATUS = new Set([
  "requested",
  "searching",
  "importing",
  "imported",
  "available",
  "cancelled",
  "removed_from_plex",
  "already_in_plex",
]);

const WORDS: Record<string, (details: Details, w: Wording) => string> = {
  // Held for a parent (backend/app/profiles/policy.py): why, when the profile's rules could not be checked.
  awaiting_approval: (details, { t }) => {
    const key = `timeline.held.${text(details.why)}`;
    const words = t(key, { limit: text(details.limit) });
    return words === key ? t("timeline.awaitingApproval") : words;
  },
  approved: (_, { t }) => t("timeline.approved"),
  denied: (details, { t }) =>
    typeof details.reason === "string" && details.reason.trim()
      ? t("timeline.deniedBecause", { reason: details.reason.trim() })
      : t("timeline.denied"),
  downloading: (details, w) => {
    const parts = Array.isArray(details.selection) ? (details.selection as SelectionPart[]) : [];
    const chosen = parts.flatMap((part) =>
      part.chosen ? [chosenWords(part.chosen, w.t, w.n, w.locale)] : [],
    );
    return chosen.length ? w.t("timeline.chosen", { words: chosen.join(" ; ") }) : w.t("timeline.resumed");
  },
  not_found: (details, { t, locale }) =>
    typeof details.next_search_at === "string"
      ? t("timeline.nextSearch", { when: formatParisTime(details.next_search_at, locale) })
      : "",
  partly_available: (_, { t }) => t("timeline.partlyAvailable"),
  episodes_removed: (_, { t }) => t("timeline.episodesRemoved"),
  // A followed show (the daily monitored-shows pass): "S02E05, S02E06", or "S03" for a whole season.
  episodes_arrived: (details, { t }) => t("timeline.episodesArrived", { episodes: episodeList(details) }),
  new_episodes: (details, { t }) => t("timeline.newEpisodes", { episodes: episodeList(details) }),
  // Why the worker gave up (backend/app/workers/retry.py, failure_why); nothing for a `why` the kiosk does not
  // know, so the request page's problem box falls back to the stored reason rather than showing a code.
  failed: (details, w) => {
    const key = `failure.${text(details.why)}`;
    const words = w.t(key, { service: text(details.service) });
    return words === key ? "" : words;
  },
  gave_up_on_copy: (details, { t }) => {
    const count = Number(details.count ?? 1);
    return t("timeline.gaveUpOnCopy", { count }, count);
  },
  worker_lost: (_, { t }) => t("timeline.workerLost"),
  // A parent steering the request (the parents' panel), and the import's fail-over.
  release_picked: (details, { t }) => t("timeline.releasePicked", { title: text(details.title) }),
  release_unblocked: (details, { t }) => t("timeline.releaseUnblocked", { title: text(details.title) }),
  manual_search: (details, { t }) =>
    t("timeline.manualSearch", {
      found: Number(details.found ?? 0),
      acceptable: Number(details.acceptable ?? 0),
    }),
  search_again: (_, { t }) => t("timeline.searchAgain"),
  retry: (_, { t }) => t("timeline.retry"),
  another_copy: (details, w) =>
    w.t("timeline.anotherCopy", { kind: wordFor(w, "problems.kinds", details.kind) }),
  nothing_to_import: (details, w) =>
    w.t("timeline.nothingToImport", { why: wordFor(w, "steering.reason", details.why) }),
  too_many_failed_releases: (details, w) =>
    w.t("timeline.tooManyFailed", {
      count: Number(details.count ?? 0),
      why: wordFor(w, "steering.reason", details.why),
    }),
};

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The family's word for a code under `group` (a reason, a kind of problem); the code itself if none. */
function wordFor(w: Wording, group: string, code: unknown): string {
  const key = `${group}.${text(code)}`;
  const word = w.t(key);
  return word === key ? text(code) : word;
}

function episodeList(details: Details): string {
  const episodes = Array.isArray(details.episodes) ? details.episodes : [];
  return episodes.filter((e): e is string => typeof e === "string").join(", ");
}

// The first event of a request written before it had a code: worded from its status.
const FIRST_EVENT: Record<string, string> = {
  PENDING: "",
  AWAITING_APPROVAL: "timeline.awaitingApproval",
  AVAILABLE: "",
};

/** The second line: words for a known code ("" when the first line says it all), null when unknown. */
export function timelineText(event: TimelineEvent, w: Wording): string | null {
  const details = (event.details ?? {}) as Details;
  const code = typeof details.code === "string" ? details.code : null;
  if (code !== null && SAID_BY_THE_STATUS.has(code)) return "";
  if (code !== null && code in WORDS) return WORDS[code]!(details, w);
  if (event.from_status === null && event.to_status in FIRST_EVENT) {
    const key = FIRST_EVENT[event.to_status]!;
    return key ? w.t(key) : "";
  }
  return null;
}

/** What went wrong with a FAILED or DENIED request, in words: its latest move's line (why it failed, a
 * parent's no with their words); the stored English error only for a move written before it had a code. */
export function problemText(request: RequestDetail, w: Wording): string {
  const moves = (request.timeline ?? []).filter(
    (event) => event.to_status === request.status && event.from_status !== event.to_status,
  );
  const latest = moves.reduce<TimelineEvent | null>(
    (found, event) => (found === null || event.id > found.id ? event : found),
    null,
  );
  const words = latest ? timelineText(latest, w) : null;
  return words || (request.error ?? "");
}

/** A problem in a list of requests (the parents' family list): why it failed, from its FAILED move's code
 * (`failure`), or when a request not found is searched again; the stored English error only for a failure
 * written before it had a code. */
export function listProblemText(item: RequestSummary, w: Wording): string {
  if (item.status === "NOT_FOUND") {
    return item.next_search_at
      ? w.t("timeline.nextSearch", { when: formatParisTime(item.next_search_at, w.locale) })
      : "";
  }
  const details = (item.failure ?? {}) as Details;
  const code = text(details.code);
  const words = code in WORDS ? WORDS[code]!(details, w) : "";
  return words || (item.error ?? "");
}
