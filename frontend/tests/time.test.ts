import { describe, expect, it } from "vitest";
import { formatParisTime, formatRelative } from "@/ui/time";

const spaced = (text: string) => text.replace(/\s/g, " ");

describe("times as the household reads them", () => {
  it("shows Paris time in winter (UTC+1) and in summer (UTC+2)", () => {
    expect(formatParisTime("2026-01-10T19:55:00Z", "fr")).toContain("20:55");
    expect(formatParisTime("2026-07-14T19:55:00Z", "fr")).toContain("21:55");
  });

  it("reads an API time without an offset as UTC", () => {
    expect(formatParisTime("2026-01-10T19:55:00", "fr")).toContain("20:55");
  });

  it("says how long ago, in French or English", () => {
    const now = new Date("2026-01-10T20:00:00Z");
    expect(spaced(formatRelative("2026-01-10T19:55:00Z", "fr", now))).toBe("il y a 5 min");
    expect(spaced(formatRelative("2026-01-10T17:00:00Z", "fr", now))).toBe("il y a 3 h");
    expect(formatRelative("2026-01-09T20:00:00Z", "fr", now)).toBe("hier");
    expect(formatRelative("2026-01-10T19:59:58Z", "fr", now)).toBe("maintenant");
    expect(spaced(formatRelative("2026-01-10T19:55:00Z", "en", now))).toBe("5 min. ago");
  });
});
