/** The screens. Hash URLs, so a reload on any screen works behind any static server.

Only the search page is in the first download: the kiosk's JavaScript budget (< 100 KB gzipped, printed by
benchmarks/kiosk_budgets.py) leaves the other screens to load when someone opens them. */
import { createRouter, createWebHashHistory, type RouterHistory } from "vue-router";
import SearchPage from "@/search/SearchPage.vue";
import { sectionFrom } from "@/settings/sections";
import { loadRequestPage, loadRequestsPage } from "./lazyScreens";
import { parentsOnly } from "./parentsOnly";

/** The app's router; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: "/", name: "search", component: SearchPage },
      { path: "/requests", name: "requests", component: loadRequestsPage },
      {
        path: "/requests/:id(\\d+)",
        name: "request",
        component: loadRequestPage,
        props: (route) => ({ id: Number(route.params.id) }),
      },
      {
        // Parents only (the API refuses others too); loaded on demand, for parents only.
        path: "/admin/settings/:section?",
        name: "admin-settings",
        component: parentsOnly(() => import("@/settings/SettingsPage.vue")),
        props: (route) => ({ section: sectionFrom(route.params.section) }),
      },
      {
        // Right after the parents' profile is made: the house set up step by step.
        path: "/admin/first-run",
        name: "admin-first-run",
        component: parentsOnly(() => import("@/settings/FirstRunPage.vue")),
      },
      // The parents' area, guarded like the settings.
      { path: "/admin", redirect: { name: "admin-requests" } },
      {
        path: "/admin/requests",
        name: "admin-requests",
        component: parentsOnly(() => import("@/admin/FamilyRequestsPage.vue")),
      },
      {
        path: "/admin/approvals",
        name: "admin-approvals",
        component: parentsOnly(() => import("@/admin/ApprovalsPage.vue")),
      },
      {
        path: "/admin/profiles",
        name: "admin-profiles",
        component: parentsOnly(() => import("@/admin/ProfilesAdminPage.vue")),
      },
      {
        path: "/admin/api-key",
        name: "admin-api-key",
        component: parentsOnly(() => import("@/admin/ApiKeyPage.vue")),
      },
      {
        path: "/admin/jobs",
        name: "admin-jobs",
        component: parentsOnly(() => import("@/admin/JobsPage.vue")),
      },
      {
        path: "/admin/problems",
        name: "admin-problems",
        component: parentsOnly(() => import("@/admin/ProblemsPage.vue")),
      },
      { path: "/library", name: "library", component: () => import("@/library/LibraryPage.vue") },
      {
        path: "/admin/library-sync",
        name: "admin-library-sync",
        component: parentsOnly(() => import("@/library/SyncRunsPage.vue")),
      },
      { path: "/:unknown(.*)*", redirect: "/" },
    ],
  });
}
