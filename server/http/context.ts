import type { FastifyRequest } from 'fastify';
import type { Role } from '#shared/sync/index';
import { SyncError } from '#shared/sync/index';
import type { Principal } from '../auth/accounts';
import type { AttemptGuard } from '../auth/attempt-guard';
import type { PrincipalCache } from '../auth/principal-cache';
import type { Database } from '../db/database';
import type { BlobStore } from '../photos/blob-store';
import type { UploadLimits } from '../photos/uploads';
import type { Notifier } from '../sync/notifier';
import type { PushHooks } from '../sync/push-context';
import { bindPrincipal } from './logging';
import type { RequestBudget } from './request-budget';
import type { WriteGate } from './write-gate';

/** What every route module gets: the database, the clock and the service's parts. */
export type ServiceContext = {
  readonly db: Database;
  readonly now: () => number;
  readonly notifier: Notifier;
  readonly photos: BlobStore | null;
  /** What one device may have in progress, and when an untouched upload is abandoned. */
  readonly uploadLimits: UploadLimits;
  readonly hooks: PushHooks;
  readonly version: string;
  /** Failed logins and enrolment codes, per account and address. */
  readonly attempts: AttemptGuard;
  /** Requests per device token (a burst, then a steady rate). */
  readonly budget: RequestBudget;
  /** Device tokens resolved recently, dropped whenever the database announces a change. */
  readonly principals: PrincipalCache;
  /** Pushes worked on at once, and a bounded queue of those waiting for a turn. */
  readonly writes: WriteGate;
  /** Apps older than this release are answered `update-required`; null: any release syncs. */
  readonly minAppVersion: string | null;
};

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') {
    return null;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export async function principalOf(
  ctx: ServiceContext,
  request: FastifyRequest,
  roles?: readonly Role[],
): Promise<Principal> {
  const principal = await ctx.principals.authenticate(bearer(request), ctx.now());
  bindPrincipal(request, principal);
  const wait = await ctx.budget.take(principal.deviceId, ctx.now());
  if (wait !== null) {
    throw new SyncError(
      'rate-limited',
      `this laptop sent more requests than the service accepts; try again in ${wait} s`,
      [{ retryAfterSeconds: wait }],
    );
  }
  if (roles !== undefined && !roles.includes(principal.role)) {
    throw new SyncError(
      'forbidden',
      `this needs the role ${roles.join(' or ')}; you are a ${principal.role}`,
    );
  }
  return principal;
}
