import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/api/types";
import type { Locale } from "@/i18n";
import { timelineText } from "@/media_requests/timelineWords";
import { wording } from "./support/wording";

function event(details: Record<string, unknown>): TimelineEvent {
  return {
    id: 7,
    from_status: "PARTIALLY_AVAILABLE",
    to_status: "PARTIALLY_AVAILABLE",
    reason: "S02E05, S02E06 arrived",
    actor: "system",
    details,
    created_at: "2026-12-11T07:00:00Z",
  };
}

async function words(locale: Locale, details: Record<string, unknown>): Promise<string | null> {
  return timelineText(event(details), await wording(locale));
}

describe("a followed show's timeline", () => {
  it("says which new episodes arrived in Plex, in French and in English", async () => {
    const arrived = { code: "episodes_arrived", episodes: ["S02E05", "S02E06"] };

    expect(await words("fr", arrived)).toBe("Nouveau dans Plex : S02E05, S02E06.");
    expect(await words("en", arrived)).toBe("New in Plex: S02E05, S02E06.");
  });

  it("says which aired episodes are being looked for, a whole season by its number", async () => {
    const searching = { code: "new_episodes", episodes: ["S03", "S02E07"] };

    expect(await words("fr", searching)).toBe("De nouveaux épisodes sont sortis ; on cherche S03, S02E07.");
    expect(await words("en", searching)).toBe("New episodes aired; looking for S03, S02E07.");
  });
});
