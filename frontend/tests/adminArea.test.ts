import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

function button(wrapper: VueWrapper, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

function toastTexts(wrapper: VueWrapper): string[] {
  return wrapper.findAll(".toast").map((toast) => toast.text());
}

const emptyQueue = withBody(recorded.listAwaiting, (body) => ({ ...body, items: [], total: 0 }));

describe("the approvals queue", () => {
  it("lists what waits for a parent with who asked, and approves", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listAwaiting, emptyQueue)
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .on("POST", "/api/v1/requests/5/approve", recorded.approveOk)
      .install();
    const { wrapper } = await mountApp("/admin/approvals");
    await settle();

    expect(api.callsTo("GET", "/api/v1/requests")[0]!.query.getAll("status")).toEqual(["AWAITING_APPROVAL"]);
    const rows = wrapper.findAll(".approval-row");
    expect(rows.map((r) => r.get(".approval-title").text())).toEqual(["Game of Thrones", "Sinners"]);
    expect(rows[1]!.text()).toContain("demandé par Emma");

    await rows[1]!
      .findAll("button")
      .find((b) => b.text() === "Valider")!
      .trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests/5/approve")).toHaveLength(1);
    expect(toastTexts(wrapper)).toEqual(["« Sinners » est validé : la recherche commence."]);
    expect(wrapper.text()).toContain("Aucune demande n'attend de validation.");
  });

  it("denies with the reason the family will read", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listAwaiting)
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .on("POST", "/api/v1/requests/6/deny", recorded.denyOk)
      .install();
    const { wrapper } = await mountApp("/admin/approvals");
    await settle();

    const first = wrapper.findAll(".approval-row")[0]!;
    await first
      .findAll("button")
      .find((b) => b.text() === "Refuser")!
      .trigger("click");
    expect(button(wrapper, "Refuser la demande").attributes("disabled")).toBeDefined();
    await wrapper.get("input[name=reason]").setValue("Pas avant tes 16 ans");
    await button(wrapper, "Refuser la demande").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests/6/deny")[0]!.body).toEqual({
      reason: "Pas avant tes 16 ans",
    });
  });
});

describe("the profiles admin", () => {
  it("lists the family with their limits, and adds a child with a PIN, a rating and a quota", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .on("GET", "/api/v1/profiles/ratings", recorded.ratings)
      .on("POST", "/api/v1/profiles", recorded.profileCreated)
      .install();
    const { wrapper } = await mountApp("/admin/profiles");
    await settle();

    const names = wrapper.findAll(".profile-row-name").map((n) => n.text());
    expect(names).toEqual(["Papa", "Léa", "Emma"]);
    const emma = wrapper.findAll(".profile-row")[2]!;
    expect(emma.text()).toContain("Enfant · code");
    expect(emma.get(".profile-limits").text()).toBe("jusqu'à 12 · validation d'un parent");
    expect(wrapper.findAll(".profile-row")[1]!.get(".profile-limits").text()).toBe(
      "1 films / 7 j · sans validation",
    );

    await button(wrapper, "Ajouter un profil").trigger("click");
    await wrapper.get("input[name=name]").setValue("Jules");
    await wrapper.get("select[name=max_rating]").setValue("PG-13");
    await wrapper.get("input[name=movie_quota]").setValue("3");
    await wrapper.get("input[name=pin]").setValue("4321");
    await button(wrapper, "Enregistrer").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/profiles")[0]!.body).toEqual({
      name: "Jules",
      role: "child",
      avatar: "🦊",
      color: "#e5a00d",
      language: "fr",
      auto_approve: false,
      may_choose_quality: false,
      max_rating: "PG-13",
      movie_quota: 3,
      movie_quota_days: 7,
      season_quota: null,
      season_quota_days: null,
      secret: { kind: "pin", value: "4321" },
    });
    expect(api.callsTo("GET", "/api/v1/profiles")).toHaveLength(2);
  });

  it("shows the server's refusal and deletes after a confirmation", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .on("GET", "/api/v1/profiles/ratings", recorded.ratings)
      .on("POST", "/api/v1/profiles", recorded.profileDuplicate409)
      .on("DELETE", "/api/v1/profiles/3", { status: 204, body: null })
      .install();
    const { wrapper } = await mountApp("/admin/profiles");
    await settle();

    await button(wrapper, "Ajouter un profil").trigger("click");
    await wrapper.get("input[name=name]").setValue("Emma");
    await button(wrapper, "Enregistrer").trigger("click");
    await settle();
    expect(toastTexts(wrapper)).toEqual(["a profile named 'Emma' already exists"]);

    const emma = wrapper.findAll(".profile-row")[2]!;
    await emma
      .findAll("button")
      .find((b) => b.text() === "Supprimer")!
      .trigger("click");
    await button(wrapper, "Oui, supprimer Emma").trigger("click");
    await settle();
    expect(api.callsTo("DELETE", "/api/v1/profiles/3")).toHaveLength(1);
  });
});

describe("the API key", () => {
  it("shows only the key's first characters, and a new key once after a confirmation", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/auth/api-key", recorded.apiKeyInfo)
      .on("POST", "/api/v1/auth/api-key", recorded.apiKeyRotated)
      .install();
    const { wrapper } = await mountApp("/admin/api-key");
    await settle();

    expect(wrapper.get(".key-info").text()).toContain(`Clé en service : ${recorded.apiKeyInfo.body.hint}…`);
    await button(wrapper, "Créer une nouvelle clé").trigger("click");
    expect(api.callsTo("POST", "/api/v1/auth/api-key")).toHaveLength(0);
    await button(wrapper, "Oui, remplacer la clé").trigger("click");
    await settle();

    expect(wrapper.get(".api-key").text()).toBe(recorded.apiKeyRotated.body.api_key);
    expect(wrapper.get(".key-info").text()).toContain(recorded.apiKeyRotated.body.hint);
  });
});
