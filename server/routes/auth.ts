import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import {
  accountCreateSchema,
  authPaths,
  enrollRequestSchema,
  enrollmentCreateSchema,
  loginRequestSchema,
  platformPaths,
  SyncError,
  type MeResponse,
} from '#shared/sync/index';
import {
  createAccount,
  createEnrollment,
  enrollWithCode,
  listDevices,
  loginWithPassword,
  revokeDevice,
} from '../auth/accounts';
import type { AttemptKey } from '../auth/attempt-guard';
import { principalOf, type ServiceContext } from '../http/context';
import { parseWith } from '../http/errors';

/**
 * Runs a sign-in unless its account or address is past its failures; counts the failure when the
 * sign-in is refused for the guessed secret (`failure`), not for anything else.
 */
async function guarded<T>(
  ctx: ServiceContext,
  keys: readonly AttemptKey[],
  failure: 'bad-credentials' | 'bad-enrollment-code',
  signIn: () => Promise<T>,
): Promise<T> {
  const wait = await ctx.attempts.blockedFor(keys, ctx.now());
  if (wait !== null) {
    throw new SyncError(
      'rate-limited',
      `too many failed attempts; try again in ${wait < 120 ? `${wait} s` : `${Math.ceil(wait / 60)} min`}`,
      [{ retryAfterSeconds: wait }],
    );
  }
  try {
    return await signIn();
  } catch (error) {
    if (error instanceof SyncError && error.code === failure) {
      await ctx.attempts.failed(keys, ctx.now());
    }
    throw error;
  }
}

/** Enrolment, password login, who-am-I; accounts and devices for admins. */
export function registerAuthRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  app.post(
    authPaths.enroll,
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a one-time enrolment code for a device token',
      },
    },
    async (request) => {
      const input = parseWith(enrollRequestSchema, request.body, 'the enrolment');
      return guarded(ctx, [{ kind: 'address', value: request.ip }], 'bad-enrollment-code', () =>
        enrollWithCode(ctx.db, input, ctx.now()),
      );
    },
  );

  app.post(
    authPaths.login,
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange a user name and password for a device token',
      },
    },
    async (request) => {
      const input = parseWith(loginRequestSchema, request.body, 'the login');
      const account: AttemptKey = { kind: 'account', value: input.username };
      const enrolled = await guarded(
        ctx,
        [account, { kind: 'address', value: request.ip }],
        'bad-credentials',
        () => loginWithPassword(ctx.db, input, ctx.now()),
      );
      await ctx.attempts.succeeded(account);
      return enrolled;
    },
  );

  app.get(
    authPaths.me,
    { schema: { tags: ['auth'], summary: 'The account and device of this token' } },
    async (request) => {
      const p = await principalOf(ctx, request);
      const devices = await listDevices(ctx.db, p.scope);
      const device = devices.find((d) => d.id === p.deviceId);
      const me: MeResponse = {
        account: {
          id: p.accountId,
          username: p.username,
          displayName: p.displayName,
          role: p.role,
          scope: p.scope,
        },
        device: device ?? {
          id: p.deviceId,
          name: p.deviceName,
          createdAt: 0,
          lastSeenAt: null,
          revokedAt: null,
        },
        serverTime: ctx.now(),
      };
      return me;
    },
  );

  app.post(
    platformPaths.users,
    {
      schema: { tags: ['admin'], summary: 'Create an account (admin)' },
    },
    async (request, reply) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const input = parseWith(accountCreateSchema, request.body, 'the account');
      const account = await createAccount(
        ctx.db,
        input,
        { actor: admin.username, scope: admin.scope },
        ctx.now(),
      );
      return reply.status(201).send(account);
    },
  );

  app.post(
    platformPaths.enrollments,
    {
      schema: {
        tags: ['admin'],
        summary: 'Issue a one-time enrolment code (and its QR code) for a user and a laptop (admin)',
      },
    },
    async (request, reply) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const input = parseWith(enrollmentCreateSchema, request.body, 'the enrolment request');
      const serviceUrl = `${request.protocol}://${request.headers.host ?? request.hostname}`;
      const created = await createEnrollment(
        ctx.db,
        input,
        { actor: admin.username, scope: admin.scope },
        serviceUrl,
        ctx.now(),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    platformPaths.devices,
    { schema: { tags: ['admin'], summary: 'Devices of your region (admin)' } },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      return { devices: await listDevices(ctx.db, admin.scope) };
    },
  );

  app.post(
    platformPaths.revokeDevice(':id'),
    {
      schema: {
        tags: ['admin'],
        summary: 'Revoke a device token: the laptop stops syncing at its next attempt (admin)',
      },
    },
    async (request) => {
      const admin = await principalOf(ctx, request, ['admin']);
      const { id } = request.params as { id: string };
      const device = await revokeDevice(ctx.db, id, { actor: admin.username, scope: admin.scope }, ctx.now());
      // The database's notice follows; the next request of that laptop must not beat it.
      ctx.principals.forgetAll();
      ctx.notifier.revoked(id);
      return device;
    },
  );
}
