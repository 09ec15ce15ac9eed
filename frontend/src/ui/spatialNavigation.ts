/**
 * Arrow keys move the focus to the nearest control in that direction, as a TV remote expects.
 *
 * Small on purpose: the geometry is one pure function (`nearestInDirection`), the rest finds the controls
 * on screen and leaves text fields their caret. An open modal (aria-modal="true") is the only place the
 * focus may go, so a remote cannot wander behind a sheet.
 */

export type Direction = "up" | "down" | "left" | "right";

/** A control's box on screen, as getBoundingClientRect gives it. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Placed<T> {
  item: T;
  box: Box;
}

const ARROWS: Readonly<Record<string, Direction>> = {
  ArrowUp: "up",
  ArrowDown: "down",
  ArrowLeft: "left",
  ArrowRight: "right",
};

// Being off to the side costs more than being further along: Down from a poster picks the one under
// it, not a closer one in the next column.
const ACROSS_WEIGHT = 3;
// Boxes may overlap by a few pixels (borders, a badge poking out) and still count as "beyond".
const OVERLAP_TOLERANCE = 4;

const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type=hidden])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "summary",
  '[tabindex]:not([tabindex="-1"])',
].join(",");

/** The direction an arrow key means, or null for any other key. */
export function arrowDirection(key: string): Direction | null {
  return ARROWS[key] ?? null;
}

/** Distance along the arrow (how far beyond `from` the box starts); null when the box is not that way. */
function along(from: Box, to: Box, direction: Direction): number | null {
  const gap = {
    down: to.top - from.bottom,
    up: from.top - to.bottom,
    right: to.left - from.right,
    left: from.left - to.right,
  }[direction];
  if (gap < -OVERLAP_TOLERANCE) return null;
  return Math.max(0, gap);
}

/** How far apart two ranges are (0 when they overlap). */
function rangeGap(a1: number, a2: number, b1: number, b2: number): number {
  return Math.max(0, b1 - a2, a1 - b2);
}

/** The candidate nearest to `from` in `direction`, or null when nothing lies that way. */
export function nearestInDirection<T>(from: Box, candidates: Placed<T>[], direction: Direction): T | null {
  const vertical = direction === "up" || direction === "down";
  let best: { item: T; score: number; tie: number } | null = null;
  for (const { item, box } of candidates) {
    const distance = along(from, box, direction);
    if (distance === null) continue;
    const across = vertical
      ? rangeGap(from.left, from.right, box.left, box.right)
      : rangeGap(from.top, from.bottom, box.top, box.bottom);
    const score = distance + ACROSS_WEIGHT * across;
    // Among equally near ones, the one starting where `from` starts (reading order: left, then top).
    const tie = vertical ? Math.abs(box.left - from.left) : Math.abs(box.top - from.top);
    if (!best || score < best.score || (score === best.score && tie < best.tie)) {
      best = { item, score, tie };
    }
  }
  return best?.item ?? null;
}

function isShown(element: HTMLElement): boolean {
  if (element.closest("[inert]")) return false;
  if (element.getClientRects().length === 0) return false;
  return getComputedStyle(element).visibility !== "hidden";
}

/** Where the focus may go now: the topmost open modal, else the whole page. */
export function focusScope(root: Document = document): HTMLElement {
  const modals = root.querySelectorAll<HTMLElement>('[aria-modal="true"]');
  return modals[modals.length - 1] ?? root.body;
}

/** The controls a person can reach in `scope`, in document order. */
export function focusablesIn(scope: HTMLElement): HTMLElement[] {
  return Array.from(scope.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(isShown);
}

/**
 * True when the key belongs to the field: a list or a number changes with up/down, a slider with
 * left/right, and in text the caret moves until it reaches an end. The other arrows leave the field, so
 * a remote is never stuck in one.
 */
function fieldKeepsKey(element: Element, direction: Direction): boolean {
  const vertical = direction === "up" || direction === "down";
  if (element instanceof HTMLSelectElement) return vertical;
  const text = element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement;
  if (!text) return false;
  if (element instanceof HTMLInputElement) {
    if (["checkbox", "radio", "button", "submit", "reset", "color", "file"].includes(element.type))
      return false;
    if (element.type === "number") return vertical;
    if (element.type === "range") return !vertical;
  }
  if (vertical) return element instanceof HTMLTextAreaElement;
  const { selectionStart, selectionEnd, value } = element;
  if (selectionStart === null || selectionEnd === null) return false;
  if (selectionStart !== selectionEnd) return true;
  return direction === "left" ? selectionStart > 0 : selectionEnd < value.length;
}

/** Move the focus one step in `direction`; returns the control focused, or null when it stayed. */
export function moveFocus(direction: Direction, root: Document = document): HTMLElement | null {
  const scope = focusScope(root);
  const controls = focusablesIn(scope);
  const current = root.activeElement;
  if (!(current instanceof HTMLElement) || current === root.body || !scope.contains(current)) {
    // Nothing focused yet (a new page): start with the page's own content rather than the top bar.
    const main = scope === root.body ? root.querySelector("main") : null;
    const first = (main && controls.find((c) => main.contains(c))) ?? controls[0] ?? null;
    first?.focus();
    return first;
  }
  const from = current.getBoundingClientRect();
  const placed = controls
    .filter((control) => control !== current && !current.contains(control))
    .map((control) => ({ item: control, box: control.getBoundingClientRect() }));
  const next = nearestInDirection(from, placed, direction);
  next?.focus();
  return next;
}

/** Listen for arrow keys on `target`; returns the function that stops listening. */
export function installSpatialNavigation(target: Window = window): () => void {
  const onKey = (event: KeyboardEvent): void => {
    const direction = arrowDirection(event.key);
    if (!direction || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const active = target.document.activeElement;
    if (active && fieldKeepsKey(active, direction)) return;
    // The page must not scroll instead: the focus move scrolls what is needed into view.
    event.preventDefault();
    moveFocus(direction, target.document);
  };
  target.addEventListener("keydown", onKey);
  return () => target.removeEventListener("keydown", onKey);
}
