/**
 * A sheet or a confirmation takes the focus while it is open, keeps Tab inside, closes with Escape or a
 * remote's Back key, and gives the focus back to what opened it.
 */
import { nextTick, onBeforeUnmount, onMounted, type Ref } from "vue";
import { focusablesIn } from "./spatialNavigation";

// Escape on a keyboard; TV remotes' Back key reaches browsers under one of the other names.
const BACK_KEYS: ReadonlySet<string> = new Set(["Escape", "GoBack", "BrowserBack"]);

export interface DialogFocusOptions {
  /** Called on Escape/Back: the owner closes the dialog. */
  close: () => void;
  /** Where the focus goes back when the opener itself is gone (a button the dialog replaced). */
  returnTo?: () => HTMLElement | null | undefined;
}

/** Put the focus in `dialog` now: its [data-autofocus] control, else its first control, else itself. */
export function focusInside(dialog: HTMLElement): void {
  const controls = focusablesIn(dialog);
  const preferred = controls.find((c) => c.hasAttribute("data-autofocus")) ?? controls[0];
  if (preferred) preferred.focus();
  else {
    dialog.tabIndex = -1;
    dialog.focus();
  }
}

/** Wire `dialog` (a template ref) for keyboard and remote use while the calling component is mounted. */
export function useDialogFocus(dialog: Ref<HTMLElement | null>, options: DialogFocusOptions): void {
  let opener: Element | null = null;

  function onKey(event: KeyboardEvent): void {
    const element = dialog.value;
    if (!element) return;
    if (BACK_KEYS.has(event.key)) {
      event.preventDefault();
      event.stopPropagation();
      options.close();
      return;
    }
    if (event.key !== "Tab") return;
    const controls = focusablesIn(element);
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !element.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !element.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  }

  // A click on the page behind, or a script, must not leave the focus outside an open dialog.
  function onFocusIn(event: FocusEvent): void {
    const element = dialog.value;
    if (element && event.target instanceof Node && !element.contains(event.target)) focusInside(element);
  }

  onMounted(() => {
    opener = document.activeElement;
    const element = dialog.value;
    if (!element) return;
    element.addEventListener("keydown", onKey);
    document.addEventListener("focusin", onFocusIn);
    focusInside(element);
  });

  onBeforeUnmount(() => {
    dialog.value?.removeEventListener("keydown", onKey);
    document.removeEventListener("focusin", onFocusIn);
    const back = opener;
    void nextTick(() => {
      // Only when nothing else took the focus meanwhile (a new page focuses its own things).
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      const openerLeft = back instanceof HTMLElement && back !== document.body && back.isConnected;
      const target = openerLeft ? back : options.returnTo?.();
      target?.focus();
    });
  });
}
