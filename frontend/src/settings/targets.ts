/** Notification targets on screen and on the wire. */
import type { TargetRow } from "./TargetList.vue";
import type { Target, TargetIn } from "./types";

/** Saved targets as rows of the editor. */
export function rowsOf(targets: Target[]): TargetRow[] {
  return targets.map((target) => ({ id: target.id, service: target.service }));
}

/** Rows as the API takes them: saved ones by id, new ones by URL (empty new rows are left out). */
export function targetsOf(rows: TargetRow[]): TargetIn[] {
  return rows.flatMap((row): TargetIn[] => {
    if (row.id) return [{ id: row.id }];
    return row.url ? [{ url: row.url }] : [];
  });
}
