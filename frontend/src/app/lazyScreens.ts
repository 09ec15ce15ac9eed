/** Screens fetched when first shown, not in the kiosk's first download (its budget: < 100 KB gzipped). */
import { defineAsyncComponent } from "vue";

export const loadRequestsPage = () => import("@/media_requests/RequestsPage.vue");
export const loadRequestPage = () => import("@/media_requests/RequestPage.vue");
export const loadSetupPage = () => import("@/profiles/SetupPage.vue");

/** The first run happens once per house. */
export const SetupPage = defineAsyncComponent(loadSetupPage);
