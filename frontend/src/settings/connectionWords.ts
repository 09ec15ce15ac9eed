/** A connection test in the family's words: the Test buttons and the first run's summary say it alike, from
 * the server's `code` and `params` (i18n/serviceWords.ts); the service's English is only a technical detail. */
import { checkText, technicalDetail } from "@/i18n/serviceWords";
import type { ConnectionTest } from "./types";

export type Tone = "ok" | "warn" | "fail";

/** ok when it answered and accepted the credentials, warn when nobody set it up, fail otherwise. */
export function connectionTone(found: ConnectionTest): Tone {
  if (!found.configured) return "warn";
  return found.reachable && found.authenticated ? "ok" : "fail";
}

/** The code a result without one is worded by (what its flags say). */
function flagsCode(found: ConnectionTest): string {
  if (!found.configured) return "not_set_up";
  if (found.reachable && found.authenticated) return "ok";
  return found.reachable ? "service_refused" : "service_failed";
}

/** « Connexion réussie — version 1.40 », « Plex est injoignable à l'adresse 192.168.1.10:32400 : … », … */
export function connectionSummary(found: ConnectionTest, locale: string): string {
  const params = { service: found.service, ...(found.params ?? {}) } as Record<string, unknown>;
  if (found.version && params.version === undefined) params.version = found.version;
  return (
    checkText(found.code, params, locale) ?? checkText(flagsCode(found), params, locale) ?? found.message
  );
}

/** « Détail technique : reachable, not authenticated: the token was refused » (null when it went well). */
export function connectionDetail(found: ConnectionTest, locale: string): string | null {
  return connectionTone(found) === "fail" && found.message ? technicalDetail(found.message, locale) : null;
}
