import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

function focusedText(): string {
  return (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? "";
}

async function key(element: Element, name: string, shiftKey = false): Promise<void> {
  element.dispatchEvent(
    new KeyboardEvent("keydown", { key: name, shiftKey, bubbles: true, cancelable: true }),
  );
  await settle();
}

async function openSheet(wrapper: VueWrapper) {
  await wrapper.get("input[type=search]").setValue("rrrrrrr");
  await wrapper.get("form[role=search]").trigger("submit");
  await settle();
  const card = wrapper.get(".poster-card");
  (card.element as HTMLElement).focus();
  await card.trigger("click");
  await settle();
  return wrapper.get("[role=dialog]");
}

describe("a TV remote in the detail sheet", () => {
  it("puts the focus on Demander when the sheet opens", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");

    const sheet = await openSheet(wrapper);

    expect(sheet.element.contains(document.activeElement)).toBe(true);
    expect(focusedText()).toBe("Demander");
  });

  it("keeps Tab inside the sheet, both ways", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");
    const sheet = await openSheet(wrapper);
    const close = sheet.get(".sheet-close").element as HTMLElement;

    await key(document.activeElement!, "Tab");
    expect(document.activeElement).toBe(close);
    await key(close, "Tab", true);
    expect(focusedText()).toBe("Demander");
  });

  it("closes with Escape or the remote's Back key and gives the focus back to the poster", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");

    await openSheet(wrapper);
    await key(document.activeElement!, "Escape");
    expect(wrapper.find("[role=dialog]").exists()).toBe(false);
    expect(document.activeElement).toBe(wrapper.get(".poster-card").element);

    await openSheet(wrapper);
    await key(document.activeElement!, "GoBack");
    expect(wrapper.find("[role=dialog]").exists()).toBe(false);
  });

  it("brings the focus back inside when something behind the sheet takes it", async () => {
    new FakeApi().on("GET", "/api/v1/search", recorded.searchMovie).install();
    const { wrapper } = await mountApp("/");
    const sheet = await openSheet(wrapper);

    (wrapper.get("input[type=search]").element as HTMLElement).focus();

    expect(sheet.element.contains(document.activeElement)).toBe(true);
  });
});

describe("a TV remote on the cancel confirmation", () => {
  it("takes the focus on the safe answer, Escape keeps the request, the focus returns to the button", async () => {
    new FakeApi().on("GET", "/api/v1/requests/1", recorded.detailPending).install();
    const { wrapper } = await mountApp("/requests/1");
    const cancel = wrapper.findAll("button").find((b) => b.text() === "Annuler la demande")!;

    await cancel.trigger("click");
    await settle();
    expect(wrapper.get("[role=alertdialog]").attributes("aria-label")).toBe("Annuler cette demande ?");
    expect(focusedText()).toBe("Non, garder");

    await key(document.activeElement!, "Escape");
    expect(wrapper.find("[role=alertdialog]").exists()).toBe(false);
    expect(focusedText()).toBe("Annuler la demande");
  });
});

describe("a TV remote on the parents' confirmations", () => {
  it("puts the focus in the deny reason, and Escape gives up and returns to Refuser", async () => {
    new FakeApi()
      .on("GET", "/api/v1/requests", recorded.listAwaiting)
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .install();
    const { wrapper } = await mountApp("/admin/approvals");
    await settle();
    const deny = wrapper
      .findAll(".approval-row")[0]!
      .findAll("button")
      .find((b) => b.text() === "Refuser")!;

    await deny.trigger("click");
    await settle();
    expect(document.activeElement).toBe(wrapper.get("input[name=reason]").element);

    await key(document.activeElement!, "Escape");
    expect(wrapper.find("input[name=reason]").exists()).toBe(false);
    expect(focusedText()).toBe("Refuser");
  });

  it("asks before replacing the API key with the focus on Annuler", async () => {
    const api = new FakeApi().on("GET", "/api/v1/auth/api-key", recorded.apiKeyInfo).install();
    const { wrapper } = await mountApp("/admin/api-key");
    await settle();

    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Créer une nouvelle clé")!
      .trigger("click");
    await settle();
    expect(focusedText()).toBe("Annuler");
    await key(document.activeElement!, "Escape");

    expect(focusedText()).toBe("Créer une nouvelle clé");
    expect(api.callsTo("POST", "/api/v1/auth/api-key")).toHaveLength(0);
  });
});

describe("a TV remote on deleting a profile", () => {
  it("asks first with the focus on Annuler; Escape keeps the profile and returns to Supprimer", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/profiles", recorded.profilesList)
      .on("GET", "/api/v1/profiles/ratings", recorded.ratings)
      .install();
    const { wrapper } = await mountApp("/admin/profiles");
    await settle();
    const emma = wrapper.findAll(".profile-row")[2]!;

    await emma
      .findAll("button")
      .find((b) => b.text() === "Supprimer")!
      .trigger("click");
    await settle();
    expect(emma.get("[role=alertdialog]").attributes("aria-label")).toBe("Supprimer le profil « Emma » ?");
    expect(focusedText()).toBe("Annuler");
    await key(document.activeElement!, "Escape");

    expect(focusedText()).toBe("Supprimer");
    expect(emma.find("[role=alertdialog]").exists()).toBe(false);
    expect(api.callsTo("DELETE", "/api/v1/profiles/3")).toHaveLength(0);
  });
});
