import { describe, expect, it } from "vitest";
import openapi from "../openapi.json";
import { createAppI18n, LOCALE_STORAGE_KEY } from "@/i18n";
import en from "@/i18n/en";
import fr from "@/i18n/fr";
import parentsEn from "@/i18n/parents/en";
import parentsFr from "@/i18n/parents/fr";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, path: string): unknown {
  return path.split(".").reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);
}

// The kiosk's words and the parents' pages' (fetched with those pages), checked as one set per language.
const messages = { fr: { ...fr, ...parentsFr }, en: { ...en, ...parentsEn } };
const statuses = openapi.components.schemas.RequestStatus.enum;

describe("translations", () => {
  it("has every French key in English and every English key in French", () => {
    const fr = keys(messages.fr as unknown as Tree).sort();
    const en = keys(messages.en as unknown as Tree).sort();
    expect(
      en.filter((k) => !fr.includes(k)),
      "keys only in English",
    ).toEqual([]);
    expect(
      fr.filter((k) => !en.includes(k)),
      "keys missing in English",
    ).toEqual([]);
  });

  it("has no empty text in either language", () => {
    for (const [locale, tree] of Object.entries(messages)) {
      const empty = keys(tree as unknown as Tree).filter(
        (k) => !String(lookup(tree as unknown as Tree, k)).trim(),
      );
      expect(empty, `empty texts in ${locale}`).toEqual([]);
    }
  });

  it("names and narrates every request status the API can send, in both languages", () => {
    expect(statuses.length).toBe(14);
    for (const tree of Object.values(messages)) {
      for (const status of statuses) {
        expect(lookup(tree as unknown as Tree, `status.${status}`), status).toEqual(expect.any(String));
        expect(lookup(tree as unknown as Tree, `story.${status}`), status).toEqual(expect.any(String));
      }
    }
  });
});

describe("the parents' words", () => {
  it("are not in the kiosk's first download, and do not share a section with it", () => {
    const kiosk = Object.keys(fr);
    expect(Object.keys(parentsFr).filter((section) => kiosk.includes(section))).toEqual([]);
  });

  it("come with a parents' page, in the language showing and in the one switched to", async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, "en");
    new FakeApi().on("GET", "/api/v1/auth/api-key", recorded.apiKeyInfo).install();
    const { wrapper } = await mountApp("/admin/api-key");
    expect(wrapper.get("h1").text()).toBe(parentsEn.admin.apiKey);

    await wrapper.get('button[lang="fr"]').trigger("click");
    await settle();
    expect(wrapper.get("h1").text()).toBe(parentsFr.admin.apiKey);
  });
});

describe("language choice", () => {
  it("starts in French on a new device", () => {
    expect(createAppI18n().global.locale.value).toBe("fr");
  });

  it("switches to English, remembers it, and comes back in English", async () => {
    new FakeApi().on("GET", "/api/v1/requests", recorded.listAll).install();
    const first = await mountApp("/requests");
    expect(first.wrapper.get("h1").text()).toBe("Mes demandes");

    await first.wrapper.get('button[lang="en"]').trigger("click");
    expect(first.wrapper.get("h1").text()).toBe("My requests");
    expect(first.wrapper.get(".status-badge").text()).toBe("Waiting");
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("en");
    first.wrapper.unmount();

    const again = await mountApp("/requests");
    expect(again.wrapper.get("h1").text()).toBe("My requests");
  });

  it("asks the API for texts in the chosen language", async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, "en");
    const api = new FakeApi().on("GET", "/api/v1/requests", recorded.listAll).install();

    await mountApp("/requests");

    expect(api.calls[0]!.headers.get("Accept-Language")).toBe("en");
  });
});
