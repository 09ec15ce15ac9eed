import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadIdleScreen } from "@/app/lazyScreens";
import { createAppI18n, type Translate } from "@/i18n";
import type { IdleScreen } from "@/idle/api";
import { onItsWayText, readyEstimate } from "@/idle/readyWords";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

const PARIS = "Europe/Paris";
const SESSION = "/api/v1/auth/session";
const IDLE = "/api/v1/idle-screen";

function words(locale: "fr" | "en"): Translate {
  return createAppI18n(locale).global.t as Translate;
}

// 17:40 in Paris on a winter Saturday (UTC+1).
const NOW = new Date("2026-12-05T16:40:00Z");

type Words = ReturnType<typeof words>;

describe("when something on its way should be ready", () => {
  let fr: Words;
  let en: Words;
  beforeAll(() => {
    // Here rather than at collection: English is fetched by tests/setup.ts's own beforeAll.
    fr = words("fr");
    en = words("en");
  });

  it("says this evening around 9 pm, in Paris time, rounded to the quarter hour", () => {
    const at = "2026-12-05T20:03:00Z"; // 21:03 in Paris
    expect(readyEstimate(at, fr, "fr", PARIS, NOW)).toBe("Prêt ce soir vers 21 h");
    expect(readyEstimate(at, en, "en", PARIS, NOW)).toBe("Ready this evening around 9 pm");
    expect(readyEstimate("2026-12-05T20:20:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt ce soir vers 21 h 15");
    expect(readyEstimate("2026-12-05T20:20:00Z", en, "en", PARIS, NOW)).toBe(
      "Ready this evening around 9:15 pm",
    );
  });

  it("says tomorrow, and tonight for the small hours", () => {
    expect(readyEstimate("2026-12-06T08:00:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt demain matin vers 9 h");
    expect(readyEstimate("2026-12-06T08:00:00Z", en, "en", PARIS, NOW)).toBe(
      "Ready tomorrow morning around 9 am",
    );
    expect(readyEstimate("2026-12-06T19:30:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt demain soir vers 20 h 30");
    expect(readyEstimate("2026-12-06T01:00:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt cette nuit vers 2 h");
    expect(readyEstimate("2026-12-06T01:00:00Z", en, "en", PARIS, NOW)).toBe("Ready tonight around 2 am");
  });

  it("counts the household's days, not UTC's: 00:30 in Paris is already tomorrow", () => {
    const lateEvening = new Date("2026-12-05T22:50:00Z"); // 23:50 in Paris
    expect(readyEstimate("2026-12-06T11:00:00Z", fr, "fr", PARIS, lateEvening)).toBe(
      "Prêt demain après-midi vers 12 h",
    );
  });

  it("says minutes when it is close, the day of the week, then the date", () => {
    expect(readyEstimate("2026-12-05T16:41:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt dans un instant");
    expect(readyEstimate("2026-12-05T17:02:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt dans 25 min");
    expect(readyEstimate("2026-12-05T17:02:00Z", en, "en", PARIS, NOW)).toBe("Ready in 25 min");
    expect(readyEstimate("2026-12-08T13:00:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt mardi vers 14 h");
    expect(readyEstimate("2026-12-08T13:00:00Z", en, "en", PARIS, NOW)).toBe("Ready on Tuesday around 2 pm");
    expect(readyEstimate("2026-12-20T13:00:00Z", fr, "fr", PARIS, NOW)).toBe("Prêt vers le 20 décembre");
  });

  it("falls back on where the request stands when the download gives no estimate", () => {
    const item = (
      status: "SEARCHING" | "DOWNLOADING" | "AWAITING_RELEASE",
      release: string | null = null,
    ) => ({
      status,
      ready_at: null,
      release_date: release,
    });
    expect(onItsWayText(item("DOWNLOADING"), fr, "fr", PARIS, NOW)).toBe("En téléchargement");
    expect(onItsWayText(item("SEARCHING"), en, "en", PARIS, NOW)).toBe("Looking for a good copy");
    expect(onItsWayText(item("AWAITING_RELEASE", "2027-03-12"), fr, "fr", PARIS, NOW)).toBe(
      "Sortie prévue le 12 mars 2027",
    );
    const estimated = {
      status: "DOWNLOADING" as const,
      ready_at: "2026-12-05T20:00:00Z",
      release_date: null,
    };
    expect(onItsWayText(estimated, fr, "fr", PARIS, NOW)).toBe("Prêt ce soir vers 21 h");
  });
});

// The shape GET /api/v1/idle-screen answers (its integration test checks the server's side).
const idleScreen: IdleScreen = {
  timezone: PARIS,
  recent: [
    { title: "Le Roi lion", year: 1994, media_type: "movie", tmdb_id: 8587 },
    { title: "Sans affiche", year: null, media_type: "tv", tmdb_id: null },
  ],
  coming: [
    {
      title: "Cars",
      year: 2006,
      media_type: "movie",
      tmdb_id: 920,
      status: "DOWNLOADING",
      fraction: 0.42,
      ready_at: "2026-12-05T20:00:00Z",
      release_date: null,
    },
    {
      title: "Bluey",
      year: 2018,
      media_type: "tv",
      tmdb_id: 82728,
      status: "SEARCHING",
      fraction: null,
      ready_at: null,
      release_date: null,
    },
  ],
};

afterEach(() => {
  vi.useRealTimers();
});

describe("the idle screen", () => {
  // Fetched ahead, as a kiosk that has been on for a while has it.
  beforeAll(() => loadIdleScreen());

  it("shows after the idle time, signs out, and a key brings the picker without choosing anyone", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: NOW });
    const api = new FakeApi()
      .on("GET", SESSION, recorded.sessionMember)
      .on("DELETE", SESSION, { status: 204, body: null })
      .on("GET", "/api/v1/profiles/picker", recorded.picker)
      .on("GET", IDLE, { status: 200, body: idleScreen })
      .install();
    const { wrapper } = await mountApp("/");

    await vi.advanceTimersByTimeAsync(121_000);
    await settle();
    expect(api.callsTo("DELETE", SESSION)).toHaveLength(1);
    const screen = wrapper.get("[data-testid=idle-screen]");
    expect(screen.get("h1").text()).toBe("Quoi de neuf ?");
    expect(wrapper.find("header").exists()).toBe(false); // no name, no menu
    expect(screen.findAll(".coming-title").map((n) => n.text())).toEqual(["Cars", "Bluey"]);
    expect(screen.findAll(".coming-when").map((n) => n.text())).toEqual([
      "Prêt ce soir vers 21 h",
      "On cherche une bonne copie",
    ]);
    expect(screen.get("progress").attributes("value")).toBe("0.42");
    const posters = screen.findAll(".poster-row li");
    expect(posters[0]!.get("img").attributes("src")).toContain("/api/v1/images/movie/8587/poster");
    expect(posters[1]!.find("img").exists()).toBe(false); // no TMDB id: the title drawn, never a broken image
    expect(posters[1]!.get("[data-testid=drawn-picture]").text()).toBe("Sans affiche");

    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    window.dispatchEvent(enter);
    await settle();
    expect(enter.defaultPrevented).toBe(true);
    expect(wrapper.find("[data-testid=idle-screen]").exists()).toBe(false);
    expect(wrapper.get("h1").text()).toBe("Qui regarde ?");
    expect(wrapper.findAll(".pin-pad")).toHaveLength(0);
  });

  it("also comes on the picker left alone, in English, and a tap brings the picker back", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: NOW });
    new FakeApi()
      .on("GET", SESSION, recorded.sessionSignedOut)
      .on("GET", "/api/v1/profiles/picker", recorded.picker)
      .on("GET", IDLE, { status: 200, body: idleScreen })
      .install();
    const { wrapper } = await mountApp("/", "en");
    expect(wrapper.get("h1").text()).toBe("Who's watching?");

    await vi.advanceTimersByTimeAsync(121_000);
    await settle();
    const screen = wrapper.get("[data-testid=idle-screen]");
    expect(screen.get("h1").text()).toBe("What's new");
    expect(screen.get(".coming-when").text()).toBe("Ready this evening around 9 pm");
    expect(screen.get(".wake-hint").text()).toBe("Touch the screen or press any key to start");

    await screen.trigger("click");
    await settle();
    expect(wrapper.get("h1").text()).toBe("Who's watching?");
  });
});
