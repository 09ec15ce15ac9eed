/** A connection test in the family's words: the Test buttons and the first run's summary say it alike. */
import type { ConnectionTest } from "./types";

type Translate = (key: string, named?: Record<string, unknown>) => string;

export type Tone = "ok" | "warn" | "fail";

/** ok when it answered and accepted the credentials, warn when nobody set it up, fail otherwise. */
export function connectionTone(found: ConnectionTest): Tone {
  if (!found.configured) return "warn";
  return found.reachable && found.authenticated ? "ok" : "fail";
}

/** « Connexion réussie — version 1.40 », « Injoignable », … */
export function connectionSummary(t: Translate, found: ConnectionTest): string {
  if (!found.configured) return t("settings.test.notConfigured");
  if (found.reachable && found.authenticated) {
    return found.version ? t("settings.test.okVersion", { version: found.version }) : t("settings.test.ok");
  }
  return found.reachable ? t("settings.test.refused") : t("settings.test.unreachable");
}
