import { describe, expect, it } from "vitest";
import type { VueWrapper } from "@vue/test-utils";
import { FakeApi } from "./support/fakeApi";
import { settle } from "./support/mountApp";
import { mountSettings, settingsRecorded as recorded } from "./support/settingsRecorded";

const NOTIFICATIONS = "/api/v1/settings/notifications";
const QUALITY = "/api/v1/settings/quality-profiles";

async function click(wrapper: VueWrapper, selector: string): Promise<void> {
  await wrapper.get(selector).trigger("click");
  await settle();
}

function allowed(wrapper: VueWrapper): string[] {
  return wrapper.findAll(".quality-row .quality-label").map((label) => label.text());
}

describe("notifications", () => {
  it("shows saved targets by service only, keeps them by id and adds new addresses", async () => {
    const api = new FakeApi()
      .on("GET", NOTIFICATIONS, recorded.notificationsPut)
      .on("GET", `${NOTIFICATIONS}/profiles`, recorded.notificationsProfiles)
      .on("PUT", NOTIFICATIONS, recorded.notificationsPut)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/notifications");
    const saved = recorded.notificationsPut.body.admin_targets[0]!;
    expect(wrapper.get(".target-row").text()).toContain("json");
    expect(wrapper.get(".target-row").text()).toContain("Enregistré");
    expect(wrapper.html()).not.toContain("127.0.0.1");

    await click(wrapper, ".notifications > form .add-target");
    await wrapper.get("#admin-target-1").setValue("tgram://bottoken/12345");
    await wrapper.get('.admin-events input[value="available"]').setValue(true);
    await wrapper.get("#notification-links-base-url").setValue(" http://192.168.1.20:8000 ");
    await wrapper.get(".notifications > form").trigger("submit");
    await settle();

    expect(api.callsTo("PUT", NOTIFICATIONS)[0]!.body).toEqual({
      admin_targets: [{ id: saved.id }, { url: "tgram://bottoken/12345" }],
      admin_events: ["requested", "failed", "available"],
      profile_events: ["approved", "downloading", "available", "failed"],
      language: "fr",
      links_base_url: "http://192.168.1.20:8000",
    });
  });

  it("sends a test message and says which targets got it", async () => {
    const api = new FakeApi()
      .on("GET", NOTIFICATIONS, recorded.notificationsPut)
      .on("GET", `${NOTIFICATIONS}/profiles`, recorded.notificationsProfiles)
      .on("POST", `${NOTIFICATIONS}/test`, recorded.notificationsTest)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/notifications");
    await click(wrapper, ".send-test");

    expect(api.callsTo("POST", `${NOTIFICATIONS}/test`)[0]!.body).toEqual({
      targets: [{ id: recorded.notificationsPut.body.admin_targets[0]!.id }],
    });
    expect(wrapper.findAll(".deliveries li").map((li) => li.text())).toEqual([
      "json — message envoyé",
      // The server's code in the family's words, not its English reason.
      "json — message non envoyé (le service a refusé le message ou était injoignable)",
    ]);
  });

  it("gives each family member their own targets", async () => {
    const api = new FakeApi()
      .on("GET", NOTIFICATIONS, recorded.notificationsUnset)
      .on("GET", `${NOTIFICATIONS}/profiles`, recorded.notificationsProfiles)
      .on("PUT", `${NOTIFICATIONS}/profiles/1`, {
        status: 200,
        body: { profile_id: 1, name: "Léa", targets: [{ id: "abc123", service: "tgram", url: "set" }] },
      })
      .install();
    const { wrapper } = await mountSettings("/admin/settings/notifications");
    const lea = wrapper.get('.profile-targets[data-profile="1"]');
    expect(lea.get("h4").text()).toBe(recorded.notificationsProfiles.body[0]!.name);

    await lea.get(".add-target").trigger("click");
    await settle();
    await lea.get("#profile-1-target-0").setValue("tgram://bot/lea");
    await lea.trigger("submit");
    await settle();

    expect(api.callsTo("PUT", `${NOTIFICATIONS}/profiles/1`)[0]!.body).toEqual({
      targets: [{ url: "tgram://bot/lea" }],
    });
    expect(lea.get(".target-row").text()).toContain("tgram");
  });
});

describe("pipeline knobs", () => {
  it("sends an empty seeding goal as no goal and shows the server's limits", async () => {
    const api = new FakeApi()
      .on("GET", "/api/v1/settings/pipeline", recorded.pipeline)
      .on("PUT", "/api/v1/settings/pipeline", recorded.pipelinePut422)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/pipeline");
    expect((wrapper.get("#pipeline-research_interval_hours").element as HTMLInputElement).value).toBe("6");

    await wrapper.get("#pipeline-research_interval_hours").setValue("0");
    await wrapper.get("#pipeline-seeding-ratio").setValue("");
    await wrapper.get("form").trigger("submit");
    await settle();

    const sent = api.callsTo("PUT", "/api/v1/settings/pipeline")[0]!.body as Record<string, unknown>;
    expect([sent.research_interval_hours, sent.seeding_ratio_goal, sent.seeding_minutes_goal]).toEqual([
      0,
      null,
      10080,
    ]);
    expect(wrapper.get(".field-error").text()).toBe("Input should be greater than or equal to 0.25");
  });
});

