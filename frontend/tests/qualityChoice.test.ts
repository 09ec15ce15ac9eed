import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";
import { settingsRecorded } from "./support/settingsRecorded";

// 4K on request (issue 16 item 5): a parent picks a film's quality profile on the detail sheet.
async function openFilm(wrapper: VueWrapper) {
  await wrapper.get("input[type=search]").setValue("rrrrrrr");
  await wrapper
    .findAll(".chip")
    .find((chip) => chip.text() === "Films")!
    .trigger("click");
  await settle();
  await wrapper.get(".poster-card").trigger("click");
  await settle();
}

function button(wrapper: VueWrapper, label: string) {
  const found = wrapper.findAll("button").find((b) => b.text() === label);
  if (!found) throw new Error(`no button "${label}" in: ${wrapper.text()}`);
  return found;
}

describe("a parent chooses a film's quality", () => {
  it("asks for the film in 4K, even one Plex has in HD", async () => {
    const inPlex = withBody(recorded.searchMovie, (body) => {
      body.results[0]!.in_plex = true;
      return body;
    });
    const api = new FakeApi()
      .on("GET", "/api/v1/search", inPlex)
      .on("GET", "/api/v1/settings/quality-profiles", settingsRecorded.quality)
      .on("POST", "/api/v1/requests", recorded.createMovie201)
      .on("GET", "/api/v1/requests/1", recorded.detailPending)
      .install();
    const { wrapper } = await mountApp("/");
    await openFilm(wrapper);
    expect(wrapper.findAll("button").some((b) => b.text() === "Demander")).toBe(false);

    await wrapper.get("[data-testid=choose-quality]").trigger("click");
    await settle();
    const chips = wrapper.findAll(".quality-choice .chip").map((chip) => chip.text());
    expect(chips).toEqual(["Habituelle (HD 1080p)", "Ultra HD 4K", "Any"]);
    await button(wrapper, "Ultra HD 4K").trigger("click");
    await button(wrapper, "Demander").trigger("click");
    await settle();

    expect(api.callsTo("POST", "/api/v1/requests")[0]!.body).toEqual({
      media_type: "movie",
      tmdb_id: 21778,
      title: "RRRrrrr!!!",
      year: 2004,
      quality_profile: "Ultra HD 4K",
    });
  });

  it("is not offered to a family member", async () => {
    new FakeApi()
      .on("GET", "/api/v1/auth/session", recorded.sessionMember)
      .on("GET", "/api/v1/search", recorded.searchMovie)
      .on("GET", "/api/v1/profiles/me/allowance", recorded.allowanceMember)
      .install();
    const { wrapper } = await mountApp("/");
    await openFilm(wrapper);

    expect(wrapper.find("[data-testid=choose-quality]").exists()).toBe(false);
  });
});
