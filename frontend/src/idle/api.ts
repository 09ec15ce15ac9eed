/** What the idle screen shows: public, nothing about who asked for what (GET /api/v1/idle-screen). */
import { api, unwrap } from "@/api/client";
import type { components } from "@/api/schema";

export type IdleScreen = components["schemas"]["IdleScreen"];
export type IdleComing = components["schemas"]["IdleComing"];
export type IdlePoster = components["schemas"]["IdlePoster"];

/** The newest titles in Plex and the requests on their way. */
export async function getIdleScreen(): Promise<IdleScreen> {
  return (await unwrap(api.GET("/api/v1/idle-screen"))).data;
}
