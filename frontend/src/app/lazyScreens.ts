/** Screens fetched when first shown, not in the kiosk's first download (its budget: < 100 KB gzipped). */
import { defineAsyncComponent } from "vue";

export const loadRequestsPage = () => import("@/media_requests/RequestsPage.vue");
export const loadRequestPage = () => import("@/media_requests/RequestPage.vue");
export const loadSetupPage = () => import("@/profiles/SetupPage.vue");
export const loadIdleScreen = () => import("@/idle/IdleScreen.vue");

/** The first run happens once per house. */
export const SetupPage = defineAsyncComponent(loadSetupPage);
/** Shown after the idle time (a tap or a key hides it even if its code could not be fetched: session.ts). */
export const IdleScreen = defineAsyncComponent(loadIdleScreen);
