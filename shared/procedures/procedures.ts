import { z } from 'zod';
import { faultCategories, siteKinds, type FaultCategory, type SiteKind } from '../domain/index';

/**
 * Operating procedures (运行维护操作规程): the province's documents for daily operation, fault
 * handling and emergencies, per site kind and equipment model — kept in the province policy, so every
 * laptop has them offline with the rest of the rules and reads the version the service holds.
 *
 * A procedure applies to a site when its site kinds include the site's (none listed: every kind) and
 * its equipment models include one of the site's (none listed: every model). It concerns a checklist
 * item it names, and a fault whose category it names; a fault-handling or emergency procedure naming
 * no category concerns every fault. Texts are bilingual, as the checklists are. A demo procedure is
 * marked as such (the demo's are examples written for it, not a province's documents).
 */
export const procedureKinds = ['daily', 'fault', 'emergency'] as const;
export type ProcedureKind = (typeof procedureKinds)[number];

const text = z
  .object({ 'zh-CN': z.string().min(1).max(2000), 'en-US': z.string().min(1).max(2000) })
  .strict();
const slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

export const procedureSchema = z
  .object({
    id: slug,
    kind: z.enum(procedureKinds),
    /** The document's own number or edition, as the province cites it (e.g. 运维-02 2026 版). */
    reference: z.string().max(60),
    title: text,
    /** A demo procedure: an example, not the province's document. */
    demo: z.boolean(),
    siteKinds: z.array(z.enum(siteKinds)).max(siteKinds.length),
    equipmentModels: z.array(z.string().min(1).max(100)).max(50),
    /** Checklist item ids it concerns. */
    checklistItems: z.array(slug).max(50),
    faultCategories: z.array(z.enum(faultCategories)).max(faultCategories.length),
    steps: z.array(text).min(1).max(60),
  })
  .strict();
export type Procedure = z.infer<typeof procedureSchema>;

export const proceduresSchema = z
  .array(procedureSchema)
  .max(300)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const p of list) {
      if (seen.has(p.id)) {
        ctx.addIssue({ code: 'custom', message: `procedure id ${p.id} is used twice` });
      }
      seen.add(p.id);
    }
  });

/** What a screen asks about: a site (its kind and equipment models) and the item or fault concerned. */
export type ProcedureQuery = {
  readonly siteKind: SiteKind;
  readonly models: readonly (string | null)[];
  readonly itemId?: string;
  readonly faultCategory?: FaultCategory | null;
};

const kindOrder: Record<ProcedureKind, number> = { daily: 0, fault: 1, emergency: 2 };

/** Whether a procedure applies to the site (kind and model). */
function appliesTo(p: Procedure, q: ProcedureQuery): boolean {
  const models = new Set(q.models.filter((m): m is string => m !== null).map((m) => m.toUpperCase()));
  return (
    (p.siteKinds.length === 0 || p.siteKinds.includes(q.siteKind)) &&
    (p.equipmentModels.length === 0 || p.equipmentModels.some((m) => models.has(m.toUpperCase())))
  );
}

/** Whether it concerns the item or fault asked about (neither asked: every procedure of the site). */
function concerns(p: Procedure, q: ProcedureQuery): boolean {
  if (q.itemId !== undefined) {
    return p.checklistItems.includes(q.itemId);
  }
  if (q.faultCategory !== undefined) {
    if (p.kind === 'daily') {
      return false;
    }
    return (
      p.faultCategories.length === 0 ||
      (q.faultCategory !== null && p.faultCategories.includes(q.faultCategory))
    );
  }
  return true;
}

/**
 * The procedures a screen offers for a site and the item or fault concerned: those for the site's own
 * equipment model first, then by kind (daily, fault, emergency), then by id.
 */
export function proceduresFor(procedures: readonly Procedure[], query: ProcedureQuery): Procedure[] {
  return procedures
    .filter((p) => appliesTo(p, query) && concerns(p, query))
    .sort(
      (a, b) =>
        (a.equipmentModels.length > 0 ? 0 : 1) - (b.equipmentModels.length > 0 ? 0 : 1) ||
        kindOrder[a.kind] - kindOrder[b.kind] ||
        a.id.localeCompare(b.id),
    );
}
