/** The words a screen uses in `locale` (its i18n translate and number format), for testing the modules that
 * word codes (timelineWords, errorWords…) without mounting a component. */
import { createAppI18n, loadLocale, type Locale } from "@/i18n";

export async function wording(locale: Locale) {
  await loadLocale(locale);
  const { global } = createAppI18n(locale);
  const t = global.t as never;
  const n = (value: number, options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(locale, options).format(value);
  return { t, n, locale };
}
