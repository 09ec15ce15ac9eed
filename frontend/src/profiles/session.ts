/** Who is using the kiosk: the signed-in viewer, shared by every screen, and the idle screen after the idle
 * timeout. */
import { onBeforeUnmount, reactive, watch } from "vue";
import { ApiError, onUnauthorized } from "@/api/client";
import * as profiles from "./api";
import type { SessionState, Viewer } from "./types";

interface Session {
  /** False until the first answer about the session (nothing is shown before it). */
  loaded: boolean;
  viewer: Viewer | null;
  needsSetup: boolean;
  idleSeconds: number;
  /** The kiosk was left alone: the idle screen shows until the next touch or key. */
  idle: boolean;
}

export const session = reactive<Session>({
  loaded: false,
  viewer: null,
  needsSetup: false,
  idleSeconds: 120,
  idle: false,
});

/** Back to the start (tests). */
export function resetSession(): void {
  Object.assign(session, { loaded: false, viewer: null, needsSetup: false, idleSeconds: 120, idle: false });
}

/** Take what the server says about the session. */
export function applySession(state: SessionState): void {
  session.viewer = state.viewer;
  session.needsSetup = state.needs_setup;
  session.idleSeconds = state.idle_seconds;
  session.loaded = true;
}

/** Ask the server who is signed in; if it does not answer, show the picker (it says so itself). */
export async function loadSession(): Promise<void> {
  try {
    applySession(await profiles.getSession());
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    session.viewer = null;
    session.loaded = true;
  }
}

/** Sign out on this device and go back to the picker, even if the server does not answer. */
export async function endSession(): Promise<void> {
  session.viewer = null;
  try {
    await profiles.signOut();
  } catch {
    // The cookie lapses on its own after the idle time; the picker is what matters here.
  }
}

// Any 401 means the session ended (idle, PIN changed, profile deleted): back to the picker.
onUnauthorized(() => {
  session.viewer = null;
});

// Dispatched on window by a screen whose content moves on its own while someone watches it.
const PROGRESS_EVENT = "plex-kiosk:progress";
const ACTIVITY = ["pointerdown", "keydown", "touchstart", "wheel", PROGRESS_EVENT] as const;

/** Something the viewer is watching moved (a download's progress): the idle timeout starts again, as for a touch. */
export function keepWatching(): void {
  window.dispatchEvent(new Event(PROGRESS_EVENT));
}

// What wakes the idle screen: a tap (its click, so the tap does not land on the picker behind) or any key.
const WAKE = ["click", "keydown"] as const;

/** After `session.idleSeconds` without a touch, a key or progress (signed in or on the picker), call
 * `onIdle` and show the idle screen; the next tap or key hides it, and goes no further. */
export function useIdleTimeout(onIdle: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const restart = () => {
    stop();
    if (session.loaded && !session.needsSetup && !session.idle) {
      timer = setTimeout(() => {
        session.idle = true;
        onIdle();
      }, session.idleSeconds * 1000);
    }
  };
  const wake = (event: Event) => {
    if (!session.idle) return;
    // The key that wakes the kiosk only wakes it: no arrow moving the focus, no Enter choosing a profile.
    event.preventDefault();
    event.stopImmediatePropagation();
    session.idle = false;
  };
  for (const name of ACTIVITY) window.addEventListener(name, restart, { passive: true });
  for (const name of WAKE) window.addEventListener(name, wake, { capture: true });
  watch(
    () => [session.loaded, session.needsSetup, session.viewer, session.idleSeconds, session.idle],
    restart,
    { immediate: true },
  );
  onBeforeUnmount(() => {
    stop();
    for (const name of ACTIVITY) window.removeEventListener(name, restart);
    for (const name of WAKE) window.removeEventListener(name, wake, { capture: true });
  });
}
