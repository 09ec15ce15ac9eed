/** Per-test reset: fresh storage, no leftover toasts or search, and no unanswered API routes. */
import { enableAutoUnmount } from "@vue/test-utils";
import { afterEach, beforeAll, beforeEach, expect } from "vitest";
import { serverReachable } from "@/api/client";
import { loadLocale } from "@/i18n";
import { resetSession } from "@/profiles/session";
import { resetSearch } from "@/search/searchState";
import { toasts } from "@/ui/toasts";
import { FakeApi } from "./support/fakeApi";

enableAutoUnmount(afterEach);

// Both languages fetched up front, so a test may start or switch in either at once, as the kiosk does once fetched.
beforeAll(() => loadLocale("en"));

beforeEach(() => {
  window.localStorage.clear();
  toasts.splice(0);
  resetSearch();
  serverReachable.value = true;
  resetSession();
});

afterEach(() => {
  const unexpected = FakeApi.current?.unexpected ?? [];
  FakeApi.current = null;
  expect(unexpected, "API calls the test gave no answer for").toEqual([]);
});
