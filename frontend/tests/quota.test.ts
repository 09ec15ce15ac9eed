import { describe, expect, it } from "vitest";
import { FakeApi } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

describe("a family member's quota", () => {
  it("shows what is left before asking, and the refusal in the kiosk's words when it is used up", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionMember)
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("GET", "/api/v1/profiles/me/allowance", recorded.allowanceMember)
      .on("POST", "/api/v1/requests", recorded.createQuota403)
      .install();
    const { wrapper, router } = await mountApp("/");

    await wrapper.get("input[type=search]").setValue("rrrrrrr");
    await wrapper
      .findAll(".chip")
      .find((chip) => chip.text() === "Films")!
      .trigger("click");
    await settle();
    await wrapper.get(".poster-card").trigger("click");
    await settle();
    expect(wrapper.get(".allowance").text()).toBe("Léa peut encore demander 1 film cette semaine");

    await wrapper
      .findAll("button")
      .find((b) => b.text() === "Demander")!
      .trigger("click");
    await settle();

    // Worded from the refusal's code and facts (the server's own `detail` is for scripts).
    expect(wrapper.findAll(".toast").map((t) => t.text())).toEqual([
      "Léa a déjà demandé le film autorisé cette semaine. Prochaine demande possible dimanche 29 novembre à 02:11.",
    ]);
    expect(router.currentRoute.value.fullPath).toBe("/");
    expect(api.callsTo("POST", "/api/v1/requests")).toHaveLength(1);
  });
});
