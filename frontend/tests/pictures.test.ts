import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

const POSTER = "/api/v1/images/poster/qsGU6myn85MfqpNAxzJtxJ3VgrM.jpg?title=RRRrrrr%21%21%21";
// Pictographs an emoji font draws; a kiosk without one shows them as empty boxes.
const EMOJI = /\p{Extended_Pictographic}/u;

async function search(wrapper: VueWrapper, text: string): Promise<void> {
  await wrapper.get("input[type=search]").setValue(text);
  await wrapper.get("form[role=search]").trigger("submit");
  await settle();
}

describe("pictures that always show", () => {
  it("takes posters from the appliance and draws the title when even that cannot load", async () => {
    const found = withBody(recorded.searchMovie, (body) => {
      body.results[0]!.poster_url = POSTER;
      return body;
    });
    new FakeApi().on("GET", "/api/v1/search", found).install();
    const { wrapper } = await mountApp("/");
    await search(wrapper, "rrrrrrr");

    const card = wrapper.get(".poster-card");
    expect(card.get("img").attributes("src")).toBe(POSTER);
    await card.get("img").trigger("error"); // the appliance is away: no broken-image icon
    expect(card.find("img").exists()).toBe(false);
    const drawn = card.get("[data-testid=drawn-picture]");
    expect(drawn.text()).toBe("RRRrrrr!!!");
    expect(drawn.attributes("aria-label")).toBe("Affiche de RRRrrrr!!!");
  });

  it("draws a poster for a title that has none", async () => {
    const found = withBody(recorded.searchMovie, (body) => {
      body.results[0]!.poster_url = null;
      return body;
    });
    new FakeApi().on("GET", "/api/v1/search", found).install();
    const { wrapper } = await mountApp("/");
    await search(wrapper, "rrrrrrr");

    expect(wrapper.get(".poster-card [data-testid=drawn-picture]").text()).toBe("RRRrrrr!!!");
  });

  it("draws every avatar and the padlock with the app's own pictures, named in French", async () => {
    new FakeApi().on("GET", "/api/v1/auth/session", recorded.sessionNeedsSetup).install();
    const { wrapper } = await mountApp("/");

    const choices = wrapper.findAll(".avatar-choice button");
    expect(choices).toHaveLength(12);
    expect(choices.slice(0, 3).map((b) => b.attributes("aria-label"))).toEqual(["Renard", "Chat", "Chien"]);
    expect(choices.every((b) => b.find("svg").exists())).toBe(true);
    expect(wrapper.html()).not.toMatch(EMOJI);
  });

  it("shows a profile whose avatar has no drawing by its initial", async () => {
    const picker = withBody(recorded.picker, (body) => {
      body.profiles[0]!.avatar = "🛸";
      return body;
    });
    new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionSignedOut)
      .on("GET", "/api/v1/profiles/picker", picker)
      .install();
    const { wrapper } = await mountApp("/");

    const first = wrapper.get(".profile-tile .avatar");
    expect(first.text()).toBe(recorded.picker.body.profiles[0]!.name.slice(0, 1).toUpperCase());
    expect(wrapper.html()).not.toMatch(EMOJI);
  });
});
