/** When something on its way should be ready, as the family says it: « prêt ce soir vers 21 h », "ready
 * tomorrow morning around 9 am", from the download's ETA, in the household's time zone. */
import type { RequestStatus } from "@/api/types";
import { formatReleaseDay } from "@/media_requests/waiting";
import { parseApiDate } from "@/ui/time";
import type { Translate } from "@/i18n";

type Period = "morning" | "afternoon" | "evening" | "night";

export interface OnItsWay {
  status: RequestStatus;
  ready_at: string | null;
  release_date: string | null;
}

const DAY_MS = 86_400_000;
// "Vers 21 h 15", never "vers 21 h 07": an ETA is a guess, a quarter of an hour is as precise as it gets.
const ROUNDING_MS = 15 * 60_000;

interface WallClock {
  day: number; // days since 1970-01-01 in the household's calendar
  hour: number;
  minute: number;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    day: Date.UTC(part("year"), part("month") - 1, part("day")) / DAY_MS,
    hour: part("hour") % 24,
    minute: part("minute"),
  };
}

function period(hour: number): Period {
  if (hour < 5) return "night";
  if (hour < 12) return "morning";
  if (hour < 18) return "afternoon";
  return "evening";
}

/** "21 h", "21 h 15" in French; "9 pm", "9:15 pm" in English. */
function clock({ hour, minute }: WallClock, locale: string): string {
  const mm = String(minute).padStart(2, "0");
  if (locale.startsWith("fr")) return minute ? `${hour} h ${mm}` : `${hour} h`;
  const twelve = hour % 12 || 12;
  return `${minute ? `${twelve}:${mm}` : twelve} ${hour < 12 ? "am" : "pm"}`;
}

/** The estimate for a download that should end at `readyAt`, seen at `now`. */
export function readyEstimate(
  readyAt: string,
  t: Translate,
  locale: string,
  timeZone: string,
  now: Date = new Date(),
): string {
  const at = parseApiDate(readyAt);
  const minutes = (at.getTime() - now.getTime()) / 60_000;
  if (minutes < 3) return t("idle.ready.moment");
  if (minutes < 55) return t("idle.ready.minutes", { minutes: Math.ceil(minutes / 5) * 5 });
  const when = wallClock(new Date(Math.round(at.getTime() / ROUNDING_MS) * ROUNDING_MS), timeZone);
  const today = wallClock(now, timeZone);
  const time = clock(when, locale);
  const days = when.day - today.day;
  const part = period(when.hour);
  // Two in the morning is "tonight" to the family, not "tomorrow".
  if (days === 0 || (days === 1 && part === "night")) return t(`idle.ready.today.${part}`, { time });
  if (days === 1) return t(`idle.ready.tomorrow.${part}`, { time });
  const day = new Date(when.day * DAY_MS);
  const lang = locale.startsWith("fr") ? "fr-FR" : "en-GB";
  if (days < 7) {
    const weekday = new Intl.DateTimeFormat(lang, { timeZone: "UTC", weekday: "long" }).format(day);
    return t("idle.ready.weekday", { weekday, time });
  }
  const date = new Intl.DateTimeFormat(lang, { timeZone: "UTC", day: "numeric", month: "long" }).format(day);
  return t("idle.ready.later", { date });
}

/** What to say under a title on its way: the estimate when its download knows one, else where it stands. */
export function onItsWayText(
  item: OnItsWay,
  t: Translate,
  locale: string,
  timeZone: string,
  now: Date = new Date(),
): string {
  if (item.ready_at) return readyEstimate(item.ready_at, t, locale, timeZone, now);
  if (item.status === "AWAITING_RELEASE" && item.release_date) {
    return t("idle.releaseDay", { date: formatReleaseDay(item.release_date, locale, now) });
  }
  return t(`idle.stage.${item.status}`);
}
