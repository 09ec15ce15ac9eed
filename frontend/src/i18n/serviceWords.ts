/** What the services answered the parents' checks, in the family's words (decision 0024): the Test buttons
 * and the first run's summary (a connection test's `code` and `params`, backend/app/settings/integrations/
 * probe.py), a test notification (`code`, notifications/delivery.py) and the Plex sync runs (`details.why`,
 * library/sync.py). The services' own English stays a technical detail under the sentence.
 *
 * The words are the parents' pages' `services` section (i18n/parents/); this module picks the sentence a
 * code and its facts call for (a variant naming the address or the HTTP status) and names the service. */
import parentsEn from "./parents/en";
import parentsFr, { type ParentsWords } from "./parents/fr";

type ServiceWords = ParentsWords["services"];

const WORDS: Record<string, ServiceWords> = { fr: parentsFr.services, en: parentsEn.services };

type Params = Record<string, unknown>;

function words(locale: string): ServiceWords {
  return WORDS[locale] ?? parentsFr.services;
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    return typeof value === "string" || typeof value === "number" ? String(value) : "";
  });
}

function capitalized(words: string): string {
  return words.charAt(0).toLocaleUpperCase() + words.slice(1);
}

/** « l'indexeur Ygg », « TMDB », « qBittorrent »: a service as the server names it, inside a sentence (our
 * own words for it capitalized when they open the sentence; a service's own name never is). */
export function serviceName(service: unknown, locale: string, opening = false): string {
  const names = words(locale).names;
  const name = typeof service === "string" ? service : "";
  const indexer = /^indexer (.+)$/.exec(name);
  let ours: string | null = null;
  if (indexer) ours = fill(names.indexer, { name: indexer[1] });
  else if (name === "indexers" || name === "Torznab indexers") ours = names.indexers;
  else if (name === "torznab") ours = names.torznab;
  else if (name.toLowerCase() === "tmdb") ours = names.tmdb;
  if (ours === null) return name;
  return opening ? capitalized(ours) : ours;
}

/** The sentence for a check's `code` (a variant naming the HTTP status or the address when they are
 * known), or null for a code this kiosk has no words for. */
export function checkText(code: string | null | undefined, params: Params, locale: string): string | null {
  const sentences = words(locale).check as Record<string, string>;
  if (!code || !(code in sentences)) return null;
  const variant: string =
    (params.status !== undefined ? sentences[`${code}_status`] : undefined) ??
    (params.address ? sentences[`${code}_address`] : undefined) ??
    (code === "ok" && params.version ? sentences.ok_version : undefined) ??
    sentences[code]!;
  const opening = variant.startsWith("{service}");
  return fill(variant, { ...params, service: serviceName(params.service, locale, opening) });
}

/** Why a test notification did not go, or null for a code this kiosk has no words for. */
export function deliveryText(code: string | null | undefined, locale: string): string | null {
  const sentences = words(locale).delivery as Record<string, string>;
  return code && code in sentences ? sentences[code]! : null;
}

/** Why a Plex sync failed or was skipped (its details' `why`), or null when it says none. */
export function syncText(details: Params | null | undefined, locale: string): string | null {
  const why = typeof details?.why === "string" ? details.why : null;
  if (!why) return null;
  const sentences = words(locale).sync as Record<string, string>;
  return why in sentences ? sentences[why]! : checkText(why, details ?? {}, locale);
}

/** « Détail technique : … »: the service's own English, under the sentence. */
export function technicalDetail(detail: string, locale: string): string {
  return fill(words(locale).technical, { detail });
}
