/** The app's i18n: French by default, English on demand, the choice remembered on this device. */
import { createI18n } from "vue-i18n";
import { setApiLanguage } from "@/api/client";
import fr, { type KioskWords, type MessageSchema } from "./fr";
import type { ParentsWords } from "./parents/fr";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_STORAGE_KEY = "plex-kiosk.locale";

type AppI18n = ReturnType<typeof createAppI18n>;

// French ships in the first download; English (~9 KB gzipped) is fetched the first time it is needed, and the
// parents' pages' words (~4 KB) with the first parents' page, which keeps the kiosk's first load within its
// JavaScript budget (benchmarks/kiosk_budgets.py).
const loaded: Partial<Record<Locale, KioskWords>> = { fr };
const loaders: Record<Locale, () => Promise<KioskWords>> = {
  fr: () => Promise.resolve(fr),
  en: async () => (await import("./en")).default,
};
const parentsLoaded: Partial<Record<Locale, ParentsWords>> = {};
const parentsLoaders: Record<Locale, () => Promise<ParentsWords>> = {
  fr: async () => (await import("./parents/fr")).default,
  en: async () => (await import("./parents/en")).default,
};
// Once a parents' page was shown, a language switched to brings the parents' words too.
let parentsWanted = false;

/** Every word fetched so far in `locale`, or undefined before its kiosk words are. */
function messagesOf(locale: Locale): MessageSchema | undefined {
  const kiosk = loaded[locale];
  return kiosk && ({ ...kiosk, ...parentsLoaded[locale] } as MessageSchema);
}
/** A translate function as the modules that word codes take it: the app's `t`, or a test's. */
export type Translate = (key: string, ...rest: unknown[]) => string;

// The app's i18n instance, so a language fetched later reaches the screens that are already showing.
let current: AppI18n | null = null;

function isLocale(value: unknown): value is Locale {
  return LOCALES.includes(value as Locale);
}

/** The language chosen earlier on this device, else French. */
export function savedLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY);
    return isLocale(stored) ? stored : "fr";
  } catch {
    // Private browsing or storage disabled: the kiosk still works, in French.
    return "fr";
  }
}

/** Fetch a language's texts once (before the app starts in it, or the first time someone picks it). */
export async function loadLocale(locale: Locale): Promise<void> {
  loaded[locale] ??= await loaders[locale]();
  if (parentsWanted) parentsLoaded[locale] ??= await parentsLoaders[locale]();
}

/** Fetch the parents' pages' words (once) in every language fetched so far, before a parents' page shows. */
export async function loadParentsWords(): Promise<void> {
  parentsWanted = true;
  const missing = LOCALES.filter((code) => loaded[code] && !parentsLoaded[code]);
  await Promise.all(
    missing.map(async (code) => {
      parentsLoaded[code] = await parentsLoaders[code]();
    }),
  );
  for (const code of missing) {
    const messages = messagesOf(code);
    if (current && messages) current.global.setLocaleMessage(code, messages);
  }
}

/** A fresh i18n instance (one per app, one per test mount), with every language fetched so far. */
export function createAppI18n(locale: Locale = savedLocale()) {
  setApiLanguage(locale);
  const i18n = createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: "fr",
    messages: Object.fromEntries(LOCALES.map((code) => [code, messagesOf(code)]).filter(([, m]) => m)),
  });
  current = i18n;
  return i18n;
}

/** The app's translate function and language, for words made outside a component (a refusal in a toast);
 * null before the app has its i18n. */
export function currentWords(): { t: Translate; locale: string } | null {
  if (!current) return null;
  const global = current.global;
  return {
    t: (key, ...rest) => (global.t as (k: string, ...r: unknown[]) => string)(key, ...rest),
    locale: global.locale.value,
  };
}

/** Show the app in `next` (fetching its texts the first time), and remember it; at once when already fetched. */
export function switchLocale(next: Locale): Promise<void> {
  const apply = (): void => {
    const messages = messagesOf(next);
    if (current && messages) {
      current.global.setLocaleMessage(next, messages);
      current.global.locale.value = next;
    }
    rememberLocale(next);
  };
  if (loaded[next] && (!parentsWanted || parentsLoaded[next])) {
    apply();
    return Promise.resolve();
  }
  return loadLocale(next).then(apply);
}

/** Remember the language chosen on this device and use it for API texts and the page's `lang`. */
export function rememberLocale(locale: Locale): void {
  setApiLanguage(locale);
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered, but switched: better than refusing.
  }
}
