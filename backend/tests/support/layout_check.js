// What a person at a 1280x800 touch screen would stumble on, checked in the page by tests/support/browser.py:
// small touch targets, controls hidden under something, sideways scrolling, text cut off, low text contrast.
({ minTarget, fitsScreen }) => {
  const problems = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const name = (el) =>
    (el.getAttribute("aria-label") || el.textContent || el.getAttribute("placeholder") || el.tagName)
      .trim().replace(/\s+/g, " ").slice(0, 70);
  const targets = "a[href], button, input, select, textarea, [role=button], [tabindex]:not([tabindex='-1'])";
  const modal = document.querySelector("[aria-modal='true']");
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    // A checkbox or radio inside its <label> is toggled by a tap anywhere on the label: that is its target.
    const choice = el.matches("input[type=checkbox], input[type=radio]") ? el.closest("label") : null;
    const reach = choice ? choice.getBoundingClientRect() : box;
    if (reach.width < minTarget || reach.height < minTarget)
      problems.push(`touch target ${Math.round(reach.width)}x${Math.round(reach.height)} px: ${name(choice || el)}`);
    // Something drawn over a control (a message, a bar) takes the tap meant for it; behind a modal is fine.
    const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
    if ((modal && !modal.contains(el)) || x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit !== el && !el.contains(hit) && !hit.contains(el))
      problems.push(`covered by "${name(hit)}": ${name(el)}`);
  }
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) problems.push(`the page scrolls sideways (${width} px wide)`);
  const height = document.documentElement.scrollHeight;
  if (fitsScreen && height > window.innerHeight) problems.push(`the screen scrolls down (${height} px tall)`);

  const rgba = (css) => (css.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const backdrop = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") return null;  // over a picture: cannot judge
      const colour = rgba(style.backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] === 1)) return colour;
    }
    return rgba(getComputedStyle(document.body).backgroundColor);
  };
  for (const el of document.querySelectorAll("body *")) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
    if (!text || !shown(el) || el.closest("[disabled]") || ["INPUT", "TEXTAREA"].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (style.display !== "inline" && (el.scrollWidth > el.clientWidth + 1 || (style.overflowY === "hidden" && el.scrollHeight > el.clientHeight + 1)))
      problems.push(`text does not fit its box: ${name(el)}`);
    const back = backdrop(el);
    if (!back || Number(style.opacity) < 1) continue;
    const [fg, bg] = [luminance(rgba(style.color)), luminance(back)];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}:1 too low: ${name(el)}`);
  }
  return problems;
}
