/** Short messages at the bottom of the screen; errors from the API end up here. */
import { reactive } from "vue";
import { ApiError } from "@/api/errors";
import { refusalText } from "@/api/errorWords";
import { currentWords } from "@/i18n";

export type ToastTone = "info" | "success" | "error";

export interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
}

export const toasts = reactive<Toast[]>([]);

const DISPLAY_MS = 6000;
let nextId = 1;

/** Show a message for a few seconds (tap to dismiss earlier); it replaces the one before. */
export function notify(message: string, tone: ToastTone = "info"): void {
  const id = nextId++;
  // One at a time: a stack would spill out of the top bar over the page, and the older one is stale.
  toasts.splice(0, toasts.length, { id, tone, message });
  setTimeout(() => dismiss(id), DISPLAY_MS);
}

/** Remove one message. */
export function dismiss(id: number): void {
  const index = toasts.findIndex((toast) => toast.id === id);
  if (index >= 0) toasts.splice(index, 1);
}

/** The text to show for any failure: a refusal in the kiosk's words, the server's `detail`, or the "no
 * answer" message. */
export function errorMessage(error: unknown, unreachable: string): string {
  if (error instanceof ApiError) {
    if (error.kind === "network") return unreachable;
    const words = currentWords();
    return (words && refusalText(error, words.t, words.locale)) ?? error.detail;
  }
  return error instanceof Error ? error.message : String(error);
}
