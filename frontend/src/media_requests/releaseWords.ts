import type { Translate } from "@/i18n";
/** The release the worker chose, in the family's words: « 1080p Blu-ray, français + VO, 9,1 Go, 153 sources ».
 * The fields come from the request's stored selection (backend/app/releases/selection.py, finder.py). */

export interface ChosenCopy {
  resolution?: string | null;
  source?: string | null;
  languages?: string[];
  subtitle_languages?: string[];
  size_bytes?: number | null;
  seeders?: number | null;
}

export interface RejectedCopy {
  title: string;
  code: string;
}

export interface SelectionPart {
  part?: string;
  season?: number | null;
  summary?: string;
  chosen?: ChosenCopy | null;
  rejected?: RejectedCopy[];
  rejected_count?: number;
  rejected_by_reason?: { code: string; count: number }[];
}

export interface RejectionGroup {
  code: string;
  count: number;
  // The names kept with the request (the worker keeps the first 200), to show under the group.
  titles: string[];
}

type FormatNumber = (value: number, options: Intl.NumberFormatOptions) => string;

function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code;
  } catch {
    return code; // not a language Intl knows
  }
}

/** "français + VO": the audio languages; MULTi means French plus the original, whatever it is. */
function languagesWords(copy: ChosenCopy, t: Translate, locale: string): string | null {
  const codes = copy.languages ?? [];
  const named = codes.filter((code) => code !== "multi").map((code) => languageName(code, locale));
  if (codes.includes("multi")) {
    if (!named.length) named.push(languageName("fr", locale));
    named.push(t("releaseChoice.original"));
  }
  return named.length ? named.join(" + ") : null;
}

function subtitleWords(copy: ChosenCopy, t: Translate, locale: string): string | null {
  const codes = copy.subtitle_languages ?? [];
  if (!codes.length) return null;
  return t("releaseChoice.subtitles", { list: codes.map((code) => languageName(code, locale)).join(", ") });
}

export function chosenWords(copy: ChosenCopy, t: Translate, n: FormatNumber, locale: string): string {
  const source = copy.source ? t(`steering.source.${copy.source}`, copy.source) : null;
  const quality = [copy.resolution, source].filter(Boolean).join(" ");
  const size = copy.size_bytes
    ? t("steering.size", { size: n(copy.size_bytes / 1e9, { maximumFractionDigits: 1 }) })
    : null;
  const seeders = copy.seeders == null ? null : t("steering.seeders", { count: copy.seeders }, copy.seeders);
  return [quality, languagesWords(copy, t, locale), subtitleWords(copy, t, locale), size, seeders]
    .filter(Boolean)
    .join(", ");
}

/** The set-aside copies by reason, most first, each with the names kept for it. */
export function rejectionGroups(part: SelectionPart): RejectionGroup[] {
  return (part.rejected_by_reason ?? []).map(({ code, count }) => ({
    code,
    count,
    titles: (part.rejected ?? []).filter((copy) => copy.code === code).map((copy) => copy.title),
  }));
}
