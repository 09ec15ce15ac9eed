import { describe, expect, it } from "vitest";
import type { DOMWrapper } from "@vue/test-utils";
import type { ReleaseCandidate } from "@/api/types";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

interface Finder {
  findAll(selector: string): DOMWrapper<Element>[];
  text(): string;
}

function button(wrapper: Finder, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

// The shape GET /api/v1/requests/{id}/releases answers (typed by the OpenAPI document).
function candidate(fields: Partial<ReleaseCandidate>): ReleaseCandidate {
  return {
    id: 1,
    title: "Inception.2010.MULTi.1080p.BluRay.x264-FRG",
    indexer: "LoopbackTracker",
    part: "Inception",
    season: null,
    size_bytes: 9_100_000_000,
    seeders: 153,
    peers: 160,
    quality: "Bluray-1080p",
    resolution: "1080p",
    source: "bluray",
    codec: "x264",
    languages: ["multi"],
    language_tags: ["MULTI"],
    rank: 1,
    rejected: false,
    reasons: [],
    chosen: false,
    blocklisted: false,
    picked_by: null,
    created_at: "2026-11-22T10:00:00Z",
    ...fields,
  };
}

const notFound = withBody(recorded.detailPending, (body) => ({ ...body, status: "NOT_FOUND" as const }));
const cam = candidate({
  id: 2,
  title: "Inception.2010.CAM.x264-BAD",
  resolution: null,
  source: "cam",
  language_tags: [],
  rank: null,
  rejected: true,
  reasons: [{ code: "pre_release", message: "CAM: filmed in a cinema" }],
});

describe("a parent steering a request", () => {
  it("sees every copy found in words, and takes a set-aside one only after saying yes", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests/1", notFound)
      .on("GET", "/api/v1/requests/1/releases", { status: 200, body: [candidate({}), cam] })
      .on("POST", "/api/v1/requests/1/releases/2/pick", { status: 200, body: recorded.detailPending.body })
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Voir les copies trouvées").trigger("click");
    await settle();

    const rows = wrapper.findAll(".candidate");
    expect(rows.map((row) => row.get(".candidate-title").text())).toEqual([
      "Inception.2010.MULTi.1080p.BluRay.x264-FRG",
      "Inception.2010.CAM.x264-BAD",
    ]);
    expect(rows[0]!.text().replace(/\s/g, " ")).toContain("1080p · Blu-ray · MULTI · 9,1 Go · 153 sources");
    expect(rows[1]!.get(".candidate-reasons").text()).toBe("copie filmée au cinéma ou avant la sortie");

    await button(rows[1]!, "Prendre celle-ci").trigger("click");
    expect(api.callsTo("POST", "/api/v1/requests/1/releases/2/pick")).toHaveLength(0);
    expect(rows[1]!.text()).toContain("La prendre quand même ?");
    await button(rows[1]!, "Oui, la prendre quand même").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests/1/releases/2/pick")[0]!.body).toEqual({ confirm: true });
    expect(wrapper.get(".toast").text()).toBe("C'est noté : cette copie va être téléchargée.");
  });

  it("retries a failed request in one tap, and a child sees none of this", async () => {
    const failed = withBody(recorded.detailPending, (body) => ({ ...body, status: "FAILED" as const }));
    const api = new FakeApi()
      .on("GET", "/api/v1/requests/1", failed)
      .on("POST", "/api/v1/requests/1/search-now", { status: 200, body: recorded.detailPending.body })
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Réessayer").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests/1/search-now")).toHaveLength(1);
    expect(wrapper.get(".toast").text()).toBe("C'est relancé : on cherche maintenant.");

    new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionChild)
      .on("GET", "/api/v1/requests/1", failed)
      .install();
    const { wrapper: child } = await mountApp("/requests/1");
    expect(child.find("[data-testid=steering]").exists()).toBe(false);
  });

  it("unblocks a blocked copy, in English too", async () => {
    const blocked = candidate({ id: 3, blocklisted: true, rank: null });
    const api = new FakeApi()
      .on("GET", "/api/v1/requests/1", notFound)
      .on("GET", "/api/v1/requests/1/releases", { status: 200, body: [blocked] })
      .on("DELETE", "/api/v1/requests/1/releases/3/blocklist", {
        status: 200,
        body: { ...blocked, blocklisted: false },
      })
      .install();
    const { wrapper } = await mountApp("/requests/1", "en");

    await button(wrapper, "See the copies found").trigger("click");
    await settle();
    expect(wrapper.get(".candidate").text()).toContain("Blocked for this request");
    await button(wrapper, "Unblock").trigger("click");
    await settle();

    expect(api.callsTo("DELETE", "/api/v1/requests/1/releases/3/blocklist")).toHaveLength(1);
    expect(wrapper.get(".toast").text()).toBe("This copy can be chosen again.");
  });
});
