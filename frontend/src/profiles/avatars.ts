/** The emoji and colours offered for a profile's avatar. */
export const AVATARS = ["🦊", "🐱", "🐶", "🦄", "🐼", "🐸", "🦁", "🐢", "🐙", "🚀", "⚽", "🎸"];
export const COLORS = [
  "#e5a00d",
  "#2266aa",
  "#aa3377",
  "#1e7b4a",
  "#8a5a00",
  "#5b4bb7",
  "#b3261e",
  "#4a5568",
];
