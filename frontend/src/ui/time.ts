/** Dates as the household reads them: Paris time, and "il y a 5 min". */

export const HOUSEHOLD_TIME_ZONE = "Europe/Paris";

/** Parse an API timestamp; one without an offset is UTC (the backend stores UTC). */
export function parseApiDate(value: string): Date {
  const hasZone = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value);
  return new Date(hasZone ? value : `${value}Z`);
}

/** "22 nov. 2026, 00:32" in Paris time. */
export function formatParisTime(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: HOUSEHOLD_TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(parseApiDate(value));
}

/** "21 h 05" in French, "9:05 PM" in English, in Paris time. */
export function formatClock(value: string, locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: HOUSEHOLD_TIME_ZONE,
    hour: "numeric",
    minute: "2-digit",
    hourCycle: locale.startsWith("fr") ? "h23" : "h12",
  }).formatToParts(parseApiDate(value));
  // Intl puts a narrow no-break space before "PM"; the sentence reads with a plain one.
  if (!locale.startsWith("fr")) return parts.map((p) => p.value.replace(/[\u202f\u00a0]/g, " ")).join("");
  const hour = parts.find((p) => p.type === "hour")?.value ?? "";
  const minute = parts.find((p) => p.type === "minute")?.value ?? "";
  return `${Number(hour)} h ${minute}`;
}

/** "vendredi 28 novembre à 14:05" / "Friday 28 November at 14:05", in Paris time. */
export function formatParisDay(value: string, locale: string): string {
  return new Intl.DateTimeFormat(locale.startsWith("fr") ? "fr-FR" : "en-GB", {
    timeZone: HOUSEHOLD_TIME_ZONE,
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(parseApiDate(value));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "il y a 5 min" / "5 min ago", relative to `now`. */
export function formatRelative(value: string, locale: string, now: Date = new Date()): string {
  const seconds = Math.round((parseApiDate(value).getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      // Under ten seconds reads better as "maintenant" than as a count.
      if (unit === "second" && Math.abs(seconds) < 10) return format.format(0, "second");
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, "second");
}

/** "18 avril 2011" for a calendar date from the API ("2011-04-18"), whatever the time zone. */
export function formatDay(value: string, locale: string): string {
  // A date without a time is the same day everywhere: read and write it in UTC so it never shifts.
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "long" }).format(
    new Date(`${value.slice(0, 10)}T00:00:00Z`),
  );
}
