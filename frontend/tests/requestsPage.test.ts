import { afterEach, describe, expect, it, vi } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, NETWORK_DOWN, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

function rows(wrapper: VueWrapper): string[][] {
  return wrapper
    .findAll(".request-row")
    .map((row) => [row.get(".request-title").text(), row.get(".status-badge").text()]);
}

const allAvailable = withBody(recorded.listAll, (body) => {
  for (const item of body.items) item.status = "AVAILABLE";
  return body;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("my requests", () => {
  it("lists requests newest first with a translated status badge", async () => {
    const api = new FakeApi().on("GET", "/api/v1/requests", recorded.listAll).install();
    const { wrapper } = await mountApp("/requests");

    expect(rows(wrapper)).toEqual([
      ["House of the Dragon", "En attente"],
      ["Game of Thrones", "En attente"],
      ["RRRrrrr!!!", "En attente"],
    ]);
    expect(wrapper.findAll(".request-row")[1]!.text()).toContain("Saisons 1, 2");
    expect(wrapper.findAll(".request-row")[0]!.attributes("href")).toMatch(/\/requests\/3$/);
    const query = api.callsTo("GET", "/api/v1/requests")[0]!.query;
    expect([query.get("page"), query.get("page_size"), query.getAll("status")]).toEqual(["1", "20", []]);
  });

  it("has four quick filters with their counts, and one tap shows only that one", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listViewInProgress, recorded.listViewInProgress)
      .install();
    const { wrapper } = await mountApp("/requests");

    const chips = () => wrapper.findAll(".view-filter .chip");
    // At most four, named for what a child looks for, never the thirteen statuses.
    expect(chips().map((c) => c.text())).toEqual(["En cours 2", "Prêts 0", "À valider 0", "Problèmes 0"]);
    await chips()[0]!.trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/requests")[1]!.query.get("view")).toBe("in_progress");
    expect(chips()[0]!.attributes("aria-pressed")).toBe("true");
    expect(rows(wrapper).map(([title]) => title)).toEqual(["House of the Dragon", "Game of Thrones"]);
  });

  it("a second tap on the chosen filter shows every request again", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listAll, recorded.listViewInProgress, recorded.listAll)
      .install();
    const { wrapper } = await mountApp("/requests");

    await wrapper.get('.view-filter .chip[data-view="ready"]').trigger("click");
    await settle();
    await wrapper.get('.view-filter .chip[data-view="ready"]').trigger("click");
    await settle();

    const views = api.callsTo("GET", "/api/v1/requests").map((c) => c.query.get("view"));
    expect(views).toEqual([null, "ready", null]);
    expect(wrapper.get('.view-filter .chip[data-view="ready"]').attributes("aria-pressed")).toBe("false");
  });

  it("shows a download's progress as a bar, and a moving bar while it is searched or put in Plex", async () => {
    const moving = withBody(recorded.listAll, (body) => {
      body.items[0]!.status = "DOWNLOADING";
      body.items[0]!.download = {
        fraction: 0.42,
        eta_seconds: 300,
        download_speed: 1_000_000,
        state: "downloading",
        live: true,
        broken: false,
      };
      body.items[1]!.status = "COMPLETED";
      body.items[2]!.status = "AVAILABLE";
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests", moving).install();
    const { wrapper } = await mountApp("/requests");

    const [downloading, completed, available] = wrapper.findAll(".request-row");
    expect(downloading!.get("progress").attributes("value")).toBe("0.42");
    expect(downloading!.get(".request-progress").text()).toBe("42 % · encore 5 min environ");
    // In the library but not yet in Plex: still moving, and not called ready.
    expect(completed!.get("progress").attributes("value")).toBeUndefined();
    expect(completed!.get(".status-badge").text()).toBe("Arrive dans Plex");
    expect(completed!.get(".status-badge").classes()).not.toContain("tone-done");
    expect(available!.find("progress").exists()).toBe(false);
    expect(available!.get(".status-badge").text()).toBe("Disponible");
  });

  it("reads a long history a page at a time", async () => {
    const long = withBody(recorded.listAll, (body) => {
      body.total = 45;
      return body;
    });
    const api = new FakeApi().on("GET", "/api/v1/requests", long, long).install();
    const { wrapper } = await mountApp("/requests");

    const pager = () => wrapper.get(".pager");
    expect(pager().text()).toContain("Page 1 sur 3");
    expect(pager().findAll("button")[0]!.attributes("disabled")).toBeDefined();
    await pager().findAll("button")[1]!.trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/requests")[1]!.query.get("page")).toBe("2");
    expect(pager().text()).toContain("Page 2 sur 3");
    expect(pager().findAll("button")[0]!.attributes("disabled")).toBeUndefined();
  });

  it("says which single episodes a request asks for", async () => {
    const episodes = withBody(recorded.listAll, (body) => {
      body.items[0]!.episodes = { "3": [2, 5], "4": [1] };
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests", episodes).install();
    const { wrapper } = await mountApp("/requests");

    expect(wrapper.get(".request-row").text()).toContain("Saison 3 : épisodes 2, 5");
    expect(wrapper.get(".request-row").text()).toContain("Saison 4 : épisode 1");
  });

  it("says so when nothing has been requested yet", async () => {
    new FakeApi()
      .on("GET", "/api/v1/requests", { status: 200, body: { items: [], total: 0, page: 1, page_size: 20 } })
      .install();
    const { wrapper } = await mountApp("/requests");

    expect(wrapper.text()).toContain("Aucune demande pour l'instant.");
  });

  it("refreshes every 5 seconds while a request is in progress, then stops", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const api = new FakeApi().on("GET", "/api/v1/requests", recorded.listAll, allAvailable).install();
    const { wrapper } = await mountApp("/requests");
    expect(api.callsTo("GET", "/api/v1/requests")).toHaveLength(1);

    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(api.callsTo("GET", "/api/v1/requests")).toHaveLength(2);
    expect(rows(wrapper).map(([, status]) => status)).toEqual(["Disponible", "Disponible", "Disponible"]);

    await vi.advanceTimersByTimeAsync(20000);
    expect(api.callsTo("GET", "/api/v1/requests")).toHaveLength(2);
  });

  it("keeps the list on screen while the server is unreachable, and recovers by itself", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    new FakeApi().on("GET", "/api/v1/requests", recorded.listAll, NETWORK_DOWN, allAvailable).install();
    const { wrapper } = await mountApp("/requests");

    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(wrapper.get(".offline-banner").text()).toBe("Le serveur ne répond pas. Nouvel essai automatique…");
    expect(rows(wrapper)).toHaveLength(3);

    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(wrapper.find(".offline-banner").exists()).toBe(false);
    expect(rows(wrapper)[0]).toEqual(["House of the Dragon", "Disponible"]);
  });
});
