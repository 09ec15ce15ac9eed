/**
 * The avatars as drawings shipped with the app (SVG, 64×64), so a profile's picture shows on any screen:
 * a kiosk without an emoji font used to show empty boxes, and a small child finds their profile by it.
 * Profiles keep storing the emoji they always stored; it only names the drawing.
 */

const EYES = '<circle cx="25" cy="30" r="3" fill="#222"/><circle cx="39" cy="30" r="3" fill="#222"/>';

export const AVATAR_DRAWINGS: Record<string, { key: string; svg: string }> = {
  "🦊": {
    key: "fox",
    svg:
      '<path d="M12 10 L26 22 L38 22 L52 10 L50 34 Q46 50 32 54 Q18 50 14 34 Z" fill="#e8711c"/>' +
      '<path d="M20 38 Q32 46 44 38 Q40 52 32 54 Q24 52 20 38 Z" fill="#fff"/>' +
      EYES +
      '<circle cx="32" cy="44" r="3" fill="#222"/>',
  },
  "🐱": {
    key: "cat",
    svg:
      '<path d="M14 12 L24 22 L40 22 L50 12 L50 38 Q50 54 32 54 Q14 54 14 38 Z" fill="#9aa0a6"/>' +
      EYES +
      '<path d="M29 38 L35 38 L32 42 Z" fill="#e86a8a"/>' +
      '<path d="M10 40 L24 40 M10 46 L24 43 M54 40 L40 40 M54 46 L40 43" stroke="#222" stroke-width="1.5"/>',
  },
  "🐶": {
    key: "dog",
    svg:
      '<circle cx="32" cy="34" r="18" fill="#c8964e"/>' +
      '<ellipse cx="14" cy="30" rx="6" ry="13" fill="#7a5222"/><ellipse cx="50" cy="30" rx="6" ry="13" fill="#7a5222"/>' +
      EYES +
      '<ellipse cx="32" cy="42" rx="5" ry="4" fill="#222"/>',
  },
  "🦄": {
    key: "unicorn",
    svg:
      '<path d="M32 4 L36 22 L28 22 Z" fill="#f6c744"/>' +
      '<circle cx="32" cy="36" r="17" fill="#fafafa"/>' +
      '<path d="M16 26 Q10 40 18 50" stroke="#c86dd7" stroke-width="5" fill="none"/>' +
      EYES +
      '<circle cx="22" cy="42" r="3" fill="#f5a3c7"/><circle cx="42" cy="42" r="3" fill="#f5a3c7"/>',
  },
  "🐼": {
    key: "panda",
    svg:
      '<circle cx="16" cy="16" r="8" fill="#222"/><circle cx="48" cy="16" r="8" fill="#222"/>' +
      '<circle cx="32" cy="35" r="20" fill="#fafafa"/>' +
      '<ellipse cx="24" cy="31" rx="5" ry="7" fill="#222"/><ellipse cx="40" cy="31" rx="5" ry="7" fill="#222"/>' +
      '<circle cx="24" cy="30" r="2" fill="#fff"/><circle cx="40" cy="30" r="2" fill="#fff"/>' +
      '<ellipse cx="32" cy="43" rx="4" ry="3" fill="#222"/>',
  },
  "🐸": {
    key: "frog",
    svg:
      '<ellipse cx="32" cy="40" rx="22" ry="15" fill="#4caf50"/>' +
      '<circle cx="21" cy="24" r="8" fill="#4caf50"/><circle cx="43" cy="24" r="8" fill="#4caf50"/>' +
      '<circle cx="21" cy="24" r="4" fill="#fff"/><circle cx="43" cy="24" r="4" fill="#fff"/>' +
      '<circle cx="21" cy="24" r="2" fill="#222"/><circle cx="43" cy="24" r="2" fill="#222"/>' +
      '<path d="M20 44 Q32 52 44 44" stroke="#1b5e20" stroke-width="2.5" fill="none"/>',
  },
  "🦁": {
    key: "lion",
    svg:
      '<circle cx="32" cy="33" r="24" fill="#b5651d"/>' +
      '<circle cx="32" cy="35" r="16" fill="#f2b33d"/>' +
      EYES +
      '<path d="M28 40 L36 40 L32 45 Z" fill="#5d3a1a"/>',
  },
  "🐢": {
    key: "turtle",
    svg:
      '<path d="M10 42 Q12 18 32 18 Q52 18 54 42 Z" fill="#2e7d32"/>' +
      '<path d="M20 42 L26 28 L38 28 L44 42 M32 18 L32 28" stroke="#a5d6a7" stroke-width="2" fill="none"/>' +
      '<circle cx="54" cy="40" r="6" fill="#8bc34a"/><circle cx="56" cy="38" r="1.5" fill="#222"/>' +
      '<rect x="14" y="42" width="8" height="8" rx="3" fill="#8bc34a"/>' +
      '<rect x="40" y="42" width="8" height="8" rx="3" fill="#8bc34a"/>',
  },
  "🐙": {
    key: "octopus",
    svg:
      '<ellipse cx="32" cy="26" rx="16" ry="16" fill="#d94f8a"/>' +
      '<path d="M18 36 Q14 50 10 52 M25 40 Q24 52 20 56 M32 40 L32 57 M39 40 Q40 52 44 56 M46 36 Q50 50 54 52"' +
      ' stroke="#d94f8a" stroke-width="5" stroke-linecap="round" fill="none"/>' +
      '<circle cx="26" cy="26" r="3" fill="#222"/><circle cx="38" cy="26" r="3" fill="#222"/>',
  },
  "🚀": {
    key: "rocket",
    svg:
      '<path d="M32 6 Q44 18 42 42 L22 42 Q20 18 32 6 Z" fill="#eceff1"/>' +
      '<circle cx="32" cy="24" r="5" fill="#42a5f5" stroke="#37474f" stroke-width="2"/>' +
      '<path d="M22 32 L14 46 L22 42 Z M42 32 L50 46 L42 42 Z" fill="#e53935"/>' +
      '<path d="M26 44 L32 58 L38 44 Z" fill="#ffa726"/>',
  },
  "⚽": {
    key: "ball",
    svg:
      '<circle cx="32" cy="32" r="22" fill="#fafafa" stroke="#222" stroke-width="2"/>' +
      '<path d="M32 22 L41 29 L38 40 L26 40 L23 29 Z" fill="#222"/>' +
      '<path d="M32 22 L32 10 M41 29 L52 25 M38 40 L45 50 M26 40 L19 50 M23 29 L12 25"' +
      ' stroke="#222" stroke-width="2"/>',
  },
  "🎸": {
    key: "guitar",
    svg:
      '<rect x="36" y="6" width="6" height="30" rx="2" transform="rotate(35 39 21)" fill="#6d4c41"/>' +
      '<path d="M14 44 Q8 36 16 30 Q20 26 26 30 Q34 26 36 34 Q40 42 32 46 Q30 56 20 54 Q12 52 14 44 Z"' +
      ' fill="#e65100"/>' +
      '<circle cx="25" cy="41" r="4" fill="#3e2723"/>',
  },
};

/** The drawing of a stored avatar, or null (an avatar the app has no drawing for shows the initial). */
export function avatarDrawing(avatar: string | null | undefined): { key: string; svg: string } | null {
  return avatar ? (AVATAR_DRAWINGS[avatar] ?? null) : null;
}
