import { SyncError } from '#shared/sync/index';
import { demoPolicy, provincePolicySchema, type ProvincePolicy } from '#shared/verdicts/index';
import { audit } from '../auth/accounts';
import type { Database } from '../db/database';
import { parseWith } from '../http/errors';

/**
 * The province policy as the service keeps it: one row (migration 004), or the demo province's policy
 * while none is stored. The service's own verdicts (automation, the monthly report) and every laptop
 * read this one object, so both judge with the same numbers.
 */

/** Who sets the policy: an account name and its region ('' or 'all' for the operator's CLI on the database). */
export type PolicyActor = { readonly actor: string; readonly scope: string };

/**
 * What an admin sends: a whole policy. `version`, when given, is the version the change was made from
 * (a change made from an older one is refused); `updatedAt` is the service's to stamp.
 */
const policyChangeSchema = provincePolicySchema.partial({ version: true, updatedAt: true });

type PolicyRow = { version: number; doc: unknown; updated_at: string | number; updated_by: string };

const policyKeys = Object.keys(provincePolicySchema.shape);

/**
 * A stored policy as the current schema reads it: a value the schema added since it was stored takes
 * the demo policy's, one it dropped is left out. The row's version and time win over the document's.
 */
function readStored(row: PolicyRow): ProvincePolicy {
  const stored = (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as Record<string, unknown>;
  const known = Object.fromEntries(Object.entries(stored).filter(([key]) => policyKeys.includes(key)));
  const parsed = provincePolicySchema.safeParse({
    ...demoPolicy,
    ...known,
    version: row.version,
    updatedAt: Number(row.updated_at),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new SyncError(
      'internal',
      `the stored province policy (version ${row.version}) is not valid — ${issues}`,
    );
  }
  return parsed.data;
}

/** The policy in force: the stored one, or the demo province's where none is stored. */
export async function getPolicy(db: Pick<Database, 'query'>): Promise<ProvincePolicy> {
  const { rows } = await db.query<PolicyRow>(
    'select version, doc, updated_at, updated_by from province_policy where singleton',
  );
  const row = rows[0];
  return row === undefined ? demoPolicy : readStored(row);
}

/** Leaf paths whose values differ between two policies (for the audit log). */
function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      changedPaths(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        prefix === '' ? key : `${prefix}.${key}`,
      ),
    );
  }
  return before === after ? [] : [prefix];
}

/**
 * Replaces the province policy. Only a province's admin sets it (a city or county admin is refused by
 * name): it holds for every laptop of the province. The service raises the version by one and stamps
 * the time, whatever the body says; a body that names a version other than the one in force was made
 * from an older policy and is refused. Every value is checked against the policy's schema and each
 * wrong one is named. The change is written to the audit log with the paths that changed.
 */
export async function setPolicy(
  db: Database,
  input: unknown,
  by: PolicyActor,
  now: number,
): Promise<ProvincePolicy> {
  // '' or 'all': the platform's operator (the CLI on the database); two digits: a province.
  if (by.scope !== '' && by.scope !== 'all' && !/^\d{2}$/.test(by.scope)) {
    throw new SyncError(
      'forbidden',
      `the province policy is set by an admin of the whole province; you are an admin of region ${by.scope}`,
    );
  }
  const change = parseWith(policyChangeSchema, input, 'the province policy');
  return db.transaction(async (tx) => {
    // One change at a time: two admins saving at once get versions n+1 and n+2, never two n+1.
    await tx.query('select pg_advisory_xact_lock(74600004)');
    const current = await getPolicy(tx);
    if (change.version !== undefined && change.version !== current.version) {
      throw new SyncError(
        'invalid-body',
        `this policy was changed from version ${change.version}, but the service holds version ${current.version} now; read the policy again and repeat the change`,
      );
    }
    const next: ProvincePolicy = provincePolicySchema.parse({
      ...change,
      version: current.version + 1,
      updatedAt: now,
    });
    await tx.query(
      `insert into province_policy (singleton, version, doc, updated_at, updated_by)
       values (true, $1, $2, $3, $4)
       on conflict (singleton) do update
         set version = excluded.version, doc = excluded.doc, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by`,
      [next.version, JSON.stringify(next), now, by.actor],
    );
    await audit(tx, now, by.actor, 'policy.set', `version ${next.version}`, {
      from: current.version,
      to: next.version,
      changed: changedPaths({ ...current, version: 0, updatedAt: 0 }, { ...next, version: 0, updatedAt: 0 }),
    });
    return next;
  });
}
