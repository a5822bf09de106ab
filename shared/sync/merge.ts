/**
 * Pure comparison and merge rules shared by the sync service and the app (no I/O, no clocks).
 */

/** Structural equality of JSON values; key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // undefined and null are the same absence on the wire
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) {
    if (!jsonEqual(ao[key], bo[key])) {
      return false;
    }
  }
  return true;
}

/** Fields the service stamps; a device's value for them is never compared nor kept. */
export const serviceStampedFields = ['receivedAt', '_deleted'] as const;

/** Same event content: everything except what the service stamps on receipt. */
export function sameEventContent(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return jsonEqual(strip(a, serviceStampedFields), strip(b, serviceStampedFields));
}

export function strip(doc: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  // Keys, not entries: every pushed row passes here, and a [key, value] array per field was most of
  // its cost.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    if (!fields.includes(key)) {
      out[key] = doc[key];
    }
  }
  return out;
}

export type MergeResult =
  | { readonly kind: 'merged'; readonly doc: Record<string, unknown>; readonly changed: readonly string[] }
  | { readonly kind: 'overlap'; readonly fields: readonly string[] };

/**
 * Three-way merge of a reference record, field by field (top-level fields; a nested object such as a
 * position is one field). `base` is what the device last saw, `mine` the device's edit, `theirs` what
 * the service holds now. Fields changed on one side only are taken from that side; a field both
 * changed to different values is an overlap — the caller sends those to review, never picks one.
 * `ignore` lists fields stamped by the service (e.g. `updatedAt`), which never count as edits.
 */
export function threeWayMerge(
  base: Record<string, unknown> | null,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  ignore: readonly string[],
): MergeResult {
  const keys = new Set([...Object.keys(base ?? {}), ...Object.keys(mine), ...Object.keys(theirs)]);
  const merged: Record<string, unknown> = { ...theirs };
  const overlap: string[] = [];
  const changed: string[] = [];
  for (const key of keys) {
    if (ignore.includes(key)) {
      continue;
    }
    const b = base === null ? undefined : base[key];
    const mineChanged = base === null ? !jsonEqual(mine[key], theirs[key]) : !jsonEqual(mine[key], b);
    const theirsChanged = base === null ? true : !jsonEqual(theirs[key], b);
    if (!mineChanged) {
      continue;
    }
    if (theirsChanged && !jsonEqual(mine[key], theirs[key])) {
      overlap.push(key);
      continue;
    }
    if (!jsonEqual(mine[key], theirs[key])) {
      merged[key] = mine[key];
      changed.push(key);
    }
  }
  if (overlap.length > 0) {
    return { kind: 'overlap', fields: overlap.sort() };
  }
  return { kind: 'merged', doc: merged, changed: changed.sort() };
}

/** Top-level fields whose values differ between two records (ignoring the listed ones). */
export function changedFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  ignore: readonly string[],
): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  return [...keys].filter((k) => !ignore.includes(k) && !jsonEqual(before?.[k], after[k])).sort();
}
