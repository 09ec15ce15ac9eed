import { describe, expect, it } from "vitest";
import type { RequestDetail } from "@/api/types";
import { FakeApi } from "./support/fakeApi";
import { mountApp } from "./support/mountApp";
import { recorded } from "./support/recorded";

/** The recorded request, completed by an import that linked or copied its file. */
function completedBy(code: string, params: Record<string, number>) {
  const pending = recorded.detailPending;
  const body = structuredClone(pending.body) as RequestDetail;
  body.status = "COMPLETED";
  body.timeline = [
    ...(body.timeline ?? []),
    {
      id: 2,
      from_status: "IMPORTING",
      to_status: "COMPLETED",
      reason: "Imported 1 file into Movies/RRRrrrr!!! (2004).",
      actor: "system",
      details: { files: ["Movies/RRRrrrr!!! (2004)/RRRrrrr!!! (2004).mkv"], transfer: { code, params } },
      created_at: "2026-11-22T01:20:00Z",
    },
  ];
  return { ...pending, body };
}

describe("how the file went into the library", () => {
  it("says in French that it was hardlinked, taking no extra space", async () => {
    const counts = { hardlinked: 1, copied: 0, already_present: 0 };
    new FakeApi().on("GET", "/api/v1/requests/1", completedBy("import-hardlinked", counts)).install();
    const { wrapper } = await mountApp("/requests/1");
    expect(wrapper.get(".timeline-transfer").text()).toBe(
      "Rangé par lien physique : aucun espace disque en plus, et le torrent continue de partager.",
    );
  });

  it("says in English how many files were linked and how many copied", async () => {
    const counts = { hardlinked: 2, copied: 1, already_present: 0 };
    new FakeApi()
      .on("GET", "/api/v1/requests/1", completedBy("import-hardlinked-and-copied", counts))
      .install();
    const { wrapper } = await mountApp("/requests/1", "en");
    expect(wrapper.get(".timeline-transfer").text()).toBe(
      "2 file(s) hardlinked and 1 copied into the library.",
    );
  });
});
