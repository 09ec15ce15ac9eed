/** A refusal from the server in the family's words: the API sends a stable `code` and its facts beside its
 * `detail` (backend/app/api/errors.py, SpokenError), the kiosk words them here in the language on screen. */

import { formatClock, formatParisDay } from "@/ui/time";
import type { ApiError } from "./errors";
import type { Translate } from "@/i18n";

type Params = Record<string, unknown>;

const PERIODS: Record<number, string> = { 1: "day", 7: "week", 30: "month", 31: "month" };

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function count(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/** "this week", "sur 10 jours": the quota's window. */
function period(days: number, t: Translate): string {
  const name = PERIODS[days];
  return name ? t(`refusals.period.${name}`) : t("refusals.period.days", { days });
}

/** Over a quota: what was used, or how many seasons are left, and when the next request is possible. */
function quotaWords(params: Params, t: Translate, locale: string): string {
  const kind = params.kind === "season" ? "season" : "movie";
  const facts = {
    name: text(params.name),
    limit: count(params.limit),
    remaining: count(params.remaining),
    asked: count(params.asked),
    period: period(count(params.days), t),
  };
  if (facts.remaining > 0) return t("refusals.quota.fewer", facts, facts.remaining);
  const used = t(`refusals.quota.${kind}`, facts, facts.limit);
  const next = text(params.next_at);
  return next ? `${used} ${t("refusals.quota.next", { when: formatParisDay(next, locale) })}` : used;
}

/** "Léa peut encore demander 1 film cette semaine": what a quota leaves, said before asking (the allowance's
 * counts from /profiles/me/allowance, in the language on screen rather than the server's `message`). */
export function allowanceText(
  left: { remaining: number; days: number },
  kind: "movie" | "season",
  name: string,
  t: Translate,
): string {
  const facts = { name, count: left.remaining, period: period(left.days, t) };
  return t(`refusals.quota.left.${kind}`, facts, left.remaining);
}

const WORDS: Record<string, (params: Params, t: Translate, locale: string) => string> = {
  quota: quotaWords,
  rating: (params, t) =>
    t("refusals.rating", {
      name: text(params.name),
      certification: text(params.certification),
      limit: text(params.limit),
    }),
  quality: (_, t) => t("refusals.quality"),
  parents_only: (_, t) => t("refusals.parents_only"),
  not_yours: (_, t) => t("refusals.not_yours"),
  request_not_found: (_, t) => t("refusals.request_not_found"),
  wrong_secret: (params, t) => {
    const left = count(params.tries_left);
    return t(`refusals.wrong_secret.${params.password ? "password" : "pin"}`, { count: left }, left);
  },
  locked: (params, t, locale) => t("refusals.locked", { time: formatClock(text(params.until), locale) }),
  search_not_set_up: (_, t) => t("refusals.search_not_set_up"),
  search_key_refused: (_, t) => t("refusals.search_key_refused"),
  search_unavailable: (_, t) => t("refusals.search_unavailable"),
  // A parent steering a request (backend/app/api/v1/request_steering.py), and any unexpected error.
  not_now: (params, t) => t("refusals.not_now", { status: t(`status.${text(params.status)}`) }),
  release_blocklisted: (_, t) => t("refusals.release_blocklisted"),
  release_already_chosen: (_, t) => t("refusals.release_already_chosen"),
  release_not_found: (_, t) => t("refusals.release_not_found"),
  not_set_up: (_, t) => t("refusals.not_set_up"),
  service_unavailable: (params, t) => t("refusals.service_unavailable", { service: text(params.service) }),
  server_error: (_, t) => t("refusals.server_error"),
};

/** The refusal in words, or null for an error without a code the kiosk knows (its `detail` is shown). */
export function refusalText(error: ApiError, t: Translate, locale: string): string | null {
  const words = error.code ? WORDS[error.code] : undefined;
  return words ? words(error.params, t, locale) : null;
}
