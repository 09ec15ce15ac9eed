/** The app's i18n: French by default, English on demand, the choice remembered on this device. */
import { createI18n } from "vue-i18n";
import { setApiLanguage } from "@/api/client";
import en from "./en";
import fr, { type MessageSchema } from "./fr";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_STORAGE_KEY = "plex-kiosk.locale";
export const messages: Record<Locale, MessageSchema> = { fr, en };

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

/** A fresh i18n instance (one per app, one per test mount). */
export function createAppI18n(locale: Locale = savedLocale()) {
  setApiLanguage(locale);
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: "fr",
    messages,
  });
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
