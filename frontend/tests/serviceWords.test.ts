import { describe, expect, it } from "vitest";
import fr from "@/i18n/fr";
import { checkText, deliveryText, syncText, technicalDetail } from "@/i18n/serviceWords";
import { connectionDetail, connectionSummary } from "@/settings/connectionWords";
import type { ConnectionTest } from "@/settings/types";

// What the server answers a Test button (backend/app/settings/integrations/probe.py): a code and its facts,
// and its English `message` for the doctor and the logs.
function tested(code: string, params: Record<string, string | number>, message = ""): ConnectionTest {
  const ok = code === "ok";
  return {
    service: String(params.service),
    configured: code !== "not_set_up",
    reachable: ok || code === "service_refused" || code === "service_error",
    authenticated: ok,
    version: null,
    code,
    params,
    message,
  };
}

describe("a connection test in the parents' words", () => {
  it("says in French why a stopped or refusing service failed, with its address or HTTP status", () => {
    const stopped = tested(
      "service_failed",
      { service: "qBittorrent", address: "192.168.1.10:8080" },
      "unreachable: login: cannot reach qBittorrent (ConnectError)",
    );
    expect(connectionSummary(stopped, "fr")).toBe(
      "qBittorrent est injoignable à l'adresse 192.168.1.10:8080 : vérifiez qu'il est démarré et que l'adresse est la bonne.",
    );
    expect(connectionDetail(stopped, "fr")).toBe(
      "Détail technique : unreachable: login: cannot reach qBittorrent (ConnectError)",
    );
    expect(checkText("service_refused", { service: "indexer Ygg", status: 401 }, "fr")).toBe(
      "L'indexeur Ygg est joignable, mais refuse les identifiants (HTTP 401) : vérifiez-les.",
    );
    expect(checkText("service_failed", { service: "TMDB", status: 503 }, "fr")).toBe(
      "TMDB répond par une erreur (HTTP 503) : réessayez dans un moment.",
    );
    expect(checkText("no_answer", { service: "Plex", seconds: 10 }, "fr")).toBe(
      "Plex n'a pas répondu en 10 s : vérifiez qu'il est démarré.",
    );
    expect(checkText("unexpected", { service: "Plex" }, "fr")).toBe(
      "Le test de Plex a échoué de façon inattendue ; le détail est dans le journal.",
    );
  });

  it("says it in English on an English screen", () => {
    const stopped = tested("service_failed", { service: "Plex", address: "plex.local:32400" }, "unreachable");
    expect(connectionSummary(stopped, "en")).toBe(
      "Plex cannot be reached at plex.local:32400: check that it is running and that the address is right.",
    );
    expect(connectionDetail(stopped, "en")).toBe("Technical detail: unreachable");
    expect(checkText("service_error", { service: "indexer Ygg", status: 404 }, "en")).toBe(
      "The indexer Ygg refuses the request (HTTP 404): check the address.",
    );
    expect(checkText("ok", { service: "Plex", version: "1.40" }, "en")).toBe("Connected — version 1.40.");
    expect(checkText("not_set_up", { service: "TMDB" }, "en")).toBe("Not set up yet.");
  });

  it("words a result without a code from its flags, and shows no detail when it went well", () => {
    const old = { ...tested("service_failed", { service: "Plex" }, "unreachable: boom"), code: "" };
    expect(connectionSummary(old, "fr")).toBe(
      "Plex est injoignable : vérifiez qu'il est démarré et que l'adresse est la bonne.",
    );
    const ok = { ...tested("ok", { service: "Plex" }, "reachable, authenticated"), version: "1.40" };
    expect(connectionSummary(ok, "fr")).toBe("Connexion réussie — version 1.40.");
    expect(connectionDetail(ok, "fr")).toBeNull();
  });
});

describe("a test notification and a Plex sync in the parents' words", () => {
  it("says why a notification did not go, in French and English", () => {
    expect(deliveryText("service_failed", "fr")).toBe("le service a refusé le message ou était injoignable");
    expect(deliveryText("not_a_target", "en")).toBe("not a notification address it understands");
    expect(deliveryText("something_new", "fr")).toBeNull();
  });

  it("says why a sync failed or was skipped, a service's failure like a check's", () => {
    expect(syncText({ why: "service_failed", service: "Plex" }, "fr")).toBe(
      "Plex est injoignable : vérifiez qu'il est démarré et que l'adresse est la bonne.",
    );
    expect(syncText({ why: "not_set_up" }, "en")).toBe("Plex is not set up yet.");
    expect(syncText({ why: "already_running" }, "fr")).toBe("Une autre synchronisation était déjà en cours.");
    expect(syncText({ sections: [] }, "fr")).toBeNull();
    expect(technicalDetail("Plex: HTTP 503", "en")).toBe("Technical detail: Plex: HTTP 503");
  });

  it("keeps these words out of the first download's dictionary", () => {
    expect(JSON.stringify(fr)).not.toContain("Détail technique");
  });
});
