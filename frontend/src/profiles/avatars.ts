/** The avatars and colours offered for a profile (each avatar is stored as its emoji, drawn in SVG). */
import { AVATAR_DRAWINGS } from "./avatarDrawings";

export const AVATARS = Object.keys(AVATAR_DRAWINGS);
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
