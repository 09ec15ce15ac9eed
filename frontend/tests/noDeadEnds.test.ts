import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeApi, NETWORK_DOWN, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

const SESSION = "/api/v1/auth/session";

afterEach(() => {
  vi.useRealTimers();
});

describe("a parents' page reached by someone else", () => {
  it("tells a child typing /admin that it is for parents, in French, without asking the server", async () => {
    const api = new FakeApi().on("GET", SESSION, recorded.sessionChild).install();
    const { wrapper, router } = await mountApp("/admin/settings/plex");

    expect(wrapper.get("[data-testid=parents-only] h1").text()).toBe("Réservé aux parents");
    expect(wrapper.text()).not.toContain("Settings");
    // No settings were asked for: no English refusal from the server can appear.
    expect(api.calls.filter((call) => call.path.startsWith("/api/v1/settings"))).toHaveLength(0);

    await wrapper.get("[data-testid=parents-only] a").trigger("click");
    await settle();
    expect(router.currentRoute.value.name).toBe("search");
  });

  it("says it in English to a member who reads English, on every parents' page", async () => {
    new FakeApi().on("GET", SESSION, recorded.sessionMember).install();
    for (const path of [
      "/admin",
      "/admin/profiles",
      "/admin/jobs",
      "/admin/api-key",
      "/admin/library-sync",
    ]) {
      const { wrapper } = await mountApp(path, "en");
      expect(wrapper.get("[data-testid=parents-only] h1").text(), path).toBe("For parents only");
      expect(wrapper.get("[data-testid=parents-only]").text()).toContain("Back to search");
      wrapper.unmount();
    }
  });
});

describe("a request nothing was found for", () => {
  const notFound = withBody(recorded.detailPending, (body) => {
    body.status = "NOT_FOUND";
    body.next_search_at = "2026-01-10T22:00:00Z";
    return body;
  });

  it("says when it is searched again and asks a parent in one tap", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-10T20:00:00Z"));
    const api = new FakeApi()
      .on("GET", SESSION, recorded.sessionChild)
      .on("GET", "/api/v1/requests/1", notFound)
      .on("POST", "/api/v1/problems", { status: 201, body: {} })
      .install();
    const { wrapper } = await mountApp("/requests/1");

    const help = wrapper.get("[data-testid=not-found-help]");
    // Two hours from now, at 23:00 Paris time (UTC+1 in winter).
    expect(help.get("[data-testid=next-search]").text().replace(/\s/g, " ")).toMatch(
      /^Nouvelle recherche dans 2 h.*23:00/,
    );
    const ask = help.findAll("button").find((b) => b.text() === "Demander à un parent")!;
    await ask.trigger("click");
    await settle();

    const sent = api.callsTo("POST", "/api/v1/problems");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ request_id: 1, kind: "other" });
    expect(wrapper.get("[data-testid=not-found-help]").text()).toContain("un parent va regarder");
    expect(help.find("a").text()).toBe("Retour à la recherche");
  });

  it("offers a way back when the request cannot be loaded", async () => {
    new FakeApi().on("GET", "/api/v1/requests/9999", recorded.detailUnknown).install();
    const { wrapper } = await mountApp("/requests/9999");

    const ways = wrapper.findAll(".ways-back a, .ways-back button").map((w) => w.text());
    expect(ways).toEqual(["Réessayer", "Mes demandes", "Retour à la recherche"]);
  });
});

describe("a search the server could not answer", () => {
  it("offers to try again, and the results come when the server is back", async () => {
    new FakeApi().on("GET", "/api/v1/search", NETWORK_DOWN, recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");
    await wrapper.get("input[type=search]").setValue("rrrrrrr");
    await wrapper.get("form[role=search]").trigger("submit");
    await settle();

    const retry = wrapper.findAll(".notice.problem button").find((b) => b.text() === "Réessayer")!;
    await retry.trigger("click");
    await settle();
    expect(wrapper.find(".notice.problem").exists()).toBe(false);
    expect(wrapper.findAll(".poster-card")).toHaveLength(1);
  });
});
