import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";
import { settingsRecorded } from "./support/settingsRecorded";

function button(wrapper: VueWrapper, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

describe("the first run", () => {
  it("creates the parents' profile, shows the API key once, then sets up the house signed in", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionNeedsSetup, recorded.sessionAdmin)
      .on("POST", "/api/v1/auth/setup", recorded.setup201)
      .on("GET", "/api/v1/settings/plex", settingsRecorded.plexUnset)
      .install();
    await import("@/settings/FirstRunPage.vue"); // fetched ahead, as a warm kiosk has it
    const { wrapper, router } = await mountApp("/");
    expect(wrapper.get("h1").text()).toBe("Bienvenue !");

    await wrapper.get("input[type=text]").setValue("Papa");
    await wrapper.get("input[name=secret]").setValue("2468");
    await wrapper.get("input[name=confirmation]").setValue("2468");
    await button(wrapper, "Créer le profil parent").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/auth/setup")[0]!.body).toEqual({
      name: "Papa",
      avatar: "🦊",
      color: "#e5a00d",
      language: "fr",
      secret: { kind: "pin", value: "2468" },
    });
    expect(wrapper.get(".api-key").text()).toBe(recorded.setup201.body.api_key.api_key);
    expect(wrapper.text()).toContain("elle ne sera plus jamais affichée");

    await button(wrapper, "C'est noté, continuer").trigger("click");
    await settle();
    expect(wrapper.find(".api-key").exists()).toBe(false);
    expect(wrapper.get(".viewer-name").text()).toBe("Papa");
    expect(wrapper.get(".admin-link").text()).toBe("Parents");
    expect(router.currentRoute.value.name).toBe("admin-first-run");
    expect(wrapper.get(".first-run-step").text()).toBe("Plex");
  });

  it("will not send a PIN that breaks the rule or differs from its confirmation", async () => {
    new FakeApi().on("GET", "/api/v1/auth/session", recorded.sessionNeedsSetup).install();
    const { wrapper } = await mountApp("/");

    await wrapper.get("input[type=text]").setValue("Papa");
    await wrapper.get("input[name=secret]").setValue("12");
    expect(wrapper.text()).toContain("Un code compte 4 à 8 chiffres.");
    await wrapper.get("input[name=secret]").setValue("2468");
    await wrapper.get("input[name=confirmation]").setValue("2469");
    expect(wrapper.text()).toContain("Les deux saisies sont différentes.");
    expect(button(wrapper, "Créer le profil parent").attributes("disabled")).toBeDefined();
  });
});
