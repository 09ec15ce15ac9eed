/** Names for the profile and session shapes, from the generated OpenAPI types. */
import type { components } from "@/api/schema";

type Schemas = components["schemas"];

export type SessionState = Schemas["SessionState"];
export type Viewer = Schemas["ViewerOut"];
export type Picker = Schemas["Picker"];
export type PickerProfile = Schemas["PickerProfile"];
export type Profile = Schemas["ProfileOut"];
export type ProfileCreate = Schemas["ProfileCreate"];
export type ProfileUpdate = Schemas["ProfileUpdate"];
export type SecretIn = Schemas["SecretIn"];
export type SetupIn = Schemas["SetupIn"];
export type SetupOut = Schemas["SetupOut"];
export type ApiKeyInfo = Schemas["ApiKeyInfo"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type Role = Schemas["Role"];
export type Allowances = Schemas["Allowances"];
export type RatingChoices = Schemas["RatingChoices"];
