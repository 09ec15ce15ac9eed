/** Mount the whole app (router, i18n, toasts) at a route, as the family would see it. */
import { flushPromises, mount } from "@vue/test-utils";
import { createMemoryHistory } from "vue-router";
import App from "@/app/App.vue";
import { loadRequestPage, loadRequestsPage, loadSetupPage } from "@/app/lazyScreens";
import { createAppRouter } from "@/app/router";
import { createAppI18n, loadParentsWords, type Locale } from "@/i18n";
import { FakeApi } from "./fakeApi";
import { recorded } from "./recorded";

const SESSION = "/api/v1/auth/session";

/** The mounted app at `path`, after its first API calls have answered.

Unless the test answers the session call itself, the kiosk starts signed in as the admin (Papa). */
export async function mountApp(path = "/", locale?: Locale) {
  // Fetched ahead, as a warm kiosk has them: a test's tap then lands on the next screen within settle().
  await Promise.all([loadRequestsPage(), loadRequestPage(), loadSetupPage(), loadParentsWords()]);
  const fake = FakeApi.current;
  if (fake && !fake.has("GET", SESSION)) fake.on("GET", SESSION, recorded.sessionAdmin);
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
