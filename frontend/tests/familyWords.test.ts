import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/errors";
import { allowanceText, refusalText } from "@/api/errorWords";
import type { RequestDetail, RequestSummary, TimelineEvent } from "@/api/types";
import { listProblemText, problemText, timelineText } from "@/media_requests/timelineWords";
import { errorMessage } from "@/ui/toasts";
import { wording } from "./support/wording";

// What the server sends for a refusal (backend/app/api/errors.py, SpokenError): its own sentence in
// `detail`, and a code with its facts that the kiosk words in the language on screen.
function refusal(code: string, params: Record<string, unknown>): ApiError {
  return new ApiError("http", 403, "Server words, in the profile's language", [], code, params);
}

const OVER_QUOTA = {
  name: "Léa",
  kind: "movie",
  limit: 2,
  days: 7,
  remaining: 0,
  asked: 1,
  next_at: "2026-12-11T13:05:00Z",
};

function failedEvent(details: Record<string, unknown>, id = 7): TimelineEvent {
  return {
    id,
    from_status: "DOWNLOADING",
    to_status: "FAILED",
    reason: "qBittorrent kept failing: connection refused",
    actor: "system",
    details,
    created_at: "2026-12-06T19:00:00Z",
  };
}

describe("a refusal from the server", () => {
  it("is worded in French from its code: the quota, when the next one is possible, the rating", async () => {
    const { t } = await wording("fr");
    expect(refusalText(refusal("quota", OVER_QUOTA), t, "fr")).toBe(
      "Léa a déjà demandé les 2 films autorisés cette semaine. Prochaine demande possible vendredi 11 décembre à 14:05.",
    );
    const seasons = { ...OVER_QUOTA, kind: "season", remaining: 2, asked: 3, days: 30 };
    expect(refusalText(refusal("quota", seasons), t, "fr")).toBe(
      "Léa peut encore demander 2 saisons ce mois-ci, et cette demande en compte 3 : choisissez-en moins.",
    );
    const rating = { name: "Emma", certification: "16", limit: "12" };
    expect(refusalText(refusal("rating", rating), t, "fr")).toBe(
      "Ce titre est classé 16, au-dessus de la limite de Emma (12).",
    );
  });

  it("is worded in English on an English screen, whatever language the server wrote", async () => {
    const { t } = await wording("en");
    expect(refusalText(refusal("quota", { ...OVER_QUOTA, limit: 1, days: 10 }), t, "en")).toBe(
      "Léa has already requested the film allowed over 10 days. The next one can be requested on Friday 11 December at 14:05.",
    );
    expect(refusalText(refusal("parents_only", {}), t, "en")).toBe("For parents only.");
    expect(refusalText(refusal("wrong_secret", { tries_left: 1, password: false }), t, "en")).toBe(
      "Wrong PIN: 1 try left before a 5-minute lock.",
    );
    expect(refusalText(refusal("search_unavailable", {}), t, "en")).toBe(
      "Search is not answering right now; try again in a minute.",
    );
  });

  it("says what a quota leaves before asking, in the language on screen", async () => {
    const fr = await wording("fr");
    expect(allowanceText({ remaining: 2, days: 7 }, "movie", "Léa", fr.t)).toBe(
      "Léa peut encore demander 2 films cette semaine",
    );
    expect(allowanceText({ remaining: 0, days: 30 }, "season", "Léa", fr.t)).toBe(
      "Léa ne peut plus demander de saison ce mois-ci",
    );
    const en = await wording("en");
    expect(allowanceText({ remaining: 1, days: 10 }, "season", "Tom", en.t)).toBe(
      "Tom can request 1 more season over 10 days",
    );
  });

  it("says a wrong PIN, the lock and search being away in French", async () => {
    const { t } = await wording("fr");
    expect(refusalText(refusal("wrong_secret", { tries_left: 3, password: true }), t, "fr")).toBe(
      "Mot de passe incorrect : encore 3 essais avant un blocage de 5 minutes.",
    );
    expect(refusalText(refusal("locked", { until: "2026-12-06T20:05:00+00:00" }), t, "fr")).toBe(
      "Trop d'essais incorrects : bloqué 5 minutes. Réessayez à 21 h 05.",
    );
    expect(refusalText(refusal("not_now", { status: "AVAILABLE" }), t, "fr")).toBe(
      "Pas possible maintenant : la demande est « Disponible ».",
    );
    expect(refusalText(refusal("search_not_set_up", {}), t, "fr")).toBe(
      "La recherche n'est pas encore configurée : un parent doit saisir une clé TMDB dans les réglages.",
    );
  });

  it("reaches the toasts in the screen's words; an error without a known code keeps the server's", async () => {
    await wording("fr");
    expect(errorMessage(refusal("quality", {}), "unreachable")).toBe(
      "Seul un parent peut choisir la qualité d'une demande.",
    );
    expect(errorMessage(refusal("something_new", {}), "unreachable")).toBe(
      "Server words, in the profile's language",
    );
  });
});

