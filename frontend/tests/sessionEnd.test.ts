import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadIdleScreen } from "@/app/lazyScreens";
import { FakeApi, withBody } from "./support/fakeApi";
import { mountApp, settle } from "./support/mountApp";
import { recorded } from "./support/recorded";

const SESSION = "/api/v1/auth/session";

afterEach(() => {
  vi.useRealTimers();
});

function kiosk(): FakeApi {
  return new FakeApi()
    .on("GET", SESSION, recorded.sessionMember)
    .on("DELETE", SESSION, { status: 204, body: null })
    .on("GET", "/api/v1/profiles/picker", recorded.picker)
    .on("GET", "/api/v1/idle-screen", {
      status: 200,
      body: { timezone: "Europe/Paris", recent: [], coming: [] },
    });
}

/** The idle screen shows (signed out); a tap on it brings the picker. */
async function tapTheIdleScreen(wrapper: Awaited<ReturnType<typeof mountApp>>["wrapper"]): Promise<void> {
  await wrapper.get("[data-testid=idle-screen]").trigger("click");
  await settle();
}

describe("the end of a session", () => {
  beforeAll(() => loadIdleScreen());

  it("goes to the idle screen, signed out, after two minutes without a touch", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const api = kiosk().install();
    const { wrapper } = await mountApp("/");
    expect(wrapper.get(".viewer-name").text()).toBe("Léa");

    await vi.advanceTimersByTimeAsync(90_000);
    window.dispatchEvent(new Event("pointerdown")); // someone is still there
    await vi.advanceTimersByTimeAsync(90_000);
    expect(api.callsTo("DELETE", SESSION)).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(31_000);
    await settle();
    expect(api.callsTo("DELETE", SESSION)).toHaveLength(1);
    await tapTheIdleScreen(wrapper);
    expect(wrapper.get("h1").text()).toBe("Qui regarde ?");
  });

  it("keeps a profile watching its download signed in while the progress moves, not after it stops", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const at = (fraction: number) =>
      withBody(recorded.detailPending, (body) => {
        body.status = "DOWNLOADING";
        body.download = {
          fraction,
          eta_seconds: 600,
          download_speed: 2_000_000,
          state: "downloading",
          live: true,
          broken: false,
        };
        return body;
      });
    // One answer per 5 s poll: 3 minutes of a download that moves, then one that is stuck at 90 %.
    const moving = Array.from({ length: 36 }, (_, step) => at(0.05 + step * 0.025));
    const api = kiosk()
      .on("GET", "/api/v1/requests/1", ...moving, at(0.9))
      .install();
    const { wrapper } = await mountApp("/requests/1");

    await vi.advanceTimersByTimeAsync(180_000); // nobody touched the screen
    expect(api.callsTo("DELETE", SESSION)).toHaveLength(0);
    expect(wrapper.get(".viewer-name").text()).toBe("Léa");

    await vi.advanceTimersByTimeAsync(125_000); // the progress has not moved for two minutes
    await settle();
    expect(api.callsTo("DELETE", SESSION)).toHaveLength(1);
    await tapTheIdleScreen(wrapper);
    expect(wrapper.get("h1").text()).toBe("Qui regarde ?");
  });

  it("switches profile with the button", async () => {
    const api = kiosk().on("GET", "/api/v1/requests", recorded.listMember).install();
    const { wrapper, router } = await mountApp("/");
    await router.push("/requests");

    await wrapper.get(".switch-profile").trigger("click");
    await settle();

    expect(api.callsTo("DELETE", SESSION)).toHaveLength(1);
    expect(router.currentRoute.value.name).toBe("search");
    expect(wrapper.findAll(".profile-tile")).toHaveLength(3);
  });

  it("shows the picker when the server says the session has ended", async () => {
    kiosk().on("GET", "/api/v1/requests", recorded.requests401).install();
    const { wrapper } = await mountApp("/requests");
    await settle();

    expect(wrapper.get("h1").text()).toBe("Qui regarde ?");
  });
});
