import { describe, expect, it } from "vitest";
import type { RequestDetail } from "@/api/types";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp } from "./support/mountApp";
import { recorded } from "./support/recorded";

// The upgrade job's note, then the import's (backend/app/media_requests/upgrades.py, completion.py).
const upgraded = withBody(recorded.detailPending, (body) => {
  body.status = "COMPLETED";
  body.timeline = [
    { ...body.timeline![0]!, id: 1, created_at: "2026-01-10T19:00:00Z" },
    {
      id: 2,
      from_status: "AVAILABLE",
      to_status: "SEARCHING",
      reason:
        "A better copy was found: RRRrrrr.2004.1080p.BluRay (Bluray-1080p; the one in Plex is WEBDL-720p)",
      actor: "system",
      details: {
        code: "upgrade",
        from: "WEBDL-720p",
        to: "Bluray-1080p",
        release: "RRRrrrr.2004.1080p.BluRay",
      },
      created_at: "2026-01-11T00:30:00Z",
    },
    {
      id: 3,
      from_status: "IMPORTING",
      to_status: "COMPLETED",
      reason: "A better copy is in the library in place of the WEBDL-720p one. Imported 1 file.",
      actor: "system",
      details: { files: ["Movies/RRRrrrr (2004)/RRRrrrr (2004).mkv"], upgraded_from: "WEBDL-720p" },
      created_at: "2026-01-11T02:00:00Z",
    },
  ];
  return body;
});

// A show's season replaced (the daily pass notes each season it upgrades).
const showUpgraded = withBody(upgraded as { status: number; body: RequestDetail }, (body) => {
  body.timeline = body.timeline!.map((event) => {
    if (event.id === 2) {
      const season = { season: 1, from: "HDTV-720p", to: "Bluray-1080p", release: "Show.S01.1080p.BluRay" };
      return { ...event, details: { ...event.details, seasons: [season] } };
    }
    if (event.id === 3) {
      const season = { season: 1, from: "HDTV-720p", to: "Bluray-1080p" };
      return { ...event, details: { ...event.details, upgraded_from: "HDTV-720p", upgraded: [season] } };
    }
    return event;
  });
  return body;
});

describe("a better copy on the timeline", () => {
  it("names each season of a show with its old and new quality", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", showUpgraded).install();
    const { wrapper } = await mountApp("/requests/1");

    const reasons = wrapper.findAll(".timeline-reason").map((line) => line.text());
    expect(reasons).toContain(
      "Une meilleure copie est trouvée (saison 1 : HDTV-720p → Bluray-1080p) ; celle qui est dans Plex y reste jusqu'à son arrivée.",
    );
    expect(reasons).toContain(
      "La meilleure copie a pris la place de l'ancienne (saison 1 : HDTV-720p → Bluray-1080p).",
    );
  });

  it("says in French that a better copy was found and then took the old one's place", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", upgraded).install();
    const { wrapper } = await mountApp("/requests/1");

    const reasons = wrapper.findAll(".timeline-reason").map((line) => line.text());
    expect(reasons).toContain(
      "Une meilleure copie est trouvée (Bluray-1080p) ; celle qui est dans Plex (WEBDL-720p) y reste jusqu'à son arrivée.",
    );
    expect(reasons).toContain("La meilleure copie a pris la place de l'ancienne (WEBDL-720p).");
  });

  it("says it in English too", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", upgraded).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    const reasons = wrapper.findAll(".timeline-reason").map((line) => line.text());
    expect(reasons).toContain(
      "A better copy was found (Bluray-1080p); the one in Plex (WEBDL-720p) stays until it arrives.",
    );
  });
});
