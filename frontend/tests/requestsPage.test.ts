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

  it("filters by status with the chips", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listAll, recorded.listCancelled)
      .install();
    const { wrapper } = await mountApp("/requests");

    await wrapper.get('.status-filter .chip[data-status="CANCELLED"]').trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/requests")[1]!.query.getAll("status")).toEqual(["CANCELLED"]);
    expect(rows(wrapper)).toEqual([["RRRrrrr!!!", "Annulée"]]);
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