describe("quality profiles editor", () => {
  it("shows the shipped profiles and the defaults for films and shows", async () => {
    new FakeApi().on("GET", QUALITY, recorded.quality).install();
    const { wrapper } = await mountSettings("/admin/settings/quality");
    expect(wrapper.findAll(".profile-chips .chip").map((chip) => chip.text())).toEqual([
      "HD 1080p",
      "Ultra HD 4K",
      "Any",
      "+ Nouveau profil",
    ]);
    expect((wrapper.get("#default-movie").element as HTMLSelectElement).selectedOptions[0]!.text).toBe(
      "HD 1080p",
    );
    expect(allowed(wrapper)[0]).toBe("HDTV-720p");
    expect((wrapper.get("#profile-audio").element as HTMLSelectElement).selectedOptions[0]!.text).toBe(
      "Français de préférence",
    );
  });

  it("orders qualities, picks the audio policy and words, and saves every profile with the defaults", async () => {
    const api = new FakeApi()
      .on("GET", QUALITY, recorded.quality)
      .on("PUT", QUALITY, recorded.qualityPut)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/quality");

    await click(wrapper, '.quality-row[data-quality="Bluray-1080p"] .move-up');
    await click(wrapper, '.quality-row[data-quality="HDTV-720p"] .remove-quality');
    await wrapper.get(".add-quality select").setValue("Remux-1080p");
    await settle();
    await wrapper.get("#profile-audio").setValue("french_or_subtitled");
    await wrapper.get("#profile-forbidden_words").setValue("3D, HSBS, CAM");
    await wrapper.get("#profile-forbidden_words").trigger("change");
    await click(wrapper, ".add-profile");
    await wrapper.get("#profile-name").setValue("Séries en VF");
    await wrapper.get("#default-tv").setValue("3");
    await wrapper.get("form").trigger("submit");
    await settle();

    const body = api.callsTo("PUT", QUALITY)[0]!.body as {
      profiles: { name: string; allowed: string[]; audio_policy: string; forbidden_words: string[] }[];
      default_movie: string;
      default_tv: string;
    };
    const [hd, , , copy] = body.profiles;
    expect(hd!.allowed).toEqual([
      "WEBRip-720p",
      "WEBDL-720p",
      "Bluray-720p",
      "HDTV-1080p",
      "WEBRip-1080p",
      "Bluray-1080p",
      "WEBDL-1080p",
      "Remux-1080p",
    ]);
    expect([hd!.audio_policy, hd!.forbidden_words]).toEqual(["french_or_subtitled", ["3D", "HSBS", "CAM"]]);
    expect([copy!.name, copy!.allowed]).toEqual(["Séries en VF", hd!.allowed]);
    expect([body.default_movie, body.default_tv]).toEqual(["HD 1080p", "Séries en VF"]);
    expect(wrapper.findAll(".profile-chips .chip").map((chip) => chip.text())).toEqual([
      "Films en VF",
      "+ Nouveau profil",
    ]);
  });

  it("says from which resolution a name without a source is taken, and sends the choice", async () => {
    const api = new FakeApi()
      .on("GET", QUALITY, recorded.quality)
      .on("PUT", QUALITY, recorded.qualityPut)
      .install();
    const { wrapper } = await mountSettings("/admin/settings/quality");
    const choices = wrapper.findAll("#profile-unknown-source option").map((option) => option.text());
    expect(choices).toEqual([
      "Acceptés à partir de 480p",
      "Acceptés à partir de 576p",
      "Acceptés à partir de 720p",
      "Acceptés à partir de 1080p",
      "Acceptés à partir de 2160p",
      "Jamais acceptés",
    ]);

    await wrapper.get("#profile-unknown-source").setValue("1080p");
    await wrapper.get("form").trigger("submit");
    await settle();

    const body = api.callsTo("PUT", QUALITY)[0]!.body as {
      profiles: { unknown_source_from: string | null }[];
    };
    expect(body.profiles[0]!.unknown_source_from).toBe("1080p");
  });

  it("shows why the server refused a profile", async () => {
    new FakeApi().on("GET", QUALITY, recorded.quality).on("PUT", QUALITY, recorded.qualityPut422).install();
    const { wrapper } = await mountSettings("/admin/settings/quality");
    await wrapper.get("form").trigger("submit");
    await settle();
    expect(wrapper.get(".quality-profile-form .field-error").text()).toBe(
      "Films en VF: the preferred quality Remux-2160p must be among the allowed",
    );
  });
});
