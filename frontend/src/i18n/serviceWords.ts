/** What the services answered the parents' checks, in the family's words (decision 0024): the Test buttons
 * and the first run's summary (a connection test's `code` and `params`, backend/app/settings/integrations/
 * probe.py), a test notification (`code`, notifications/delivery.py) and the Plex sync runs (`details.why`,
 * library/sync.py). The services' own English stays a technical detail under the sentence.
 *
 * Both languages live here rather than in fr.ts and en.ts: only parents' screens (lazily loaded) import this
 * module, so its words stay out of the kiosk's first download (its JavaScript budget, benchmarks/
 * kiosk_budgets.py). `en` has the same shape as `fr` (the type says so). */

const fr = {
  // How a service is named inside a sentence (the server says « indexer Ygg », « tmdb »…).
  names: {
    indexer: "l'indexeur {name}",
    indexers: "les indexeurs",
    torznab: "l'indexeur",
    tmdb: "TMDB",
  },
  check: {
    ok: "Connexion réussie.",
    ok_version: "Connexion réussie — version {version}.",
    not_set_up: "Pas encore configuré.",
    no_answer: "{service} n'a pas répondu en {seconds} s : vérifiez qu'il est démarré.",
    no_answer_address:
      "{service} n'a pas répondu en {seconds} s à l'adresse {address} : vérifiez qu'il est démarré.",
    service_failed: "{service} est injoignable : vérifiez qu'il est démarré et que l'adresse est la bonne.",
    service_failed_address:
      "{service} est injoignable à l'adresse {address} : vérifiez qu'il est démarré et que l'adresse est la bonne.",
    service_failed_status: "{service} répond par une erreur (HTTP {status}) : réessayez dans un moment.",
    service_refused: "{service} est joignable, mais refuse les identifiants : vérifiez-les.",
    service_refused_status:
      "{service} est joignable, mais refuse les identifiants (HTTP {status}) : vérifiez-les.",
    service_error: "{service} répond, mais sa réponse est inutilisable : vérifiez l'adresse.",
    service_error_status: "{service} refuse la demande (HTTP {status}) : vérifiez l'adresse.",
    unexpected: "Le test de {service} a échoué de façon inattendue ; le détail est dans le journal.",
  },
  // A test notification that did not go (the server's `code`).
  delivery: {
    not_a_target: "adresse de notification non reconnue",
    service_failed: "le service a refusé le message ou était injoignable",
    unexpected: "erreur inattendue, notée dans le journal",
  },
  // Why a Plex sync stopped or was skipped (a service's failure is worded like a check's).
  sync: {
    not_set_up: "Plex n'est pas encore configuré.",
    already_running: "Une autre synchronisation était déjà en cours.",
    superseded: "Une synchronisation complète a pris le relais.",
    lease_lost: "La synchronisation s'est bloquée trop longtemps et a été arrêtée.",
    worker_lost: "Interrompue : le processus qui la faisait s'est arrêté.",
    unexpected: "Erreur inattendue, notée dans le journal.",
  },
  technical: "Détail technique : {detail}",
};

export type ServiceWords = typeof fr;

const en: ServiceWords = {
  names: {
    indexer: "the indexer {name}",
    indexers: "the indexers",
    torznab: "the indexer",
    tmdb: "TMDB",
  },
  check: {
    ok: "Connected.",
    ok_version: "Connected — version {version}.",
    not_set_up: "Not set up yet.",
    no_answer: "{service} did not answer within {seconds} s: check that it is running.",
    no_answer_address: "{service} did not answer within {seconds} s at {address}: check that it is running.",
    service_failed: "{service} cannot be reached: check that it is running and that the address is right.",
    service_failed_address:
      "{service} cannot be reached at {address}: check that it is running and that the address is right.",
    service_failed_status: "{service} answers with an error (HTTP {status}): try again in a moment.",
    service_refused: "{service} can be reached but refuses the credentials: check them.",
    service_refused_status:
      "{service} can be reached but refuses the credentials (HTTP {status}): check them.",
    service_error: "{service} answers, but its answer cannot be used: check the address.",
    service_error_status: "{service} refuses the request (HTTP {status}): check the address.",
    unexpected: "Testing {service} failed unexpectedly; the details are in the log.",
  },
  delivery: {
    not_a_target: "not a notification address it understands",
    service_failed: "the service refused the message or could not be reached",
    unexpected: "unexpected error, written to the log",
  },
  sync: {
    not_set_up: "Plex is not set up yet.",
    already_running: "Another sync was already running.",
    superseded: "A full sync took over.",
    lease_lost: "The sync stalled for too long and was stopped.",
    worker_lost: "Interrupted: the process running it stopped.",
    unexpected: "Unexpected error, written to the log.",
  },
  technical: "Technical detail: {detail}",
};

const WORDS: Record<string, ServiceWords> = { fr, en };

type Params = Record<string, unknown>;

function words(locale: string): ServiceWords {
  return WORDS[locale] ?? fr;
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
