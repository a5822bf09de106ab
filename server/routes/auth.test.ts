/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers are typed any */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { authPaths } from '#shared/sync/index';
import { createAccount } from '../auth/accounts';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, testService } from '../testing/service';

describeOnEngines('sign-in guessing', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let now = 1_764_000_000_000;
  const password = 'correct horse battery';

  beforeAll(async () => {
    const service = await testService(db(), {
      now: () => now,
      attemptLimits: { windowMs: 10 * 60_000, perAccount: 3, perAddress: 6 },
    });
    app = service.app;
    dispose = () => service.dispose();
    await createAccount(
      db(),
      { username: 'li.wei', displayName: '李伟', role: 'technician', scope: '530381', password },
      { actor: 'test', scope: '53' },
      now,
    );
  });
  afterAll(async () => dispose());

  const login = (username: string, secret: string, ip = '10.1.1.1') =>
    app.inject({
      method: 'POST',
      url: authPaths.login,
      remoteAddress: ip,
      payload: { username, password: secret, deviceName: 'laptop' },
    });
  const enroll = (code: string, ip: string) =>
    app.inject({
      method: 'POST',
      url: authPaths.enroll,
      remoteAddress: ip,
      payload: { code, deviceName: 'laptop' },
    });

  test('an account is locked for the window after its failed passwords, even for the right one', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await login('li.wei', `wrong guess ${i}`)).statusCode).toBe(401);
    }
    const locked = await login('li.wei', password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('600');
    expect(locked.json()).toMatchObject({
      error: { code: 'rate-limited', message: expect.stringMatching(/try again in 10 min/) },
    });
    // From another address too: the lock is on the account.
    expect((await login('LI.WEI', password, '10.9.9.9')).statusCode).toBe(429);
    now += 10 * 60_000;
    const after = await login('li.wei', password);
    expect(after.statusCode).toBe(200);
    // A success clears the account's count.
    for (let i = 0; i < 2; i += 1) {
      expect((await login('li.wei', 'wrong again')).statusCode).toBe(401);
    }
    expect((await login('li.wei', password)).statusCode).toBe(200);
  });

  test('one address guessing enrolment codes is stopped; another address is not', async () => {
    now += 60 * 60_000;
    for (let i = 0; i < 6; i += 1) {
      expect((await enroll(`GUESS-${i}`, '10.2.2.2')).json()).toMatchObject({
        error: { code: 'bad-enrollment-code' },
      });
    }
    const stopped = await enroll('GUESS-7', '10.2.2.2');
    expect(stopped.statusCode).toBe(429);
    expect(Number(stopped.headers['retry-after'])).toBeGreaterThan(0);
    expect((await enroll('GUESS-8', '10.3.3.3')).json()).toMatchObject({
      error: { code: 'bad-enrollment-code' },
    });
  });

  test('behind a trusted proxy, addresses come from X-Forwarded-For', async () => {
    const proxied = await testService(db(), {
      now: () => now,
      trustProxy: true,
      attemptLimits: { windowMs: 60_000, perAccount: 100, perAddress: 2 },
    });
    try {
      const viaProxy = (client: string) =>
        proxied.app.inject({
          method: 'POST',
          url: authPaths.enroll,
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': client },
          payload: { code: 'NOPE', deviceName: 'laptop' },
        });
      await viaProxy('172.16.0.5');
      await viaProxy('172.16.0.5');
      expect((await viaProxy('172.16.0.5')).statusCode).toBe(429);
      expect((await viaProxy('172.16.0.6')).json()).toMatchObject({ error: { code: 'bad-enrollment-code' } });
    } finally {
      await proxied.dispose();
    }
  });

  test('a device that keeps hammering the service is paced, with Retry-After; other devices are not', async () => {
    const paced = await testService(db(), { now: () => now, requestBudget: { burst: 3, perSecond: 0.5 } });
    try {
      const one = await enrolledDevice(db(), 'technician', '530381', now);
      const other = await enrolledDevice(db(), 'technician', '530381', now);
      const me = (token: string) => paced.app.inject({ url: authPaths.me, headers: bearer(token) });
      for (let i = 0; i < 3; i += 1) {
        expect((await me(one.token)).statusCode).toBe(200);
      }
      const slowed = await me(one.token);
      expect(slowed.statusCode).toBe(429);
      expect(slowed.headers['retry-after']).toBe('2');
      expect(slowed.json()).toMatchObject({
        error: { code: 'rate-limited', details: [{ retryAfterSeconds: 2 }] },
      });
      expect((await me(other.token)).statusCode).toBe(200);
      now += 2_000;
      expect((await me(one.token)).statusCode).toBe(200);
    } finally {
      await paced.dispose();
    }
  });

  test('a malformed sign-in is refused as such and does not count as a guess', async () => {
    now += 60 * 60_000;
    for (let i = 0; i < 5; i += 1) {
      const r = await app.inject({
        method: 'POST',
        url: authPaths.login,
        remoteAddress: '10.4.4.4',
        payload: { username: 'li.wei' },
      });
      expect(r.json()).toMatchObject({ error: { code: 'invalid-body' } });
    }
    expect((await login('li.wei', password, '10.4.4.4')).statusCode).toBe(200);
  });
});
