import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  consoleAuditQuerySchema,
  consolePasswordSchema,
  consolePaths,
  consoleUserUpdateSchema,
  type ConsoleAuditEntry,
  type ConsoleDevice,
  type ConsoleUser,
} from '#shared/sync/console';
import { SyncError, type Role } from '#shared/sync/index';
import { audit, type Principal } from '../auth/accounts';
import { hashPassword } from '../auth/secrets';
import { scoped, type Tx } from '../db/scoped';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';
import { registerSyncStateReports } from './console-sync-state';

/** The condition "this account's region lies within the caller's", on a column and a parameter. */
const within = (column: string, param: string) => `left(${column}, length(${param})) = ${param}`;

type DeviceRow = {
  id: string;
  name: string;
  username: string;
  display_name: string;
  scope: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  app_version: string | null;
  outbox_depth: number | null;
  outbox_oldest_at: number | null;
  outbox_reported_at: number | null;
};

type UserRow = {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  scope: string;
  created_at: number;
  disabled_at: number | null;
  has_password: boolean;
};

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const deviceOf = (r: DeviceRow): ConsoleDevice => ({
  id: r.id,
  name: r.name,
  username: r.username,
  displayName: r.display_name,
  scope: r.scope,
  createdAt: Number(r.created_at),
  lastSeenAt: num(r.last_seen_at),
  revokedAt: num(r.revoked_at),
  appVersion: r.app_version,
  outboxDepth: num(r.outbox_depth),
  outboxOldestAt: num(r.outbox_oldest_at),
  outboxReportedAt: num(r.outbox_reported_at),
});

const userOf = (r: UserRow): ConsoleUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  scope: r.scope,
  createdAt: Number(r.created_at),
  disabledAt: num(r.disabled_at),
  hasPassword: r.has_password,
});

const userColumns = `id, username, display_name, role, scope, created_at, disabled_at,
  password_hash is not null as has_password`;

/** The account `id` if it lies within the admin's region, locked for the change; another region's is unknown. */
async function userInRegion(tx: Tx, admin: Principal, id: string): Promise<UserRow> {
  const { rows } = await tx.query<UserRow>(
    `select ${userColumns} from accounts where id = $1 and ${within('scope', '$2')} for update`,
    [id, admin.scope],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new SyncError('not-found', `no user ${id} in your region ${admin.scope}`);
  }
  return row;
}

/**
 * The operator console's routes beside the admin routes it reuses: each needs an admin and answers
 * only within the admin's region (another region's device or account is answered as an unknown one;
 * moving an account out of the region is refused `outside-region`). Every change is in the audit log.
 */
export function registerConsoleRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  registerSyncStateReports(app, ctx);

  app.get(
    consolePaths.devices,
    {
      schema: {
        tags: ['console'],
        summary: 'Devices of your region with last seen, release and what each has not yet synced (admin)',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { rows } = await scoped(ctx.db, admin.scope, (tx) =>
        tx.query<DeviceRow>(
          `select d.id, d.name, a.username, a.display_name, a.scope, d.created_at, d.last_seen_at,
                  d.revoked_at, d.app_version, d.outbox_depth, d.outbox_oldest_at, d.outbox_reported_at
             from devices d join accounts a on a.id = d.account_id
            where ${within('a.scope', '$1')}
            order by d.revoked_at is not null, d.last_seen_at desc nulls last, d.created_at desc`,
          [admin.scope],
        ),
      );
      return { devices: rows.map(deviceOf) };
    },
  );

  app.get(
    consolePaths.users,
    { schema: { tags: ['console'], summary: 'Accounts of your region with roles and regions (admin)' } },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { rows } = await scoped(ctx.db, admin.scope, (tx) =>
        tx.query<UserRow>(
          `select ${userColumns} from accounts where ${within('scope', '$1')} order by scope, username`,
          [admin.scope],
        ),
      );
      return { users: rows.map(userOf) };
    },
  );

  app.put(
    consolePaths.user(':id'),
    {
      schema: {
        tags: ['console'],
        summary: 'Change an account of your region: role, region, name, disabled (admin)',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { id } = request.params as { id: string };
      const change = parseWith(consoleUserUpdateSchema, request.body, 'the change');
      if (change.scope !== undefined && !change.scope.startsWith(admin.scope)) {
        throw new SyncError('outside-region', `region ${change.scope} is outside your region ${admin.scope}`);
      }
      const now = ctx.now();
      const updated = await scoped(ctx.db, admin.scope, async (tx) => {
        const before = await userInRegion(tx, admin, id);
        if (
          before.id === admin.accountId &&
          (change.disabled === true ||
            (change.role !== undefined && change.role !== 'admin') ||
            (change.scope !== undefined && change.scope !== before.scope))
        ) {
          throw new SyncError(
            'invalid-body',
            'you cannot disable, demote or move your own account; ask another admin',
          );
        }
        const { rows } = await tx.query<UserRow>(
          `update accounts set role = coalesce($2, role), scope = coalesce($3, scope),
                  display_name = coalesce($4, display_name),
                  disabled_at = case when $5::boolean is null then disabled_at
                                     when $5 then coalesce(disabled_at, $6) else null end
            where id = $1 returning ${userColumns}`,
          [
            id,
            change.role ?? null,
            change.scope ?? null,
            change.displayName ?? null,
            change.disabled ?? null,
            now,
          ],
        );
        const after = rows[0]!;
        await audit(tx, now, admin.username, 'account.update', id, {
          username: after.username,
          ...change,
          before: { role: before.role, scope: before.scope, disabled: before.disabled_at !== null },
        });
        return after;
      });
      // A disabled or re-scoped account's tokens must not be served from any node's cache.
      ctx.principals.forgetAll();
      return userOf(updated);
    },
  );

  app.post(
    consolePaths.userPassword(':id'),
    {
      schema: { tags: ['console'], summary: 'Set a new password for an account of your region (admin)' },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { id } = request.params as { id: string };
      const { password } = parseWith(consolePasswordSchema, request.body, 'the new password');
      const hash = await hashPassword(password);
      const now = ctx.now();
      const updated = await scoped(ctx.db, admin.scope, async (tx) => {
        await userInRegion(tx, admin, id);
        const { rows } = await tx.query<UserRow>(
          `update accounts set password_hash = $2 where id = $1 returning ${userColumns}`,
          [id, hash],
        );
        const after = rows[0]!;
        // The password itself is never logged.
        await audit(tx, now, admin.username, 'account.password-reset', id, { username: after.username });
        return after;
      });
      return userOf(updated);
    },
  );

  app.get(
    consolePaths.audit,
    {
      schema: {
        tags: ['console'],
        summary: 'The audit log of your region: what accounts of your region did, newest first (admin)',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const query = parseWith(consoleAuditQuerySchema, request.query, 'the audit query');
      // audit_log carries no region: an entry belongs to the region of the account that acted.
      const { rows } = await scoped(ctx.db, admin.scope, (tx) =>
        tx.query<{
          id: number | string;
          at: number | string;
          actor: string;
          action: string;
          subject: string | null;
          detail: unknown;
        }>(
          `select l.id, l.at, l.actor, l.action, l.subject, l.detail
           from audit_log l join accounts a on a.username = l.actor
          where ${within('a.scope', '$1')} and ($2::bigint is null or l.id < $2)
          order by l.id desc limit $3`,
          [admin.scope, query.before ?? null, query.limit],
        ),
      );
      const entries: ConsoleAuditEntry[] = rows.map((r) => ({
        id: Number(r.id),
        at: Number(r.at),
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        detail: r.detail ?? null,
      }));
      return { entries };
    },
  );
}
