/** Refresh something every few seconds while a condition holds, stopping with the component. */
import { onBeforeUnmount, watch, type WatchSource } from "vue";

/** Call `refresh` every `intervalMs` while `active` is true; never two calls at once. */
export function usePolling(
  active: WatchSource<boolean>,
  refresh: () => Promise<unknown>,
  intervalMs = 5000,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const stop = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const schedule = () => {
    stop();
    timer = setTimeout(async () => {
      timer = undefined;
      running = true;
      try {
        await refresh();
      } catch {
        // The refresh reports its own errors; polling carries on so the screen recovers by itself.
      } finally {
        running = false;
      }
      if (isActive) schedule();
    }, intervalMs);
  };

  let isActive = false;
  watch(
    active,
    (value) => {
      isActive = value;
      if (value && timer === undefined && !running) schedule();
      if (!value) stop();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    isActive = false;
    stop();
  });
}
