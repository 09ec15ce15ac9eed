import { afterEach, describe, expect, it, vi } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";
import type { TimelineEvent } from "@/api/types";

function button(wrapper: VueWrapper, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

function buttonLabels(wrapper: VueWrapper): string[] {
  return wrapper.findAll("button").map((b) => b.text());
}

// A story with a download and a problem, at known times (winter: Paris is UTC+1).
const story = withBody(recorded.detailPending, (body) => {
  body.status = "NOT_FOUND";
  body.error = "No release matched the quality profile";
  body.timeline = [
    { ...body.timeline![0]!, id: 1, created_at: "2026-01-10T19:00:00Z" },
    {
      id: 2,
      from_status: "PENDING",
      to_status: "SEARCHING",
      reason: "Searching the indexers",
      actor: "worker",
      details: null,
      created_at: "2026-01-10T19:01:00Z",
    },
    {
      id: 3,
      from_status: "SEARCHING",
      to_status: "NOT_FOUND",
      reason: "No release matched the quality profile",
      actor: "worker",
      details: null,
      created_at: "2026-01-10T19:55:00Z",
    },
  ];
  return body;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("a request's page", () => {
  it("tells the request's story in Paris time, oldest first, with what went wrong", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-10T20:00:00Z"));
    new FakeApi().on("GET", "/api/v1/requests/1", story).install();
    const { wrapper } = await mountApp("/requests/1");

    const events = wrapper.findAll(".timeline-event");
    expect(events.map((e) => e.get(".timeline-sentence").text())).toEqual([
      "La demande est enregistrée et attend son tour.",
      "On cherche une bonne copie.",
      "Rien trouvé pour l'instant ; on réessaiera plus tard.",
    ]);
    // Intl separates number and unit with a no-break space; the family reads a space.
    expect(events[2]!.text().replace(/\s/g, " ")).toContain("il y a 5 min");
    expect(events[2]!.text()).toContain("20:55");
    expect(events[0]!.text()).toContain("20:00");
    // No "problem" box with the server's English line: the story and the help below say it in French.
    expect(wrapper.find(".request-error").exists()).toBe(false);
    expect(wrapper.get(".request-head .status-badge").text()).toBe("Introuvable");
  });

  it("cancels after a confirmation and shows the request as cancelled", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests/1", recorded.detailPending, recorded.detailCancelled)
      .on("DELETE", "/api/v1/requests/1", recorded.cancelOk)
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Annuler la demande").trigger("click");
    expect(api.callsTo("DELETE", "/api/v1/requests/1")).toHaveLength(0);
    await button(wrapper, "Oui, annuler").trigger("click");
    await settle();

    expect(api.callsTo("DELETE", "/api/v1/requests/1")).toHaveLength(1);
    expect(wrapper.get(".request-head .status-badge").text()).toBe("Annulée");
    expect(wrapper.findAll(".timeline-sentence").at(-1)!.text()).toBe("La demande a été annulée.");
    expect(wrapper.get(".toast").text()).toBe("La demande est annulée.");
    expect(buttonLabels(wrapper)).not.toContain("Annuler la demande");
  });

  it("keeps the request when the family says no", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", recorded.detailPending).install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Annuler la demande").trigger("click");
    await button(wrapper, "Non, garder").trigger("click");

    expect(buttonLabels(wrapper)).toContain("Annuler la demande");
  });

  it("shows the API's reason when the request can no longer be cancelled (409)", async () => {
    new FakeApi()
      .on("GET", "/api/v1/requests/1", recorded.detailPending)
      .on("DELETE", "/api/v1/requests/1", {
        status: 409,
        body: { detail: "a request that is COMPLETED cannot be cancelled" },
      })
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Annuler la demande").trigger("click");
    await button(wrapper, "Oui, annuler").trigger("click");
    await settle();

    expect(wrapper.get(".toast").text()).toBe("a request that is COMPLETED cannot be cancelled");
  });

  it.each(["COMPLETED", "AVAILABLE", "FAILED", "DENIED", "CANCELLED"] as const)(
    "offers no Cancel button once the request is %s",
    async (status) => {
      new FakeApi()
        .on(
          "GET",
          "/api/v1/requests/1",
          withBody(recorded.detailPending, (body) => ({ ...body, status })),
        )
        .install();
      const { wrapper } = await mountApp("/requests/1");

      expect(buttonLabels(wrapper)).not.toContain("Annuler la demande");
    },
  );

  it("says a film deleted from Plex is removed, and asks for it again in one tap", async () => {
    const removed = withBody(recorded.detailPending, (body) => {
      body.status = "REMOVED_FROM_PLEX";
      body.timeline = [
        ...body.timeline!,
        {
          id: 2,
          from_status: "PENDING",
          to_status: "AVAILABLE",
          reason: "In the Plex library",
          actor: "plex-sync",
          details: null,
          created_at: "2026-11-22T02:00:00Z",
        },
        {
          id: 3,
          from_status: "AVAILABLE",
          to_status: "REMOVED_FROM_PLEX",
          reason: "Removed from Plex: it will not be downloaded again unless someone asks for it again",
          actor: "plex-sync",
          details: null,
          created_at: "2026-11-29T02:00:00Z",
        },
      ];
      return body;
    });
    const again = withBody(recorded.createMovie201, (body) => ({ ...body, id: 7 }));
    const api = new FakeApi()
      .on("GET", "/api/v1/requests/1", removed)
      .on("POST", "/api/v1/requests", again)
      .on(
        "GET",
        "/api/v1/requests/7",
        withBody(recorded.detailPending, (body) => ({ ...body, id: 7 })),
      )
      .install();
    const { wrapper, router } = await mountApp("/requests/1");

    expect(wrapper.get(".request-head .status-badge").text()).toBe("Retiré de Plex");
    expect(wrapper.findAll(".timeline-sentence").at(-1)!.text()).toBe(
      "Retiré de Plex. On ne le télécharge plus, sauf si quelqu'un le redemande.",
    );
    expect(buttonLabels(wrapper)).not.toContain("Annuler la demande");

    await button(wrapper, "Demander à nouveau").trigger("click");
    await settle();

    const [post] = api.callsTo("POST", "/api/v1/requests");
    expect(post!.body).toEqual({ media_type: "movie", tmdb_id: 21778, title: "RRRrrrr!!!", year: 2004 });
    expect(router.currentRoute.value.fullPath).toBe("/requests/7");
    expect(wrapper.get(".toast").text()).toBe("C'est redemandé.");
  });

  it("shows the removed state in English too", async () => {
    const removed = withBody(recorded.detailPending, (body) => ({
      ...body,
      status: "REMOVED_FROM_PLEX" as const,
    }));
    new FakeApi().on("GET", "/api/v1/requests/1", removed).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    expect(wrapper.get(".request-head .status-badge").text()).toBe("Removed from Plex");
    expect(buttonLabels(wrapper)).toContain("Ask again");
  });

  it("says plainly when the request does not exist", async () => {
    new FakeApi().on("GET", "/api/v1/requests/9999", recorded.detailUnknown).install();
    const { wrapper } = await mountApp("/requests/9999");

    expect(wrapper.get("[role=alert]").text()).toBe("request 9999 does not exist");
  });

  it("shows how far the download is and why that release was picked", async () => {
    const downloading = withBody(recorded.detailPending, (body) => {
      body.status = "DOWNLOADING";
      body.download = {
        fraction: 0.42,
        eta_seconds: 600,
        download_speed: 2_000_000,
        state: "downloading",
        live: true,
        broken: false,
      };
      // A request searched before the explanation had fields: its English line is all there is.
      body.selection = [
        {
          part: "film",
          summary: "Picked 1080p Bluray x264, 8.2 GB, 153 seeders; rejected 2: 1 CAM, 1 wrong year",
        },
      ];
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests/1", downloading).install();
    const { wrapper } = await mountApp("/requests/1");

    const progress = wrapper.get("[data-testid=download-progress]");
    expect(progress.get("progress").attributes("value")).toBe("0.42");
    expect(progress.text()).toContain("42 %");
    expect(progress.text()).toContain("encore 10 min environ");
    expect(wrapper.get("[data-testid=release-choice]").text()).toContain("Picked 1080p Bluray x264, 8.2 GB");
  });

  // What the worker stores since the explanation has fields (backend/app/releases/selection.py).
  const worded = withBody(recorded.detailPending, (body) => {
    body.status = "DOWNLOADING";
    body.selection = [
      {
        part: "film",
        season: null,
        summary: "Picked 1080p Bluray x264 MULTI VFF, 8.5 GB, 153 seeders; rejected 3: 2 CAM, 1 wrong year",
        chosen: {
          title: "Spirited.Away.2001.MULTi.VFF.1080p.BluRay.x264-QTZ",
          indexer: "YggTorrent",
          resolution: "1080p",
          source: "bluray",
          codec: "x264",
          languages: ["fr", "multi"],
          subtitle_languages: [],
          language_tags: ["MULTI", "VFF"],
          size_bytes: 9_100_000_000,
          seeders: 153,
        },
        rejected: [
          { title: "Spirited.Away.2001.MULTi.CAM.x264-BAD", code: "pre_release" },
          { title: "Spirited.Away.2001.TELESYNC.x264-A", code: "pre_release" },
          { title: "Spirited.Away.2021.MULTi.1080p.BluRay.x264-QTZ", code: "wrong_year" },
        ],
        rejected_count: 3,
        rejected_by_reason: [
          { code: "pre_release", count: 2 },
          { code: "wrong_year", count: 1 },
        ],
      },
    ];
    return body;
  });
  const spaced = (text: string) => text.replace(/\s/g, " ");

  it("says why this copy in French words, the set-aside ones grouped by reason and expandable", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", worded).install();
    const { wrapper } = await mountApp("/requests/1");

    const why = wrapper.get("[data-testid=release-choice]");
    expect(spaced(why.get(".why-chosen").text())).toBe(
      "La copie choisie : 1080p Blu-ray, français + VO, 9,1 Go, 153 sources",
    );
    const setAside = why.get(".why-set-aside");
    expect(setAside.element.tagName).toBe("DETAILS");
    expect(setAside.attributes("open")).toBeUndefined();
    expect(setAside.get("summary").text()).toBe("3 copies écartées");
    const groups = setAside.findAll(":scope > ul > li > details > summary").map((g) => g.text());
    expect(groups).toEqual([
      "2 : copie filmée au cinéma ou avant la sortie",
      "1 : ce n'est pas la bonne année",
    ]);
    expect(setAside.findAll(".why-titles")[0]!.text()).toContain("Spirited.Away.2001.TELESYNC.x264-A");
    expect(why.text()).not.toContain("Picked");
  });

  it("says the same in English for an English profile", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", worded).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    const why = wrapper.get("[data-testid=release-choice]");
    expect(spaced(why.get(".why-chosen").text())).toBe(
      "The copy chosen: 1080p Blu-ray, French + original, 9.1 GB, 153 seeders",
    );
    expect(why.get(".why-set-aside summary").text()).toBe("3 copies set aside");
  });

  const event = (
    id: number,
    from: TimelineEvent["from_status"],
    to: TimelineEvent["to_status"],
    reason: string,
    details: Record<string, unknown> | null,
  ): TimelineEvent => ({
    id,
    from_status: from,
    to_status: to,
    reason,
    actor: "worker",
    details,
    created_at: `2026-01-10T19:0${id}:00Z`,
  });
  // A film's whole story as the worker writes it: codes and facts in details, English reasons beside them.
  const coded = withBody(recorded.detailPending, (body) => {
    const chosen = (worded.body as { selection: Record<string, unknown>[] }).selection[0]!;
    body.status = "NOT_FOUND";
    body.timeline = [
      event(1, null, "PENDING", "Requested", null),
      event(2, "PENDING", "SEARCHING", "Searching the indexers", { code: "searching" }),
      event(3, "SEARCHING", "NOT_FOUND", "No release found yet (Nothing suitable found)", {
        code: "not_found",
        selection: [],
        next_search_at: "2026-01-10T21:05:00Z",
      }),
      event(4, "NOT_FOUND", "SEARCHING", "Searching the indexers", { code: "searching" }),
      event(5, "SEARCHING", "DOWNLOADING", "Picked 1080p Bluray x264 MULTI VFF, 8.5 GB, 153 seeders", {
        code: "downloading",
        selection: [chosen],
      }),
      event(6, "DOWNLOADING", "IMPORTING", "Download finished; moving it into the library", {
        code: "importing",
      }),
      event(7, "IMPORTING", "COMPLETED", "Imported 1 file. Plex is scanning it", { code: "imported" }),
      event(8, "COMPLETED", "AVAILABLE", "In the Plex library", { code: "available" }),
    ];
    return body;
  });

  it("words the timeline's second lines in French from their codes, never the English reasons", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", coded).install();
    const { wrapper } = await mountApp("/requests/1");

    const lines = wrapper.findAll(".timeline-reason").map((line) => spaced(line.text()));
    expect(lines).toEqual([
      "Nouvel essai prévu le 10 janv. 2026, 22:05.",
      "Copie choisie : 1080p Blu-ray, français + VO, 9,1 Go, 153 sources",
    ]);
    expect(wrapper.get(".timeline").text()).not.toMatch(
      /Searching|Picked|Download finished|Plex library|Requested/,
    );
  });

  it("words the same story in English for an English profile", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", coded).install();
    const { wrapper } = await mountApp("/requests/1", "en");

    const lines = wrapper.findAll(".timeline-reason").map((line) => spaced(line.text()));
    expect(lines[0]).toMatch(/^Next try on Jan 10, 2026, 10:05 PM\.$/);
    expect(lines[1]).toBe("Copy chosen: 1080p Blu-ray, French + original, 9.1 GB, 153 seeders");
  });

  it("keeps the English reason of an event it has no words for", async () => {
    const unknown = withBody(recorded.detailPending, (body) => {
      body.timeline = [event(2, "PENDING", "SEARCHING", "Something new happened", { code: "brand_new" })];
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests/1", unknown).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.get(".timeline-reason").text()).toBe("Something new happened");
  });

  it("says when the download broke instead of a progress that no longer moves", async () => {
    const broken = withBody(recorded.detailPending, (body) => {
      body.status = "DOWNLOADING";
      body.download = {
        fraction: 0.09,
        eta_seconds: 240,
        download_speed: 0,
        state: "queued",
        live: true,
        broken: true,
      };
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests/1", broken).install();
    const { wrapper } = await mountApp("/requests/1");

    const progress = wrapper.get("[data-testid=download-progress]");
    expect(progress.text()).toContain("Problème avec ce téléchargement, on en cherche un autre.");
    expect(progress.text()).not.toContain("encore 4 min");
  });
});

describe("what a show request asks for", () => {
  it("names the whole seasons and the single episodes, never « Toutes les saisons » for a few episodes", async () => {
    const episodes = withBody(recorded.detailPending, (body) => ({
      ...body,
      media_type: "tv" as const,
      title: "Game of Thrones",
      seasons: [1],
      episodes: { "7": [1, 3] },
    }));
    new FakeApi().on("GET", "/api/v1/requests/1", episodes).install();
    const { wrapper } = await mountApp("/requests/1");

    const meta = wrapper.get(".request-meta").text();
    expect(meta).toContain("Saison 1");
    expect(meta).toContain("Saison 7 : épisodes 1, 3");
    expect(meta).not.toContain("Toutes les saisons");
  });

  it("says « Toutes les saisons » for the whole show", async () => {
    const whole = withBody(recorded.detailPending, (body) => ({ ...body, media_type: "tv" as const }));
    new FakeApi().on("GET", "/api/v1/requests/1", whole).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.get(".request-meta").text()).toContain("Toutes les saisons");
  });

  it("says a show is followed: its new episodes come by themselves", async () => {
    const followed = withBody(recorded.detailPending, (body) => {
      body.status = "PARTIALLY_AVAILABLE";
      body.followed = true;
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests/1", followed).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.get("[data-testid=followed]").text()).toBe(
      "Série suivie : chaque nouvel épisode arrive le lendemain de sa diffusion.",
    );
  });

  it("says nothing of following for a request that is not followed", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", story).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.find("[data-testid=followed]").exists()).toBe(false);
  });

  it("says a show asked for only what was picked will not bring later seasons", async () => {
    const asked = withBody(recorded.detailPending, (body) => {
      body.media_type = "tv";
      body.follow = "asked";
      return body;
    });
    new FakeApi().on("GET", "/api/v1/requests/1", asked).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.find("[data-testid=followed]").exists()).toBe(false);
    expect(wrapper.get("[data-testid=follow-asked]").text()).toBe(
      "Seulement ce qui a été choisi : les saisons qui sortiront plus tard ne sont pas ajoutées.",
    );
  });
});
