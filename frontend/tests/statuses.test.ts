import { describe, expect, it } from "vitest";
import { mount } from "@vue/test-utils";
import openapi from "../openapi.json";
import type { RequestStatus } from "@/api/types";
import { createAppI18n } from "@/i18n";
import StatusBadge from "@/media_requests/StatusBadge.vue";
import { isCancellable, isInProgress, STATUS_TONE } from "@/media_requests/statuses";

const statuses = openapi.components.schemas.RequestStatus.enum as RequestStatus[];

function badge(status: RequestStatus, locale: "fr" | "en" = "fr") {
  return mount(StatusBadge, { props: { status }, global: { plugins: [createAppI18n(locale)] } });
}

describe("status badges", () => {
  it("give every status the API can send a colour", () => {
    expect(Object.keys(STATUS_TONE).sort()).toEqual([...statuses].sort());
  });

  it.each([
    ["AWAITING_APPROVAL", "En attente d'accord", "Awaiting approval", "waiting"],
    ["PENDING", "En attente", "Waiting", "waiting"],
    ["SEARCHING", "Recherche", "Searching", "working"],
    ["DOWNLOADING", "Téléchargement", "Downloading", "working"],
    ["IMPORTING", "Rangement", "Importing", "working"],
    // Not ready until Plex has it: a green "Prêt" there would send the family to an empty Plex.
    ["COMPLETED", "Arrive dans Plex", "Arriving in Plex", "working"],
    ["AVAILABLE", "Disponible", "Available", "done"],
    ["PARTIALLY_AVAILABLE", "En partie disponible", "Partly available", "attention"],
    ["NOT_FOUND", "Introuvable", "Not found", "attention"],
    ["FAILED", "Échec", "Failed", "problem"],
    ["DENIED", "Refusée", "Denied", "problem"],
    ["CANCELLED", "Annulée", "Cancelled", "ended"],
    ["REMOVED_FROM_PLEX", "Retiré de Plex", "Removed from Plex", "ended"],
  ] as const)("show %s as “%s” / “%s” in the %s colour", (status, fr, en, tone) => {
    const french = badge(status);
    expect(french.text()).toBe(fr);
    expect(french.classes()).toContain(`tone-${tone}`);
    expect(badge(status, "en").text()).toBe(en);
  });
});

describe("what a status allows", () => {
  it("lets the family cancel only unfinished requests", () => {
    expect(statuses.filter(isCancellable).sort()).toEqual(
      [
        "AWAITING_APPROVAL",
        "PENDING",
        "SEARCHING",
        "DOWNLOADING",
        "IMPORTING",
        "NOT_FOUND",
        "AWAITING_RELEASE",
        "PARTIALLY_AVAILABLE",
      ].sort(),
    );
  });

  it("keeps refreshing only while work is under way", () => {
    expect(statuses.filter(isInProgress).sort()).toEqual(
      ["PENDING", "SEARCHING", "DOWNLOADING", "IMPORTING", "COMPLETED"].sort(),
    );
  });
});
