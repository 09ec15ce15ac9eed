import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { toasts } from "@/ui/toasts";
import { FakeApi } from "./support/fakeApi";
import { libraryRecorded as recorded } from "./support/libraryRecorded";
import { mountApp, settle } from "./support/mountApp";

const LIBRARY = "/api/v1/library";
const RUNS = "/api/v1/library/sync-runs";

function titles(wrapper: VueWrapper): string[] {
  return wrapper.findAll(".library-title").map((title) => title.text());
}

async function search(wrapper: VueWrapper, text: string): Promise<void> {
  await wrapper.get(".library-input").setValue(text);
  await wrapper.get(".library-search").trigger("submit");
  await settle();
}

describe("library page", () => {
  it("lists what Plex has, newest first, and adds the next page when asked", async () => {
    const api = new FakeApi().on("GET", LIBRARY, recorded.recent, recorded.recentPage2).install();
    const { wrapper } = await mountApp("/library");

    expect(wrapper.get("h1").text()).toBe("Ajouté récemment dans Plex");
    expect(titles(wrapper).slice(0, 4)).toEqual([
      "<Untitled> 29",
      "Night 28",
      "Tom & Jerry's 27",
      "Amélie 26",
    ]);
    expect(wrapper.get(".library-row").text()).toContain("Films");
    expect(wrapper.get(".library-row").text()).toContain("ajouté il y a");

    await wrapper.get("button.wide").trigger("click");
    await settle();

    expect(titles(wrapper)).toHaveLength(33);
    expect(titles(wrapper).slice(-2)).toEqual(["Les Revenants & Co 0", "Crimson 0"]);
    expect(wrapper.find("button.wide").exists()).toBe(false);
    const pages = api
      .callsTo("GET", LIBRARY)
      .map((call) => [call.query.get("page"), call.query.get("page_size")]);
    expect(pages).toEqual([
      ["1", "24"],
      ["2", "24"],
    ]);
  });

  it("searches titles and says when nothing matches", async () => {
    const api = new FakeApi()
      .on("GET", LIBRARY, recorded.recent, recorded.searchTide, recorded.searchNothing)
      .install();
    const { wrapper } = await mountApp("/library");

    await search(wrapper, "tide");
    expect(wrapper.get("h1").text()).toBe("Dans Plex : « tide »");
    expect(titles(wrapper)).toEqual(["Tide 25", "Tide 17", "Tide 9", "Tide 1"]);
    expect(api.callsTo("GET", LIBRARY)[1]!.query.get("query")).toBe("tide");

    await search(wrapper, "zzz");
    expect(titles(wrapper)).toEqual([]);
    expect(wrapper.get(".library-empty").text()).toBe("Rien dans Plex pour « zzz ».");
  });

  it("shows only the shows with the chip", async () => {
    const api = new FakeApi().on("GET", LIBRARY, recorded.recent, recorded.shows).install();
    const { wrapper } = await mountApp("/library");

    const chip = wrapper.findAll(".library-kinds .chip").find((c) => c.text() === "Séries")!;
    await chip.trigger("click");
    await settle();

    expect(api.callsTo("GET", LIBRARY)[1]!.query.getAll("type")).toEqual(["show"]);
    expect(titles(wrapper)).toEqual(["Show 2", "Show 1", "Les Revenants & Co 0"]);
  });

  it("is one tap away in the top bar", async () => {
    new FakeApi().on("GET", LIBRARY, recorded.recent).install();
    const { wrapper } = await mountApp("/library");
    const link = wrapper.findAll(".main-nav a").find((a) => a.text() === "Dans Plex");
    expect(link?.attributes("href")).toMatch(/\/library$/);
  });
});

describe("plex sync runs (parents)", () => {
  it("lists the runs and starts a full sync", async () => {
    const api = new FakeApi()
      .on("GET", RUNS, recorded.syncRuns)
      .on("POST", "/api/v1/library/sync", recorded.syncFullQueued)
      .install();
    const { wrapper } = await mountApp("/admin/library-sync");

    const cells = wrapper
      .findAll(".sync-runs tbody tr")[0]!
      .findAll("td")
      .map((td) => td.text());
    expect(cells.slice(1)).toEqual(["Complète", "Réussie", "42", "0", "0", "0.2 s"]);

    await wrapper.get("button.start-full").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/library/sync")[0]!.body).toEqual({ full: true });
    expect(toasts.map((toast) => toast.message)).toEqual(["Synchronisation complète lancée."]);
    expect(api.callsTo("GET", RUNS)).toHaveLength(2);
  });
});
