/** The three screens. Hash URLs, so a reload on any screen works behind any static server. */
import { createRouter, createWebHashHistory, type RouterHistory } from "vue-router";
import RequestPage from "@/media_requests/RequestPage.vue";
import RequestsPage from "@/media_requests/RequestsPage.vue";
import SearchPage from "@/search/SearchPage.vue";

/** The app's router; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: "/", name: "search", component: SearchPage },
      { path: "/requests", name: "requests", component: RequestsPage },
      {
        path: "/requests/:id(\\d+)",
        name: "request",
        component: RequestPage,
        props: (route) => ({ id: Number(route.params.id) }),
      },
      { path: "/:unknown(.*)*", redirect: "/" },
    ],
  });
}
