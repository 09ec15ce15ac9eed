import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

const SESSION = "/api/v1/auth/session";

function signedOut(): FakeApi {
  return new FakeApi()
    .on("GET", SESSION, recorded.sessionSignedOut)
    .on("GET", "/api/v1/profiles/picker", recorded.picker);
}

function tile(wrapper: VueWrapper, name: string) {
  const found = wrapper.findAll(".profile-tile").find((t) => t.get(".profile-name").text() === name);
  if (!found) throw new Error(`no profile "${name}" in: ${wrapper.text()}`);
  return found;
}

async function typePin(wrapper: VueWrapper, pin: string): Promise<void> {
  for (const digit of pin) {
    await wrapper
      .findAll(".key")
      .find((k) => k.text() === digit)!
      .trigger("click");
  }
  await wrapper.get(".key.ok").trigger("click");
  await settle();
}

const emmaSignedIn = withBody(recorded.sessionChild, (body) => body);

describe("the profile picker", () => {
  it("is the home screen while nobody is signed in, and shows who has a PIN", async () => {
    signedOut().install();
    const { wrapper } = await mountApp("/");

    expect(wrapper.get("h1").text()).toBe("Qui regarde ?");
    expect(wrapper.findAll(".profile-name").map((n) => n.text())).toEqual(["Papa", "Léa", "Emma"]);
    // The padlock and the avatars are drawings shipped with the app: they show without an emoji font.
    expect(tile(wrapper, "Emma").get(".lock").text()).toBe("code");
    expect(tile(wrapper, "Emma").find(".lock svg.lock-icon").exists()).toBe(true);
    expect(tile(wrapper, "Léa").find(".lock").exists()).toBe(false);
    expect(wrapper.html()).not.toMatch(/\p{Extended_Pictographic}/u);
    expect(wrapper.findAll(".profile-tile .avatar svg")).toHaveLength(3);
    expect(wrapper.find("input[type=search]").exists()).toBe(false);
    expect(wrapper.find(".main-nav a").exists()).toBe(false);
  });

  it("signs a profile without PIN in with one tap, and shows only her requests", async () => {
    const api = signedOut()
      .on("POST", SESSION, recorded.signInMember)
      .on("GET", "/api/v1/requests", recorded.listMember)
      .install();
    const { wrapper, router } = await mountApp("/");

    await tile(wrapper, "Léa").trigger("click");
    await settle();

    expect(api.callsTo("POST", SESSION)[0]!.body).toEqual({ profile_id: 2, secret: null });
    expect(wrapper.get(".viewer-name").text()).toBe("Léa");
    expect(wrapper.find("input[type=search]").exists()).toBe(true);
    expect(wrapper.text()).not.toContain("Parents");

    await router.push("/requests");
    await settle();
    expect(api.callsTo("GET", "/api/v1/requests")[0]!.query.get("requested_by")).toBe("2");
  });

  it("asks for the PIN, says how many tries are left, then lets the right PIN in", async () => {
    const api = signedOut().on("POST", SESSION, recorded.signInWrongPin, emmaSignedIn).install();
    const { wrapper } = await mountApp("/");

    await tile(wrapper, "Emma").trigger("click");
    expect(wrapper.text()).toContain("Code de Emma");
    await typePin(wrapper, "0000");
    expect(wrapper.get(".pin-message").text()).toBe(
      "Code incorrect : encore 4 essais avant un blocage de 5 minutes.",
    );

    await typePin(wrapper, "1357");
    expect(api.callsTo("POST", SESSION).map((c) => c.body)).toEqual([
      { profile_id: 3, secret: "0000" },
      { profile_id: 3, secret: "1357" },
    ]);
    expect(wrapper.get(".viewer-name").text()).toBe("Emma");
  });

  it("says the profile is locked and disables the pad", async () => {
    signedOut().on("POST", SESSION, recorded.signInLocked).install();
    const { wrapper } = await mountApp("/");

    await tile(wrapper, "Emma").trigger("click");
    await typePin(wrapper, "1234");

    expect(wrapper.get(".pin-message").text()).toMatch(/^Trop d'essais incorrects : bloqué 5 minutes/);
    expect(wrapper.findAll(".key").every((k) => k.attributes("disabled") !== undefined)).toBe(true);
    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Retour")!
      .trigger("click");
    expect(wrapper.findAll(".profile-tile")).toHaveLength(3);
  });

  it("types the PIN on a keyboard too", async () => {
    const api = signedOut().on("POST", SESSION, emmaSignedIn).install();
    const { wrapper } = await mountApp("/");
    await tile(wrapper, "Emma").trigger("click");

    for (const key of ["1", "3", "5", "9", "Backspace", "7", "Enter"]) {
      window.dispatchEvent(new KeyboardEvent("keydown", { key }));
    }
    await settle();

    expect(api.callsTo("POST", SESSION)[0]!.body).toEqual({ profile_id: 3, secret: "1357" });
  });
});
