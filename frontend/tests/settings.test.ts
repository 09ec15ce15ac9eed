import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { toasts } from "@/ui/toasts";
import { FakeApi } from "./support/fakeApi";
import { settle } from "./support/mountApp";
import { mountSettings, settingsRecorded as recorded } from "./support/settingsRecorded";

const PLEX = "/api/v1/settings/plex";

async function click(wrapper: VueWrapper, selector: string, text?: string): Promise<void> {
  const buttons = wrapper.findAll(selector).filter((b) => text === undefined || b.text() === text);
  expect(buttons, `a ${selector} reading ${text}`).not.toHaveLength(0);
  await buttons[0]!.trigger("click");
  await settle();
}

async function submit(wrapper: VueWrapper, form = "form"): Promise<void> {
  await wrapper.get(form).trigger("submit");
  await settle();
}

describe("settings page", () => {
  it("opens the section named in the address, Plex for an unknown one, and moves between sections", async () => {
    new FakeApi()
      .on("GET", PLEX, recorded.plexUnset)
      .on("GET", "/api/v1/settings/tmdb", recorded.tmdbUnset)
      .install();
    const { wrapper, router } = await mountSettings("/admin/settings/nowhere");
    expect(wrapper.get("h2").text()).toBe("Plex");
    expect(wrapper.findAll(".section-link").map((l) => l.text())).toEqual([
      "Plex",
      "qBittorrent",
      "Indexeurs",
      "TMDB",
      "Dossiers",
      "Notifications",
      "Recherche et téléchargements",
      "Profils de qualité",
    ]);

    await router.push("/admin/settings/tmdb");
    await settle();
    expect(wrapper.get("h2").text()).toBe("TMDB");
    expect((wrapper.get("#tmdb-language").element as HTMLInputElement).value).toBe("fr-FR");
  });
});

describe("secrets", () => {
  it("shows a saved token as saved, never asks for it again, and leaves it out of the next save", async () => {
    const api = new FakeApi().on("GET", PLEX, recorded.plexPut).on("PUT", PLEX, recorded.plexPut).install();
    const { wrapper } = await mountSettings("/admin/settings/plex");

    expect(wrapper.get(".secret-field").text()).toContain("Enregistré");
    expect(wrapper.find("#plex-token").element.tagName).toBe("BUTTON");
    expect(wrapper.findAll("input[type=password]")).toHaveLength(0);

    await wrapper.get("#plex-url").setValue("http://plex.maison:32400");
    await submit(wrapper);
    const sent = api.callsTo("PUT", PLEX)[0]!.body as Record<string, unknown>;
    expect(sent).toEqual({ url: "http://plex.maison:32400", path_mappings: [] });
    expect(toasts.map((toast) => toast.message)).toEqual(["Réglages enregistrés."]);
  });

  it("sends a new token once the admin chooses to change it, and can go back to the saved one", async () => {
    const api = new FakeApi().on("GET", PLEX, recorded.plexPut).on("PUT", PLEX, recorded.plexPut).install();
    const { wrapper } = await mountSettings("/admin/settings/plex");

    await click(wrapper, "#plex-token");
    await wrapper.get("#plex-token").setValue("new-plex-token");
    await submit(wrapper);
    expect((api.callsTo("PUT", PLEX)[0]!.body as { token: string }).token).toBe("new-plex-token");

    await click(wrapper, "#plex-token");
    await click(wrapper, ".secret-edit button", "Garder l'actuel");
    await submit(wrapper);
    expect(api.callsTo("PUT", PLEX)[1]!.body).not.toHaveProperty("token");
  });
});

