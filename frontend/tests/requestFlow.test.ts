import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, NETWORK_DOWN, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

async function openFirstResult(wrapper: VueWrapper, text: string, kind: "Films" | "Séries" = "Films") {
  await wrapper.get("input[type=search]").setValue(text);
  await wrapper
    .findAll(".chip")
    .find((chip) => chip.text() === kind)!
    .trigger("click");
  await settle();
  await wrapper.get(".poster-card").trigger("click");
  await settle();
  return wrapper.get("[role=dialog]");
}

function button(wrapper: VueWrapper, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

function toastTexts(wrapper: VueWrapper): string[] {
  return wrapper.findAll(".toast").map((toast) => toast.text());
}

describe("requesting a film", () => {
  it("opens the detail sheet, sends the request and lands on the request's page", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("POST", "/api/v1/requests", recorded.createMovie201)
      .on("GET", "/api/v1/requests/1", recorded.detailPending)
      .install();
    const { wrapper, router } = await mountApp("/");

    const sheet = await openFirstResult(wrapper, "rrrrrrr");
    expect(sheet.text()).toContain("In 35,000 BC, the tribe of the Dirty Hairs");
    expect(sheet.findAll(".show-picker")).toHaveLength(0);
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "movie",
      tmdb_id: 21778,
      title: "RRRrrrr!!!",
      year: 2004,
    });
    expect(router.currentRoute.value.fullPath).toBe("/requests/1");
    expect(toastTexts(wrapper)).toEqual(["Demande envoyée !"]);
    expect(wrapper.get("h1").text()).toBe("RRRrrrr!!!");
    expect(wrapper.get(".timeline").text()).toContain("La demande est enregistrée et attend son tour.");
  });

  it("says kindly that it was already requested when the API answers 200", async () => {
    new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("POST", "/api/v1/requests", recorded.createMovie200)
      .on("GET", "/api/v1/requests/1", recorded.detailPending)
      .install();
    const { wrapper, router } = await mountApp("/");

    await openFirstResult(wrapper, "rrrrrrr");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(toastTexts(wrapper)).toEqual(["Déjà demandé ! Voici où en est la demande."]);
    expect(router.currentRoute.value.fullPath).toBe("/requests/1");
  });

  it("shows the API's message on a 422 and keeps the sheet open", async () => {
    new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("POST", "/api/v1/requests", recorded.create422)
      .install();
    const { wrapper, router } = await mountApp("/");

    await openFirstResult(wrapper, "rrrrrrr");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(toastTexts(wrapper)).toEqual(["Invalid request — body: a film has no seasons or episodes"]);
    expect(router.currentRoute.value.fullPath).toBe("/");
    expect(wrapper.find("[role=dialog]").exists()).toBe(true);
  });

  it("says the server is not answering, and the request can be sent again once it is back", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("POST", "/api/v1/requests", NETWORK_DOWN, recorded.createMovie201)
      .on("GET", "/api/v1/requests/1", recorded.detailPending)
      .install();
    const { wrapper, router } = await mountApp("/");
    await openFirstResult(wrapper, "rrrrrrr");

    await button(wrapper, "Demander").trigger("click");
    await settle();
    expect(toastTexts(wrapper)[0]).toContain("Le serveur ne répond pas");
    expect(wrapper.get(".offline-banner").text()).toContain("Le serveur ne répond pas");
    expect(wrapper.find("[role=dialog]").exists()).toBe(true);

    await button(wrapper, "Demander").trigger("click");
    await settle();
    expect(api.callsTo("POST", "/api/v1/requests")).toHaveLength(2);
    expect(router.currentRoute.value.fullPath).toBe("/requests/1");
    expect(wrapper.find(".offline-banner").exists()).toBe(false);
  });
});

