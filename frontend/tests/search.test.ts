import { afterEach, describe, expect, it, vi } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, NETWORK_DOWN, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

async function search(wrapper: VueWrapper, text: string): Promise<void> {
  await wrapper.get("input[type=search]").setValue(text);
  await wrapper.get("form[role=search]").trigger("submit");
  await settle();
}

function cardTexts(wrapper: VueWrapper): string[] {
  return wrapper.findAll(".poster-card").map((card) => card.text());
}

afterEach(() => {
  vi.useRealTimers();
});

describe("search page", () => {
  it("searches by itself once the family stops typing", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const api = new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");

    for (const text of ["r", "rr", "rrr"]) await wrapper.get("input[type=search]").setValue(text);
    await vi.advanceTimersByTimeAsync(400);
    await settle();

    expect(api.callsTo("GET", "/api/v1/search").map((c) => c.query.get("query"))).toEqual(["rrr"]);
    expect(wrapper.findAll(".poster-card")).toHaveLength(1);
  });

  it("adds the next page under the first when asked for more", async () => {
    const firstOfTwo = withBody(recorded.searchTv, (body) => ({ ...body, total_pages: 2 }));
    const second = withBody(recorded.searchMovie, (body) => ({ ...body, page: 2, total_pages: 2 }));
    const api = new FakeApi().on("GET", "/api/v1/search", firstOfTwo, second).install();
    const { wrapper } = await mountApp("/");
    await search(wrapper, "game");

    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Plus de résultats")!
      .trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/search")[1]!.query.get("page")).toBe("2");
    expect(wrapper.findAll(".poster-title").map((t) => t.text())).toEqual([
      "Game of Thrones",
      "Game of Thrones: The Iron Anniversary",
      "RRRrrrr!!!",
    ]);
    expect(wrapper.findAll("button").map((b) => b.text())).not.toContain("Plus de résultats");
  });

  it("shows films as poster cards with title, year and a Film badge", async () => {
    const api = new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");

    await search(wrapper, "rrrrrrr");

    expect(cardTexts(wrapper)).toEqual([expect.stringContaining("RRRrrrr!!!")]);
    const card = wrapper.get(".poster-card");
    expect(card.text()).toContain("2004");
    expect(card.get(".media-type-badge").text()).toBe("Film");
    expect(card.get("img").attributes("src")).toBe(recorded.searchMovie.body.results[0]!.poster_url);
    const query = api.callsTo("GET", "/api/v1/search")[0]!.query;
    expect(query.get("query")).toBe("rrrrrrr");
    expect(query.get("media_type")).toBe("movie");
  });

  it("searches shows when the family picks Séries, and marks what is already requested", async () => {
    const api = new FakeApi().on("GET", "/api/v1/search", recorded.searchTvRequested).install();
    const { wrapper } = await mountApp("/");
    await wrapper.get("input[type=search]").setValue("dragon");

    await wrapper
      .findAll(".chip")
      .find((chip) => chip.text() === "Séries")!
      .trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/search")[0]!.query.get("media_type")).toBe("tv");
    const card = wrapper.get(".poster-card");
    expect(card.text()).toContain("House of the Dragon");
    expect(card.get(".media-type-badge").text()).toBe("Série");
    expect(card.get(".status-badge").text()).toBe("En attente");
  });

  it("says Déjà dans Plex on titles Plex already has", async () => {
    new FakeApi()
      .on(
        "GET",
        "/api/v1/search",
        withBody(recorded.searchMovie, (body) => {
          body.results[0]!.in_plex = true;
          return body;
        }),
      )
      .install();
    const { wrapper } = await mountApp("/");

    await search(wrapper, "rrrrrrr");

    expect(wrapper.get(".poster-card").text()).toContain("Déjà dans Plex");
  });

  it("shows the server's message plainly when TMDB is not set up", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchUnconfigured).install();
    const { wrapper } = await mountApp("/");

    await search(wrapper, "amelie");

    expect(wrapper.get("[role=alert]").text()).toBe(
      "Search is not set up yet: an admin must enter a TMDB API key in Settings.",
    );
    expect(wrapper.findAll(".poster-card")).toHaveLength(0);
  });

  it("keeps the results and the query when the server stops answering", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie, NETWORK_DOWN).install();
    const { wrapper } = await mountApp("/");
    await search(wrapper, "rrrrrrr");

    await search(wrapper, "rrrrrrr!");

    expect(wrapper.text()).toContain("Le serveur ne répond pas");
    expect(cardTexts(wrapper)).toEqual([expect.stringContaining("RRRrrrr!!!")]);
    expect((wrapper.get("input[type=search]").element as HTMLInputElement).value).toBe("rrrrrrr!");
  });

  it("offers to look in the shows when no film matches", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", { status: 200, body: { results: [], page: 1, total_pages: 0 } })
      .install();
    const { wrapper } = await mountApp("/");

    await search(wrapper, "zzzz");
    expect(wrapper.text()).toContain("Aucun résultat pour « zzzz ».");
    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Chercher dans les séries")!
      .trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/search")[1]!.query.get("media_type")).toBe("tv");
  });
});
