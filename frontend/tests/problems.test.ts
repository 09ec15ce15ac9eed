import { describe, expect, it } from "vitest";
import type { DOMWrapper } from "@vue/test-utils";
import type { ProblemReport } from "@/api/types";
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

const available = withBody(recorded.detailPending, (body) => ({ ...body, status: "AVAILABLE" as const }));

// The shape GET /api/v1/problems answers (typed by the OpenAPI document).
const report: ProblemReport = {
  id: 4,
  request_id: 1,
  media_type: "movie",
  tmdb_id: 21778,
  title: "RRRrrrr!!!",
  kind: "wrong_language",
  note: "pas en français",
  reporter: "Léo",
  state: "open",
  handled_by: null,
  created_at: "2026-12-06T19:00:00Z",
};

describe("« Il y a un problème »", () => {
  it("a member says what is wrong with a film in the library, without typing", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionMember)
      .on("GET", "/api/v1/requests/1", available)
      .on("POST", "/api/v1/problems", { status: 201, body: report })
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await button(wrapper, "Il y a un problème").trigger("click");
    await button(wrapper, "Mauvaise langue").trigger("click");
    await button(wrapper, "Envoyer").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/problems")[0]!.body).toEqual({
      request_id: 1,
      kind: "wrong_language",
    });
    expect(wrapper.get(".toast").text()).toBe("Merci, les parents sont prévenus.");
  });

  it("is not offered while the request is still on its way", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", recorded.detailPending).install();
    const { wrapper } = await mountApp("/requests/1");

    expect(wrapper.findAll("button").map((b) => b.text())).not.toContain("Il y a un problème");
  });

  it("parents fetch another copy in one tap, or close the report", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/problems", { status: 200, body: [report] }, { status: 200, body: [] })
      .on("POST", "/api/v1/problems/4/replace", { status: 200, body: { ...report, state: "replacing" } })
      .install();
    const { wrapper } = await mountApp("/admin/problems");

    const row = wrapper.get("[data-report='4']");
    expect(row.text()).toContain("Mauvaise langue");
    expect(row.text()).toContain("signalé par Léo");
    expect(row.text()).toContain("« pas en français »");
    await button(row, "Chercher une autre copie").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/problems/4/replace")).toHaveLength(1);
    expect(wrapper.get(".toast").text()).toBe(
      "On cherche une autre copie de « RRRrrrr!!! » ; l'ancienne reste en place d'ici là.",
    );
    expect(wrapper.text()).toContain("Aucun problème signalé.");
  });

  it("says in English when Plex Kiosk did not download the copy", async () => {
    const outside = { ...report, request_id: null, kind: "no_sound" as const };
    const api = new FakeApi()
      .on("GET", "/api/v1/problems", { status: 200, body: [outside] })
      .on("POST", "/api/v1/problems/4/dismiss", { status: 200, body: { ...outside, state: "dismissed" } })
      .install();
    const { wrapper } = await mountApp("/admin/problems", "en");

    expect(wrapper.text()).toContain("No sound");
    expect(wrapper.text()).toContain("Plex Kiosk did not download this copy");
    expect(wrapper.findAll("button").map((b) => b.text())).not.toContain("Fetch another copy");
    await button(wrapper, "Dismiss").trigger("click");
    await settle();
    expect(api.callsTo("POST", "/api/v1/problems/4/dismiss")).toHaveLength(1);
  });
});