describe("requesting a show", () => {
  it("offers every season with its episode count and air date, all picked, and requests the whole show", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .on("POST", "/api/v1/requests", recorded.createTvAll201)
      .on("GET", "/api/v1/requests/3", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");

    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");
    const chips = sheet.findAll(".show-picker .chip");
    expect(chips.map((c) => c.text())).toEqual([
      "Toute la série",
      ...recorded.seasonsGot.body.seasons.map((s) => s.name),
    ]);
    expect(chips.every((c) => c.attributes("aria-pressed") === "true")).toBe(true);
    // On screen, not in a tooltip: a touch screen has no hover.
    const facts = sheet.findAll(".season-facts").map((f) => f.text());
    expect(facts[0]).toBe("10 épisodes · Diffusion : 18 avril 2011");
    expect(facts[6]).toBe("7 épisodes · Diffusion : 17 juillet 2017");
    expect(sheet.find("[title]").exists()).toBe(false);
    await button(wrapper, "Demander").trigger("click");
    await settle();

    // No season list means "the whole show", and by default each new episode and season as it airs.
    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
      follow: "everything",
    });
  });

  it("asks for the whole show without what airs later when the family says so", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .on("POST", "/api/v1/requests", recorded.createTvAll201)
      .on("GET", "/api/v1/requests/3", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    const choice = sheet.get(".follow-choice");
    expect(choice.text()).toContain("Et ce qui sortira ensuite ?");
    expect(choice.findAll(".chip").map((c) => [c.text(), c.attributes("aria-pressed")])).toEqual([
      ["Tout, et chaque nouvel épisode", "true"],
      ["Seulement ce que j'ai choisi", "false"],
    ]);
    await button(wrapper, "Seulement ce que j'ai choisi").trigger("click");
    expect(choice.get('[data-follow="asked"]').attributes("aria-pressed")).toBe("true");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
      follow: "asked",
    });
  });

  it("offers no choice of what airs later for a part of the show: only that part is asked for", async () => {
    new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    await button(wrapper, "Season 8").trigger("click");

    expect(sheet.find(".follow-choice").exists()).toBe(false);
  });

  it("sends only the seasons the family kept", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .on("POST", "/api/v1/requests", recorded.createTvSeasons201)
      .on("GET", "/api/v1/requests/2", recorded.detailPending)
      .install();
    const { wrapper, router } = await mountApp("/");
    await openFirstResult(wrapper, "game of thrones", "Séries");

    await button(wrapper, "Toute la série").trigger("click");
    await button(wrapper, "Season 2").trigger("click");
    await button(wrapper, "Season 1").trigger("click");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toMatchObject({
      tmdb_id: 1399,
      seasons: [1, 2],
    });
    expect(router.currentRoute.value.fullPath).toBe("/requests/2");
  });

  it("will not send a show with no season picked", async () => {
    new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .install();
    const { wrapper } = await mountApp("/");
    await openFirstResult(wrapper, "game of thrones", "Séries");

    await button(wrapper, "Toute la série").trigger("click");

    expect(wrapper.text()).toContain("Choisissez au moins une saison ou un épisode.");
    expect(button(wrapper, "Demander").attributes("disabled")).toBeDefined();
  });

  it("lists a season's episodes with their air dates and sends single episodes beside whole seasons", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .on("GET", "/api/v1/search/tv/1399/season/7", recorded.seasonEpisodesGot)
      .on("POST", "/api/v1/requests", recorded.createTvSeasons201)
      .on("GET", "/api/v1/requests/2", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    await button(wrapper, "Toute la série").trigger("click");
    await button(wrapper, "Season 1").trigger("click");
    await sheet.get('[aria-label="Choisir des épisodes de Season 7"]').trigger("click");
    await settle();
    const episodes = sheet.findAll('[role=group][aria-label="Épisodes de Season 7"] .episode');
    expect(episodes.map((e) => e.text())).toHaveLength(7);
    // TMDB's "Épisode 1" placeholder title is not repeated under the number.
    expect(episodes[0]!.attributes("aria-label")).toBe("Épisode 1, 17 juillet 2017");
    await episodes[0]!.trigger("click");
    await episodes[2]!.trigger("click");

    const season7 = sheet.get('.season-toggle[data-season="7"]');
    expect(season7.attributes("aria-pressed")).toBe("mixed");
    expect(sheet.findAll(".season-facts")[6]!.text()).toContain("2 sur 7");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("GET", "/api/v1/search/tv/1399/season/7")).toHaveLength(1);
    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
      seasons: [1],
      episodes: { "7": [1, 3] },
      follow: "asked",
    });
  });

  it("takes one episode out of a whole season, and a season picked episode by episode is whole again", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", recorded.seasonsGot)
      .on("GET", "/api/v1/search/tv/1399/season/7", recorded.seasonEpisodesGot)
      .on("POST", "/api/v1/requests", recorded.createTvSeasons201)
      .on("GET", "/api/v1/requests/2", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");
    await sheet.get('[aria-label="Choisir des épisodes de Season 7"]').trigger("click");
    await settle();
    const episode = (n: number) => sheet.get(`.episode[data-episode="${n}"]`);

    await episode(4).trigger("click");
    expect(episode(4).attributes("aria-pressed")).toBe("false");
    expect(episode(5).attributes("aria-pressed")).toBe("true");
    expect(sheet.get(".whole-show").attributes("aria-pressed")).toBe("false");
    await episode(4).trigger("click");
    expect(sheet.get('.season-toggle[data-season="7"]').attributes("aria-pressed")).toBe("true");
    expect(sheet.get(".whole-show").attributes("aria-pressed")).toBe("true");
    await episode(7).trigger("click");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toMatchObject({
      seasons: [1, 2, 3, 4, 5, 6, 8],
      episodes: { "7": [1, 2, 3, 4, 5, 6] },
    });
  });

  it("still lets the whole show be requested when TMDB cannot list the seasons", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", recorded.searchTv)
      .on("GET", "/api/v1/search/tv/1399", NETWORK_DOWN)
      .on("POST", "/api/v1/requests", recorded.createTvAll201)
      .on("GET", "/api/v1/requests/3", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    await openFirstResult(wrapper, "game of thrones", "Séries");

    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
    });
  });

  it("links to the existing request instead of offering a second one", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchTvRequested).install();
    const { wrapper } = await mountApp("/");

    const sheet = await openFirstResult(wrapper, "dragon", "Séries");

    expect(sheet.text()).toContain("Déjà demandé");
    expect(sheet.get("a").attributes("href")).toMatch(/\/requests\/3$/);
    expect(sheet.findAll("button").map((b) => b.text())).not.toContain("Demander");
  });
});