describe("a service form", () => {
  it("shows the server's reason under the field it refused", async () => {
    new FakeApi().on("GET", PLEX, recorded.plexUnset).on("PUT", PLEX, recorded.plexPut422).install();
    const { wrapper } = await mountSettings("/admin/settings/plex");
    await wrapper.get("#plex-url").setValue("plex.lan");
    await submit(wrapper);

    expect(wrapper.get(".field-error").text()).toBe(
      "must be an http:// or https:// address, e.g. http://192.168.1.10:32400",
    );
  });

  it("tests the connection with what is on screen and says what the service answered", async () => {
    const api = new FakeApi()
      .on("GET", PLEX, recorded.plexPut)
      .on("POST", `${PLEX}/test`, recorded.plexTestOk, recorded.plexTestRefused, recorded.plexTestUnset)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/plex");

    await click(wrapper, ".test-button");
    expect(wrapper.get(".test-result").classes()).toContain("ok");
    expect(wrapper.get(".test-result").text()).toBe("Connexion réussie — version 1.40.1.8227-c0dd5a73e.");
    expect(api.callsTo("POST", `${PLEX}/test`)[0]!.body).toEqual({
      url: recorded.plexPut.body.url,
      path_mappings: [],
    });

    await click(wrapper, ".test-button");
    expect(wrapper.get(".test-result").classes()).toContain("fail");
    // The server's code in the family's words; the service's English only as a technical detail.
    expect(wrapper.get(".test-result strong").text()).toBe(
      "Plex est joignable, mais refuse les identifiants : vérifiez-les.",
    );
    expect(wrapper.get(".test-detail").text()).toBe(
      "Détail technique : reachable, not authenticated: the token was refused; sign in to Plex again in the settings",
    );

    await click(wrapper, ".test-button");
    expect(wrapper.get(".test-result strong").text()).toBe("Pas encore configuré.");
  });

  it("keeps the folder mappings the admin adds and removes", async () => {
    const api = new FakeApi().on("GET", PLEX, recorded.plexPut).on("PUT", PLEX, recorded.plexPut).install();
    const { wrapper } = await mountSettings("/admin/settings/plex");
    await click(wrapper, ".add-mapping");
    await click(wrapper, ".add-mapping");
    const inputs = wrapper.findAll(".mapping-row input");
    await inputs[0]!.setValue("/data/media");
    await inputs[1]!.setValue("/srv/media");
    await click(wrapper, ".mapping-row button");
    await submit(wrapper);
    expect((api.callsTo("PUT", PLEX)[0]!.body as { path_mappings: unknown }).path_mappings).toEqual([
      { plex_path: "", local_path: "" },
    ]);
  });

  it("says in English when the admin reads English", async () => {
    new FakeApi()
      .on("GET", "/api/v1/settings/tmdb", recorded.tmdbUnset)
      .on("PUT", "/api/v1/settings/tmdb", recorded.tmdbPut422)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/tmdb", "en");
    expect(wrapper.get("h1").text()).toBe("Settings");
    await submit(wrapper);
    expect(wrapper.get(".field-error").text()).toBe("TMDB needs an API key (v3) or a read access token (v4)");
  });
});

describe("indexers", () => {
  it("tests a new indexer before adding it, then lists it with its key saved", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/settings/indexers", recorded.indexersEmpty)
      .on("POST", "/api/v1/settings/indexers/test", recorded.indexerTestNew)
      .on("POST", "/api/v1/settings/indexers", recorded.indexerAdd)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/indexers");
    expect(wrapper.text()).toContain("Aucun indexeur pour l'instant.");

    await click(wrapper, ".add-indexer");
    await wrapper.get("#indexer-new-name").setValue("Ygg");
    await wrapper.get("#indexer-new-url").setValue("http://127.0.0.1:9117/api");
    await wrapper.get("#indexer-new-api-key").setValue("simkey");
    await wrapper.get("#indexer-new-categories").setValue("2000, 5000 abc");
    await click(wrapper, ".indexer-card .test-button");
    expect(wrapper.get(".test-result").text()).toBe("Connexion réussie — version Jackett.");

    await submit(wrapper, ".indexer-card");
    expect(api.callsTo("POST", "/api/v1/settings/indexers")[0]!.body).toEqual({
      name: "Ygg",
      url: "http://127.0.0.1:9117/api",
      api_key: "simkey",
      categories: [2000, 5000],
      enabled: true,
      flavour: "jackett",
    });
    const card = wrapper.get('.indexer-card[data-indexer="1"]');
    expect(card.get("h3").text()).toBe("Ygg");
    expect(card.get(".secret-field").text()).toContain("Enregistré");
    expect(wrapper.find('.indexer-card[data-indexer="new"]').exists()).toBe(false);
  });

  it("removes an indexer", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/settings/indexers", recorded.indexers)
      .on("DELETE", "/api/v1/settings/indexers/1", { status: 204, body: null })
      .install();
    const { wrapper } = await mountSettings("/admin/settings/indexers");
    await click(wrapper, ".indexer-card .button.danger");
    expect(api.callsTo("DELETE", "/api/v1/settings/indexers/1")).toHaveLength(1);
    expect(wrapper.findAll(".indexer-card")).toHaveLength(0);
  });
});
