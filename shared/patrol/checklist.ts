import { z } from 'zod';
import { siteKinds, type PatrolEvent, type SiteKind } from '../domain/index';
import { fail, ok, type Result } from '../result';

/**
 * A checklist per site kind, kept as JSON in `resources/checklists/<kind>.json` so a province can edit
 * it without a release. Patrols store `<id>@<version>`; results name items by id.
 */
const text = z.object({ 'zh-CN': z.string().min(1).max(200), 'en-US': z.string().min(1).max(200) }).strict();
const slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

export const checklistItemSchema = z
  .object({
    id: slug,
    title: text,
    hint: text.nullable().default(null),
    /** A reading the item asks for (element code), shown beside the platform's last value. */
    readingElement: z.string().min(1).max(40).nullable().default(null),
    /** Whether evidence photos are expected for this item. */
    photo: z.enum(['none', 'optional', 'recommended']).default('optional'),
  })
  .strict();

export const checklistConfigSchema = z
  .object({
    id: slug,
    version: z.number().int().min(1).max(10_000),
    siteKind: z.enum(siteKinds),
    title: text,
    sections: z
      .array(
        z.object({ id: slug, title: text, items: z.array(checklistItemSchema).min(1).max(100) }).strict(),
      )
      .min(1)
      .max(30),
  })
  .strict();
export type ChecklistConfig = z.output<typeof checklistConfigSchema>;
export type ChecklistItem = z.output<typeof checklistItemSchema>;

export const checklistProblems = ['invalid-shape', 'duplicate-id', 'wrong-site-kind'] as const;
export type ChecklistProblem = (typeof checklistProblems)[number];

/** Validates one checklist file; the message names every problem found (path and rule). */
export function parseChecklistConfig(
  value: unknown,
  expectedKind?: SiteKind,
): Result<ChecklistConfig, ChecklistProblem> {
  const parsed = checklistConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(checklist)'}: ${i.message}`,
    );
    return fail('invalid-shape', issues.join('; '));
  }
  const config = parsed.data;
  if (expectedKind !== undefined && config.siteKind !== expectedKind) {
    return fail('wrong-site-kind', `checklist ${config.id} is for ${config.siteKind}, not ${expectedKind}`);
  }
  const seen = new Set<string>();
  const dupes: string[] = [];
  for (const id of [
    ...config.sections.map((s) => `section ${s.id}`),
    ...config.sections.flatMap((s) => s.items.map((i) => `item ${i.id}`)),
  ]) {
    if (seen.has(id)) {
      dupes.push(id);
    }
    seen.add(id);
  }
  if (dupes.length > 0) {
    return fail('duplicate-id', `checklist ${config.id}: duplicate ${dupes.join(', ')}`);
  }
  return ok(config);
}

export function checklistRef(config: Pick<ChecklistConfig, 'id' | 'version'>): string {
  return `${config.id}@${config.version}`;
}

export function checklistItems(config: ChecklistConfig): ChecklistItem[] {
  return config.sections.flatMap((s) => s.items);
}

/** Picks the checklist of a site kind; exactly one per kind is expected. */
export function checklistForKind(
  configs: readonly ChecklistConfig[],
  kind: SiteKind,
): ChecklistConfig | null {
  const matching = configs.filter((c) => c.siteKind === kind);
  return matching.sort((a, b) => b.version - a.version)[0] ?? null;
}

export type ItemResult = Pick<PatrolEvent, 'id' | 'outcome' | 'note' | 'photoIds' | 'recordedAt'> & {
  readonly itemId: string;
  /** Earlier results of the same item this one superseded (append-only: they are kept). */
  readonly superseded: number;
};

/**
 * The latest result per item (a later result supersedes, nothing is removed), and the items not done:
 * never answered, or whose latest result withdrew the answer (outcome null).
 */
export function checklistResults(
  config: ChecklistConfig | null,
  events: readonly PatrolEvent[],
): { readonly byItem: ReadonlyMap<string, ItemResult>; readonly missing: readonly string[] } {
  const byItem = new Map<string, ItemResult>();
  const ordered = events
    .filter((e) => e.type === 'checklist_item' && e.itemId !== null)
    .sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : 1));
  for (const e of ordered) {
    const itemId = e.itemId ?? '';
    const before = byItem.get(itemId);
    byItem.set(itemId, {
      id: e.id,
      itemId,
      outcome: e.outcome,
      note: e.note,
      photoIds: e.photoIds,
      recordedAt: e.recordedAt,
      superseded: before === undefined ? 0 : before.superseded + 1,
    });
  }
  const missing =
    config === null
      ? []
      : checklistItems(config)
          .filter((i) => (byItem.get(i.id)?.outcome ?? null) === null)
          .map((i) => i.id);
  return { byItem, missing };
}