describe("a failure on the timeline and on the request's page", () => {
  it("says why the worker gave up, in French and in English, never the worker's English", async () => {
    const fr = await wording("fr");
    const failed = failedEvent({ code: "failed", why: "service_failed", service: "qBittorrent" });
    expect(timelineText(failed, fr)).toBe("qBittorrent ne répondait toujours pas après plusieurs essais.");
    expect(timelineText(failedEvent({ code: "failed", why: "unexpected" }), fr)).toBe(
      "Une erreur inattendue, notée dans le journal pour les parents.",
    );
    const en = await wording("en");
    expect(timelineText(failedEvent({ code: "failed", why: "search_timeout" }), en)).toBe(
      "No suitable copy was found in time.",
    );
  });

  it("words a copy given up on and a worker lost", async () => {
    const fr = await wording("fr");
    const gaveUp = { ...failedEvent({ code: "gave_up_on_copy", count: 2 }), to_status: "SEARCHING" as const };
    expect(timelineText(gaveUp, fr)).toBe("Ces 2 copies ne se téléchargeaient plus : on essaie la suivante.");
    const lost = {
      ...failedEvent({ code: "worker_lost" }),
      from_status: "SEARCHING" as const,
      to_status: "SEARCHING" as const,
    };
    expect(timelineText(lost, fr)).toBe("Le travail a été interrompu ; il reprend.");
  });

  it("puts the latest move's words in the problem box, the stored error only for an old uncoded move", async () => {
    const fr = await wording("fr");
    const request = {
      status: "FAILED",
      error: "qBittorrent kept failing: connection refused",
      timeline: [
        failedEvent({ code: "failed", why: "search_timeout" }, 3),
        failedEvent({ code: "failed", why: "not_set_up" }, 8),
      ],
    } as unknown as RequestDetail;
    expect(problemText(request, fr)).toBe(
      "Un service n'est pas encore configuré : un parent doit compléter les réglages.",
    );
    expect(problemText({ ...request, timeline: [failedEvent({}, 3)] }, fr)).toBe(
      "qBittorrent kept failing: connection refused",
    );
    const unknownWhy = [failedEvent({ code: "failed", why: "a_code_from_a_newer_server" }, 3)];
    expect(problemText({ ...request, timeline: unknownWhy }, fr)).toBe(
      "qBittorrent kept failing: connection refused",
    );
  });

  it("says a problem in the parents' list: a failure from its code, a request not found by its next try", async () => {
    const en = await wording("en");
    const failed = {
      status: "FAILED",
      error: "qBittorrent kept failing: connection refused",
      failure: { code: "failed", why: "library_unreachable" },
    } as unknown as RequestSummary;
    expect(listProblemText(failed, en)).toBe(
      "The files could not be put in the library (is the disk full or unplugged?).",
    );
    const notFound = {
      status: "NOT_FOUND",
      error: "Nothing suitable found; rejected 2: 1 CAM, 1 wrong year",
      next_search_at: "2026-12-06T20:05:00Z",
    } as unknown as RequestSummary;
    expect(listProblemText(notFound, en)).toMatch(/^Next try on .*9:05/);
  });
});

describe("a request held for a parent", () => {
  function held(details: Record<string, unknown> | null): TimelineEvent {
    return {
      id: 1,
      from_status: null,
      to_status: "AWAITING_APPROVAL",
      reason: "Waiting for a parent: the rating of this title could not be checked (limit 12)",
      actor: "kiosk",
      details,
      created_at: "2026-12-06T19:00:00Z",
    };
  }

  it("says why in French and in English: a rating that could not be checked, seasons not counted", async () => {
    const fr = await wording("fr");
    const rating = held({ code: "awaiting_approval", why: "rating_unchecked", limit: "12" });
    expect(timelineText(rating, fr)).toBe(
      "La classification de ce titre n'a pas pu être vérifiée (limite 12) : un parent doit d'abord donner son accord.",
    );
    const seasons = held({ code: "awaiting_approval", why: "seasons_uncounted" });
    expect(timelineText(seasons, fr)).toBe(
      "Les saisons de cette série n'ont pas pu être comptées : un parent doit d'abord donner son accord.",
    );
    const en = await wording("en");
    expect(timelineText(rating, en)).toBe(
      "The rating of this title could not be checked (limit 12): a parent has to say yes first.",
    );
    expect(timelineText(seasons, en)).toBe(
      "The seasons of this show could not be counted: a parent has to say yes first.",
    );
  });

  it("says a parent decides for a profile that asks first, and for a row written before it had a code", async () => {
    const fr = await wording("fr");
    const asksFirst = held({ code: "awaiting_approval", why: "parent_approves" });
    expect(timelineText(asksFirst, fr)).toBe("Un parent doit d'abord donner son accord.");
    expect(timelineText(held(null), fr)).toBe("Un parent doit d'abord donner son accord.");
    const en = await wording("en");
    expect(timelineText(held({ code: "awaiting_approval", why: "something_new" }), en)).toBe(
      "A parent has to say yes first.",
    );
  });
});
