// The shapes one push passes between its parts (the batch, the event insert, the reference
// compare-and-set, the fault authorship check): a module of their own so the parts import them, not
// each other.
import type { CollectionName } from '#shared/domain/index';
import type { RowRejection } from '#shared/sync/index';
import type { Principal } from '../auth/accounts';
import type { Database } from '../db/database';

export type Doc = Record<string, unknown> & { id: string; divisionCode: string };

export type PushHooks = {
  /** Runs inside the transaction after the rows are written, before commit (fault tests). */
  readonly beforeCommit?: (collection: CollectionName) => Promise<void>;
  /** Runs after commit, before the answer is sent (fault tests: a restart between the two). */
  readonly afterCommit?: (collection: CollectionName) => Promise<void>;
};

export type PushContext = {
  readonly db: Database;
  readonly principal: Principal;
  readonly collection: CollectionName;
  readonly now: number;
  readonly hooks?: PushHooks | undefined;
};

export type Checked = { readonly id: string; readonly record: Doc; readonly assumed: Doc | null };

export type Sinks = {
  accepted: string[];
  reject: (id: string, code: RowRejection['code'], message: string) => void;
  divisions: Set<string>;
};

/** The one refusal of an id that is not app-made; the same whether or not another region holds it. */
export function invalidIdMessage(collection: string, id: string): string {
  return `${collection} ${id}: not a record id the app makes (a lower-case UUID), and no record of your region has it`;
}