describe("a show Plex has part of", () => {
  // Plex has all of season 1 and episodes 1 and 2 of season 7.
  const inPlex = withBody(recorded.searchTv, (body) => {
    body.results[0]!.in_plex = true;
    return body;
  });
  const seasonsInPlex = (had: Record<number, number[]>) =>
    withBody(recorded.seasonsGot, (body) => {
      for (const season of body.seasons) season.in_plex = had[season.season_number] ?? [];
      return body;
    });

  it("marks what Plex has, picks only what it lacks and asks for that, following what airs next", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", inPlex)
      .on("GET", "/api/v1/search/tv/1399", seasonsInPlex({ 1: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 7: [1, 2] }))
      .on("GET", "/api/v1/search/tv/1399/season/7", recorded.seasonEpisodesGot)
      .on("POST", "/api/v1/requests", recorded.createTvSeasons201)
      .on("GET", "/api/v1/requests/2", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    expect(sheet.text()).not.toContain("Ce titre est déjà dans Plex");
    const facts = sheet.findAll(".season-facts").map((f) => f.text());
    expect(facts[0]).toBe("10 épisodes · Diffusion : 18 avril 2011 · déjà dans Plex");
    expect(facts[6]).toBe("7 épisodes · Diffusion : 17 juillet 2017 · 2 déjà dans Plex · 5 sur 7");
    const season1 = sheet.get('.season-toggle[data-season="1"]');
    expect([season1.attributes("disabled"), season1.attributes("aria-pressed")]).toEqual(["", "false"]);
    expect(sheet.get('.season-toggle[data-season="7"]').attributes("aria-pressed")).toBe("true");
    expect(sheet.get(".whole-show").attributes("aria-pressed")).toBe("true");

    await sheet.get('[aria-label="Choisir des épisodes de Season 7"]').trigger("click");
    await settle();
    const episode = (n: number) => sheet.get(`.episode[data-episode="${n}"]`);
    expect(episode(1).attributes("aria-label")).toBe("Épisode 1, 17 juillet 2017, déjà dans Plex");
    expect(episode(1).text()).toContain("déjà dans Plex");
    expect([episode(1).attributes("disabled"), episode(1).attributes("aria-pressed")]).toEqual(["", "false"]);
    expect(episode(3).attributes("aria-pressed")).toBe("true");
    expect(episode(3).text()).not.toContain("déjà dans Plex");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    // Nothing Plex has is asked for again; the whole show still follows what airs next.
    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
      seasons: [2, 3, 4, 5, 6, 8],
      episodes: { "7": [3, 4, 5, 6, 7] },
      follow: "everything",
    });
  });

  it("takes one missing episode out, and a tap on the season picks all it lacks again", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/search", inPlex)
      .on("GET", "/api/v1/search/tv/1399", seasonsInPlex({ 7: [1, 2] }))
      .on("GET", "/api/v1/search/tv/1399/season/7", recorded.seasonEpisodesGot)
      .on("POST", "/api/v1/requests", recorded.createTvSeasons201)
      .on("GET", "/api/v1/requests/2", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");
    await sheet.get('[aria-label="Choisir des épisodes de Season 7"]').trigger("click");
    await settle();
    const season7 = sheet.get('.season-toggle[data-season="7"]');

    await sheet.get('.episode[data-episode="7"]').trigger("click");
    expect(season7.attributes("aria-pressed")).toBe("mixed");
    expect(sheet.find(".follow-choice").exists()).toBe(false);
    await season7.trigger("click");
    expect(season7.attributes("aria-pressed")).toBe("true");
    await season7.trigger("click");
    expect(season7.attributes("aria-pressed")).toBe("false");
    await sheet.get('.episode[data-episode="4"]').trigger("click");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toMatchObject({
      seasons: [1, 2, 3, 4, 5, 6, 8],
      episodes: { "7": [4] },
      follow: "asked",
    });
  });

  const all = Object.fromEntries(
    recorded.seasonsGot.body.seasons.map((s) => [
      s.season_number,
      Array.from({ length: s.episode_count }, (_, i) => i + 1),
    ]),
  );

  it("says a show Plex has every episode of is there, and offers nothing to ask", async () => {
    new FakeApi()
      .on("GET", "/api/v1/search", inPlex)
      .on("GET", "/api/v1/search/tv/1399", seasonsInPlex(all))
      .install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    expect(sheet.text()).toContain("Ce titre est déjà dans Plex : bon visionnage !");
    expect(sheet.text()).not.toContain("Choisissez au moins une saison");
    expect(wrapper.findAll("button").some((b) => b.text() === "Demander")).toBe(false);
    expect(sheet.text()).not.toContain("Suivre les nouveaux épisodes");
  });

  it("offers to follow a show still airing that Plex has every episode of, asking for the whole show", async () => {
    const stillAiring = withBody(recorded.seasonsGot, (body) => {
      for (const season of body.seasons) season.in_plex = all[season.season_number]!;
      body.continuing = true;
      return body;
    });
    const api = new FakeApi()
      .on("GET", "/api/v1/search", inPlex)
      .on("GET", "/api/v1/search/tv/1399", stillAiring)
      .on("POST", "/api/v1/requests", recorded.createTvAll201)
      .on("GET", "/api/v1/requests/3", recorded.detailPending)
      .install();
    const { wrapper, router } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    expect(sheet.text()).toContain("Ce titre est déjà dans Plex : bon visionnage !");
    const follow = button(wrapper, "Suivre les nouveaux épisodes");
    // The remote lands on it, as on the Request button of any other sheet.
    expect([follow.attributes("data-autofocus"), follow.attributes("disabled")]).toEqual(["", undefined]);
    await follow.trigger("click");
    await settle();

    // The whole show, following what airs next: the server fetches nothing Plex has.
    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "tv",
      tmdb_id: 1399,
      title: "Game of Thrones",
      year: 2011,
      follow: "everything",
    });
    expect(router.currentRoute.value.fullPath).toBe("/requests/3");
  });

  it("shows the request of a followed show Plex has all of, instead of offering to follow it again", async () => {
    const followed = withBody(recorded.searchTv, (body) => {
      body.results[0]!.in_plex = true;
      body.results[0]!.request = { id: 3, status: "AVAILABLE" };
      return body;
    });
    new FakeApi().on("GET", "/api/v1/search", followed).install();
    const { wrapper } = await mountApp("/");
    const sheet = await openFirstResult(wrapper, "game of thrones", "Séries");

    expect(sheet.text()).toContain("Déjà demandé");
    expect(sheet.get("a").attributes("href")).toMatch(/\/requests\/3$/);
    expect(sheet.findAll("button").map((b) => b.text())).not.toContain("Suivre les nouveaux épisodes");
  });
});
