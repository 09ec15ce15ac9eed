import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/api/types";
import type { Locale } from "@/i18n";
import { timelineText } from "@/media_requests/timelineWords";
import { wording } from "./support/wording";

// What the server stores for a parent's action or the import's fail-over (media_requests/steering.py,
// problems.py, completion.py): a code and its facts; the English reason is only a fallback.
function event(details: Record<string, unknown>): TimelineEvent {
  return {
    id: 9,
    from_status: "NOT_FOUND",
    to_status: "PENDING",
    reason: "Claire picked Inception.2010.CAM.x264-BAD",
    actor: "Claire",
    details,
    created_at: "2026-12-06T19:00:00Z",
  };
}

async function words(locale: Locale, details: Record<string, unknown>): Promise<string | null> {
  return timelineText(event(details), await wording(locale));
}

describe("a parent's actions and the import's fail-over on the timeline", () => {
  it("are worded in French, with the reason's own words", async () => {
    expect(await words("fr", { code: "release_picked", title: "Inception.2010.CAM.x264-BAD" })).toBe(
      "Un parent a choisi une autre copie : Inception.2010.CAM.x264-BAD",
    );
    expect(await words("fr", { code: "manual_search", found: 3, acceptable: 2 })).toBe(
      "Un parent a cherché : 3 copies trouvées, 2 qui conviennent.",
    );
    expect(await words("fr", { code: "retry" })).toBe("Un parent a demandé un nouvel essai.");
    expect(await words("fr", { code: "nothing_to_import", why: "sample_only" })).toBe(
      "Rien à ranger dans cette copie (seulement un extrait) : on essaie la suivante.",
    );
    expect(await words("fr", { code: "another_copy", kind: "wrong_language" })).toBe(
      "Problème signalé (Mauvaise langue) : on cherche une autre copie, l'ancienne reste en place d'ici là.",
    );
  });

  it("and in English", async () => {
    expect(await words("en", { code: "too_many_failed_releases", count: 5, why: "archives_only" })).toBe(
      "5 copies with nothing to put in the library; the last one: archives only.",
    );
    expect(await words("en", { code: "search_again" })).toBe("A parent searched again now.");
  });
});
