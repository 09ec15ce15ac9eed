/** Reports of a problem with a title in Plex: anyone sends one; parents fetch another copy or close it. */
import { api, unwrap } from "@/api/client";
import type { MediaType, ProblemKind, ProblemReport } from "@/api/types";

export const PROBLEM_KINDS: ProblemKind[] = [
  "no_sound",
  "wrong_language",
  "no_subtitles",
  "wrong_film",
  "bad_picture",
  "other",
];

/** What the report is about: a request of the viewer's, or a title in Plex. */
export type ReportedTitle =
  { request_id: number } | { media_type: MediaType; tmdb_id: number; title: string };

/** Say what is wrong. */
export async function reportProblem(
  about: ReportedTitle,
  kind: ProblemKind,
  note: string,
): Promise<ProblemReport> {
  const body = { ...about, kind, ...(note.trim() ? { note: note.trim() } : {}) };
  return (await unwrap(api.POST("/api/v1/problems", { body }))).data;
}

/** Reports waiting for a parent (or whose new copy is on its way). */
export async function listProblems(): Promise<ProblemReport[]> {
  return (await unwrap(api.GET("/api/v1/problems"))).data;
}

/** Blocklist the copy in Plex and fetch the next best one. */
export async function replaceCopy(id: number): Promise<ProblemReport> {
  const params = { path: { report_id: id } };
  return (await unwrap(api.POST("/api/v1/problems/{report_id}/replace", { params }))).data;
}

/** Close a report without doing anything. */
export async function dismissProblem(id: number): Promise<ProblemReport> {
  const params = { path: { report_id: id } };
  return (await unwrap(api.POST("/api/v1/problems/{report_id}/dismiss", { params }))).data;
}
