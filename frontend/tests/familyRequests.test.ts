import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import type { RequestPage, RequestSummary } from "@/api/types";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

/** The recorded approvals page, grown into the whole family's list the API now answers (requester
names, quick-filter counts, a download under way and a failure). */
function family(change: (items: RequestSummary[]) => RequestSummary[] = (items) => items) {
  return withBody(recorded.listAwaiting, (body): RequestPage => {
    const [got, sinners] = body.items as [RequestSummary, RequestSummary];
    const items: RequestSummary[] = [
      { ...got, id: 8, title: "Dune", media_type: "movie", status: "DOWNLOADING", requester_name: "Léa",
        download: { fraction: 0.42, eta_seconds: 600, download_speed: 1_000_000, state: "downloading", live: true,
                    broken: false } as RequestSummary["download"] },
      { ...got, id: 7, title: "Heat", media_type: "movie", status: "FAILED", requester_name: "Léa",
        error: "qBittorrent kept failing: connection refused",
        failure: { code: "failed", why: "service_failed", service: "qBittorrent" } },
      { ...got, requester_name: "Emma" },
      { ...sinners, requester_name: null, requested_by: null },
    ]; // prettier-ignore
    const kept = change(items);
    return {
      ...body,
      items: kept,
      total: kept.length,
      counts: { in_progress: 1, ready: 0, needs_parent: 2, problems: 1 },
    };
  });
}

function rows(wrapper: VueWrapper): string[][] {
  return wrapper
    .findAll(".family-row")
    .map((row) => [
      row.get(".family-title").text(),
      row.get(".family-who").text().split(" il y a")[0]!.split(" le ")[0]!,
      row.get(".status-badge").text(),
    ]);
}

describe("all the family's requests", () => {
  it("shows every request with who asked, the download's progress and the reason of a failure", async () => {
    const api = new FakeApi().on("GET", "/api/v1/requests", family()).install();
    const { wrapper } = await mountApp("/admin");
    await settle();

    expect(wrapper.get("h1").text()).toBe("Toutes les demandes");
    expect(api.callsTo("GET", "/api/v1/requests")[0]!.query.get("view")).toBeNull();
    expect(rows(wrapper).map(([title, who]) => [title, who])).toEqual([
      ["Dune", "demandé par Léa"],
      ["Heat", "demandé par Léa"],
      ["Game of Thrones", "demandé par Emma"],
      ["Sinners", "demandé par un script"],
    ]);
    const dune = wrapper.findAll(".family-row")[0]!;
    expect(dune.get("progress").attributes("value")).toBe("0.42");
    expect(dune.text()).toContain("42 % · encore 10 min environ");
    // Why it failed in the parents' language, from its code, not the worker's English line.
    const heat = wrapper.findAll(".family-row")[1]!.text();
    expect(heat).toContain("qBittorrent ne répondait toujours pas après plusieurs essais.");
    expect(heat).not.toContain("kept failing");
    // The chips carry how many requests each quick filter holds.
    const chips = wrapper.findAll(".view-filter .chip").map((chip) => chip.text());
    expect(chips).toEqual(["Toutes", "En cours 1", "Prêtes 0", "Un parent doit répondre 2", "Problèmes 1"]);
  });

  it("narrows with a quick filter kept in the address, and approves from the list", async () => {
    const waiting = family((items) => items.filter((item) => item.status === "AWAITING_APPROVAL"));
    const decided = family((items) => items.filter((item) => item.title === "Sinners"));
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", family(), waiting, decided)
      .on("POST", "/api/v1/requests/6/approve", recorded.approveOk)
      .install();
    const { wrapper, router } = await mountApp("/admin/requests");
    await settle();

    await wrapper.get('.view-filter .chip[data-view="needs_parent"]').trigger("click");
    await settle();
    expect(api.callsTo("GET", "/api/v1/requests")[1]!.query.get("view")).toBe("needs_parent");
    expect(router.currentRoute.value.query).toEqual({ view: "needs_parent" });
    expect(wrapper.get('.chip[data-view="needs_parent"]').attributes("aria-pressed")).toBe("true");
    expect(rows(wrapper).map(([title]) => title)).toEqual(["Game of Thrones", "Sinners"]);

    const got = wrapper.findAll(".family-row")[0]!;
    await got
      .findAll("button")
      .find((b) => b.text() === "Valider")!
      .trigger("click");
    await settle();
    expect(api.callsTo("POST", "/api/v1/requests/6/approve")).toHaveLength(1);
    expect(api.callsTo("GET", "/api/v1/requests")[2]!.query.get("view")).toBe("needs_parent");
    expect(rows(wrapper).map(([title]) => title)).toEqual(["Sinners"]);
  });

  it("opens on the filter the address names, and says when it holds nothing", async () => {
    const none = family(() => []);
    const api = new FakeApi().on("GET", "/api/v1/requests", none).install();
    const { wrapper } = await mountApp("/admin/requests?view=problems", "en");
    await settle();

    expect(api.callsTo("GET", "/api/v1/requests")[0]!.query.get("view")).toBe("problems");
    expect(wrapper.text()).toContain("No problems: everything is on its way.");
  });
});
