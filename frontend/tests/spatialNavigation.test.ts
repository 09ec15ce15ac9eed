import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  installSpatialNavigation,
  moveFocus,
  nearestInDirection,
  type Box,
  type Direction,
} from "@/ui/spatialNavigation";

function box(left: number, top: number, width: number, height: number): Box {
  return { left, top, right: left + width, bottom: top + height };
}

// A search page as laid out at 1280 px: the field, two chips, then two rows of three posters.
const FIELD = box(16, 80, 1000, 56);
const FILMS = box(16, 150, 90, 48);
const SERIES = box(116, 150, 90, 48);
const POSTERS = [0, 1, 2, 3, 4, 5].map((i) =>
  box(16 + (i % 3) * 200, 220 + Math.floor(i / 3) * 320, 180, 300),
);
const LAYOUT = [
  { item: "field", box: FIELD },
  { item: "films", box: FILMS },
  { item: "series", box: SERIES },
  ...POSTERS.map((b, i) => ({ item: `poster${i}`, box: b })),
];

function from(name: string, direction: Direction): string | null {
  const start = LAYOUT.find((c) => c.item === name)!;
  return nearestInDirection(
    start.box,
    LAYOUT.filter((c) => c !== start),
    direction,
  );
}

describe("nearest control in an arrow's direction", () => {
  it("moves along a row of posters and down a column, never diagonally", () => {
    expect(from("poster0", "right")).toBe("poster1");
    expect(from("poster1", "down")).toBe("poster4");
    expect(from("poster4", "left")).toBe("poster3");
    expect(from("poster4", "up")).toBe("poster1");
  });

  it("stays put at the edge instead of wrapping to the next row", () => {
    expect(from("poster2", "right")).toBeNull();
    expect(from("poster3", "down")).toBeNull();
  });

  it("goes from a wide field to the first control under it, in reading order", () => {
    expect(from("field", "down")).toBe("films");
    expect(from("films", "right")).toBe("series");
    expect(from("series", "down")).toBe("poster0");
    expect(from("poster0", "up")).toBe("films");
    expect(from("films", "up")).toBe("field");
  });
});

/** Give `element` a place on the page (happy-dom lays nothing out). */
function place(element: HTMLElement, where: Box): HTMLElement {
  element.getBoundingClientRect = () =>
    ({
      ...where,
      x: where.left,
      y: where.top,
      width: where.right - where.left,
      height: where.bottom - where.top,
    }) as DOMRect;
  return element;
}

function button(parent: HTMLElement, label: string, where: Box): HTMLElement {
  const element = document.createElement("button");
  element.textContent = label;
  parent.appendChild(place(element, where));
  return element;
}

function press(key: string): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
  (document.activeElement ?? document.body).dispatchEvent(event);
  return event;
}

describe("arrow keys on the page", () => {
  let stop: () => void;
  let main: HTMLElement;

  beforeEach(() => {
    document.body.innerHTML = "";
    const header = document.createElement("header");
    document.body.appendChild(header);
    button(header, "Chercher", box(0, 0, 100, 56));
    main = document.createElement("main");
    document.body.appendChild(main);
    stop = installSpatialNavigation(window);
  });

  afterEach(() => {
    stop();
    document.body.innerHTML = "";
  });

  it("starts on the page's content, then moves to the nearest control and keeps the page from scrolling", () => {
    const first = button(main, "Un", box(0, 100, 100, 56));
    const right = button(main, "Deux", box(120, 100, 100, 56));

    expect(press("ArrowDown").defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(first);
    press("ArrowRight");
    expect(document.activeElement).toBe(right);
    press("ArrowUp");
    expect(document.activeElement?.textContent).toBe("Chercher");
  });

  it("leaves left and right to a text field's caret until it reaches the end of the text", () => {
    const field = place(document.createElement("input"), box(0, 100, 300, 56)) as HTMLInputElement;
    main.appendChild(field);
    const go = button(main, "Chercher", box(320, 100, 100, 56));
    const below = button(main, "Films", box(0, 180, 100, 48));
    field.value = "roi lion";
    field.focus();
    field.setSelectionRange(3, 3);

    expect(press("ArrowRight").defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(field);
    field.setSelectionRange(8, 8);
    press("ArrowRight");
    expect(document.activeElement).toBe(go);
    field.focus();
    press("ArrowDown");
    expect(document.activeElement).toBe(below);
  });

  it("lets a list change with up and down but leaves it with left and right", () => {
    const list = place(document.createElement("select"), box(0, 100, 200, 56)) as HTMLSelectElement;
    main.appendChild(list);
    const next = button(main, "Enregistrer", box(220, 100, 100, 56));
    list.focus();

    expect(press("ArrowDown").defaultPrevented).toBe(false);
    expect(document.activeElement).toBe(list);
    press("ArrowRight");
    expect(document.activeElement).toBe(next);
  });

  it("keeps the focus inside an open dialog, even when a control behind it is nearer", () => {
    const behind = button(main, "Derrière", box(0, 300, 100, 56));
    const dialog = document.createElement("section");
    dialog.setAttribute("aria-modal", "true");
    document.body.appendChild(dialog);
    const close = button(dialog, "Fermer", box(500, 100, 56, 56));
    const request = button(dialog, "Demander", box(0, 600, 600, 72));
    close.focus();

    press("ArrowDown");
    expect(document.activeElement).toBe(request);
    expect(moveFocus("down")).toBeNull();
    expect(document.activeElement).not.toBe(behind);
  });

  it("ignores arrows with a modifier, which belong to the browser", () => {
    const first = button(main, "Un", box(0, 100, 100, 56));
    button(main, "Deux", box(120, 100, 100, 56));
    first.focus();
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", altKey: true, bubbles: true }));
    expect(document.activeElement).toBe(first);
  });
});
