import { describe, expect, it } from "vitest";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp } from "./support/mountApp";
import { recorded } from "./support/recorded";
import type { RequestDetail } from "@/api/types";
import { formatClock, formatReleaseDay } from "@/media_requests/waiting";

// The worker's note when qBittorrent did not answer (backend/app/media_requests/waiting.py), then when
// the only indexer did not; 20:05 UTC is 21 h 05 in Paris in winter.
function searching(
  details: Record<string, unknown>,
  reason: string,
  status: RequestDetail["status"] = "SEARCHING",
) {
  return withBody(recorded.detailPending, (body) => {
    body.status = status;
    body.timeline = [
      { ...body.timeline![0]!, id: 1, created_at: "2026-01-10T19:00:00Z" },
      {
        id: 2,
        from_status: "PENDING",
        to_status: "SEARCHING",
        reason: "Searching the indexers",
        actor: "system",
        details: null,
        created_at: "2026-01-10T20:00:00Z",
      },
      {
        id: 3,
        from_status: "SEARCHING",
        to_status: "SEARCHING",
        reason,
        actor: "system",
        details,
        created_at: "2026-01-10T20:00:01Z",
      },
    ];
    return body;
  });
}

const qbitDown = searching(
  { code: "qbittorrent_unreachable", retry_at: "2026-01-10T20:05:00+00:00" },
  "qBittorrent is not answering; trying again at 21:05",
);
const indexerDown = searching(
  { code: "indexers_unreachable", retry_at: "2026-01-10T20:05:00+00:00", indexers: ["YggTorrent"] },
  "No indexer answered (YggTorrent); trying again at 21:05",
);

describe("a waiting request says why", () => {
  it("says qBittorrent is not answering and when the next try is, in the family's French", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", qbitDown).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.get("[data-testid=waiting]").text()).toBe(
      "qBittorrent ne répond pas, on réessaie à 21 h 05.",
    );
    const note = wrapper.findAll(".timeline-event")[2]!;
    expect(note.get(".timeline-sentence").text()).toBe("La demande patiente.");
    expect(note.get(".timeline-reason").text()).toBe("qBittorrent ne répond pas, on réessaie à 21 h 05.");
  });

  it("names the indexer that does not answer, in English too", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", indexerDown).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    expect(wrapper.get("[data-testid=waiting]").text()).toBe(
      "The indexer YggTorrent is not answering; trying again at 9:05 PM.",
    );
  });

  it("says the library's disk or an unnamed trouble in words, never the error's name", async () => {
    const diskFull = searching(
      { code: "library_unreachable", retry_at: "2026-01-10T20:05:00+00:00" },
      "The library cannot take the files (No space left on device); trying again at 21:05",
    );
    new FakeApi().on("GET", "/api/v1/requests/1", diskFull).install();
    const { wrapper } = await mountApp("/requests/1");
    expect(wrapper.get("[data-testid=waiting]").text()).toBe(
      "La bibliothèque ne peut pas prendre les fichiers (disque plein ou débranché ?), on réessaie à 21 h 05.",
    );

    const dropped = searching(
      { code: "something_unreachable", retry_at: "2026-01-10T20:05:00+00:00" },
      "OperationalError: connection dropped; trying again at 21:05",
    );
    new FakeApi().on("GET", "/api/v1/requests/2", dropped).install();
    const english = await mountApp("/requests/2", "en");
    expect(english.wrapper.get("[data-testid=waiting]").text()).toBe(
      "Something is not answering; trying again at 9:05 PM.",
    );
  });

  it("no longer shows the reason once the request has moved on", async () => {
    const movedOn = searching(
      { code: "qbittorrent_unreachable", retry_at: "2026-01-10T20:05:00+00:00" },
      "qBittorrent is not answering; trying again at 21:05",
      "DOWNLOADING",
    );
    new FakeApi().on("GET", "/api/v1/requests/1", movedOn).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.find("[data-testid=waiting]").exists()).toBe(false);
  });

  it("reads the clock the French way and the English way, in Paris time", () => {
    expect(formatClock("2026-07-14T07:05:00Z", "fr")).toBe("9 h 05");
    expect(formatClock("2026-01-10T20:05:00Z", "en")).toBe("9:05 PM");
  });
});

describe("a film not out yet says when it comes out", () => {
  // The request step's note (backend/app/media_requests/release_wait.py): the day and the kind of release.
  const thisYear = new Date().getUTCFullYear();
  function awaiting(kind: string) {
    return withBody(recorded.detailPending, (body) => {
      body.status = "AWAITING_RELEASE";
      body.release_date = `${thisYear}-12-31`;
      body.timeline = [
        { ...body.timeline![0]!, id: 1, created_at: "2026-01-10T19:00:00Z" },
        {
          id: 2,
          from_status: "PENDING",
          to_status: "AWAITING_RELEASE",
          reason: `Not out yet: searched from ${thisYear}-12-31 (${kind})`,
          actor: "system",
          details: { code: "awaiting_release", release_date: `${thisYear}-12-31`, kind },
          created_at: "2026-01-10T19:00:01Z",
        },
      ];
      return body;
    });
  }

  it("gives the release day in French, and keeps saying it while the film waits", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", awaiting("digital")).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.get("[data-testid=waiting]").text()).toBe(
      "Sortie prévue le 31 décembre : on le cherchera dès ce jour-là.",
    );
    expect(wrapper.get(".status-badge").text()).toBe("Pas encore sorti");
  });

  it("says a cinema film is expected at home around a day, in English too", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", awaiting("estimated")).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    expect(wrapper.get("[data-testid=waiting]").text()).toBe(
      "In cinemas for now, expected at home around 31 December: we will look for it from then.",
    );
  });

  it("names the year of a day in another year", () => {
    const now = new Date("2026-12-06T12:00:00Z");
    expect(formatReleaseDay("2027-03-12", "fr", now)).toBe("12 mars 2027");
    expect(formatReleaseDay("2026-12-24", "fr", now)).toBe("24 décembre");
    expect(formatReleaseDay("2027-03-12", "en", now)).toBe("12 March 2027");
  });
});
