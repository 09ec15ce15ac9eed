/** Mount the whole app (router, i18n, toasts) at a route, as the family would see it. */
import { flushPromises, mount } from "@vue/test-utils";
import { createMemoryHistory } from "vue-router";
import App from "@/app/App.vue";
import { createAppRouter } from "@/app/router";
import { createAppI18n, type Locale } from "@/i18n";

/** The mounted app at `path`, after its first API calls have answered. */
export async function mountApp(path = "/", locale?: Locale) {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  const wrapper = mount(App, {
    global: { plugins: [router, createAppI18n(locale)] },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router };
}

/** Let pending API answers land and the screen update. */
export async function settle(): Promise<void> {
  await flushPromises();
  await flushPromises();
}
