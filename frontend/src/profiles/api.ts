/** Profile and session calls: the picker, signing in and out, the first-run setup, the admin's tools. */
import { api, unwrap } from "@/api/client";
import type {
  Allowances,
  ApiKeyCreated,
  ApiKeyInfo,
  Picker,
  Profile,
  ProfileCreate,
  ProfileUpdate,
  RatingChoices,
  SecretIn,
  SessionState,
  SetupIn,
  SetupOut,
} from "./types";

/** Who is signed in on this device, and whether the first-run setup is needed. */
export async function getSession(): Promise<SessionState> {
  return (await unwrap(api.GET("/api/v1/auth/session"))).data;
}

/** Choose a profile (with its PIN or password when it has one). */
export async function signIn(profileId: number, secret?: string): Promise<SessionState> {
  const body = { profile_id: profileId, secret: secret ?? null };
  return (await unwrap(api.POST("/api/v1/auth/session", { body }))).data;
}

/** End the session on this device. */
export async function signOut(): Promise<void> {
  await unwrap(api.DELETE("/api/v1/auth/session"));
}

/** The profiles shown on the signed-out home screen. */
export async function getPicker(): Promise<Picker> {
  return (await unwrap(api.GET("/api/v1/profiles/picker"))).data;
}

/** First run: make the admin profile; the answer holds the API key, shown once. */
export async function setup(body: SetupIn): Promise<SetupOut> {
  return (await unwrap(api.POST("/api/v1/auth/setup", { body }))).data;
}

/** The signed-in profile's quotas. */
export async function getAllowance(): Promise<Allowances> {
  return (await unwrap(api.GET("/api/v1/profiles/me/allowance"))).data;
}

/** Every profile with its settings (admin). */
export async function listProfiles(): Promise<Profile[]> {
  return (await unwrap(api.GET("/api/v1/profiles"))).data;
}

/** The ratings a child's limit can be set to (admin). */
export async function getRatings(): Promise<RatingChoices> {
  return (await unwrap(api.GET("/api/v1/profiles/ratings"))).data;
}

/** Add a profile (admin). */
export async function createProfile(body: ProfileCreate): Promise<Profile> {
  return (await unwrap(api.POST("/api/v1/profiles", { body }))).data;
}

/** Change a profile (admin). */
export async function updateProfile(id: number, body: ProfileUpdate): Promise<Profile> {
  const params = { path: { profile_id: id } };
  return (await unwrap(api.PATCH("/api/v1/profiles/{profile_id}", { params, body }))).data;
}

/** Set a profile's PIN, or an admin's password (admin). */
export async function setSecret(id: number, body: SecretIn): Promise<Profile> {
  const params = { path: { profile_id: id } };
  return (await unwrap(api.PUT("/api/v1/profiles/{profile_id}/secret", { params, body }))).data;
}

/** Remove a profile's PIN (admin). */
export async function clearSecret(id: number): Promise<Profile> {
  const params = { path: { profile_id: id } };
  return (await unwrap(api.DELETE("/api/v1/profiles/{profile_id}/secret", { params }))).data;
}

/** Delete a profile (admin). */
export async function deleteProfile(id: number): Promise<void> {
  await unwrap(api.DELETE("/api/v1/profiles/{profile_id}", { params: { path: { profile_id: id } } }));
}

/** Which API key is in use (its first characters). */
export async function getApiKey(): Promise<ApiKeyInfo | null> {
  return (await unwrap(api.GET("/api/v1/auth/api-key"))).data;
}

/** Replace the API key; the new one is in the answer, shown once. */
export async function rotateApiKey(): Promise<ApiKeyCreated> {
  return (await unwrap(api.POST("/api/v1/auth/api-key"))).data;
}
