import { describe, expect, it } from 'vitest';
import type { HostClient } from '#shared/host/client';
import type { EnrollResponse, HttpFetch } from '#shared/sync/index';
import {
  forgetEnrolment,
  keepEnrolment,
  readSettings,
  readToken,
  requestEnrolment,
  serviceBase,
} from './enrolment';
import { SyncRequestError } from './push-outcomes';
import { fakeHost, fakeSyncService, memoryStorage } from './test-support';

// The fake host's keychain and an in-memory service stand in for the host process and the service.
const enrolled: EnrollResponse = {
  token: 'token-9',
  account: { id: 'a', username: 'tech', displayName: 'T', role: 'technician', scope: '530621' },
  device: { id: 'dev-9', name: 'laptop', createdAt: 0, lastSeenAt: null, revokedAt: null },
};

describe('enrolment', () => {
  it('keeps the token in the keychain and the settings in storage, reads them back, and forgets both', async () => {
    const host = fakeHost();
    const storage = memoryStorage();
    expect(readSettings(storage)).toBeNull();
    const settings = await keepEnrolment({ host, storage, now: () => 42 }, 'http://svc.test', enrolled);
    expect(settings).toEqual({
      serviceUrl: 'http://svc.test',
      account: enrolled.account,
      deviceId: 'dev-9',
      deviceName: 'laptop',
      enrolledAt: 42,
    });
    expect(readSettings(storage)).toEqual(settings);
    expect(await readToken(host)).toBe('token-9');

    await forgetEnrolment(host, storage);
    expect(readSettings(storage)).toBeNull();
    expect(await readToken(host)).toBeNull();
  });

  it('keeps no settings when the keychain refuses the token', async () => {
    const refusing: HostClient = {
      ...fakeHost(),
      call: () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'locked' } }),
    };
    const storage = memoryStorage();
    const error = await keepEnrolment(
      { host: refusing, storage, now: () => 0 },
      'http://svc.test',
      enrolled,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncRequestError);
    expect((error as SyncRequestError).code).toBe('internal');
    expect(readSettings(storage)).toBeNull();
  });

  it('reads unreadable settings as none', () => {
    const storage = memoryStorage();
    storage.setItem('wrm.sync.settings', '{not json');
    expect(readSettings(storage)).toBeNull();
    expect(readSettings(null)).toBeNull();
  });

  it('enrols by code or by password, and a laptop enrolled before asks for its own device id again', async () => {
    const service = fakeSyncService({ scope: '530621', now: () => 0 });
    const bodies: { path: string; body: Record<string, unknown> }[] = [];
    const fetch: HttpFetch = (url, init) => {
      bodies.push({
        path: new URL(url).pathname,
        body: JSON.parse(String(init.body)) as Record<string, unknown>,
      });
      return service.fetch(url, init);
    };
    const byCode = await requestEnrolment(
      fetch,
      { serviceUrl: 'http://svc.test/', deviceName: 'laptop', code: 'ABC-123' },
      undefined,
    );
    expect(byCode.ok).toBe(true);
    const byPassword = await requestEnrolment(
      fetch,
      { serviceUrl: 'http://svc.test', deviceName: 'laptop', username: 'tech', password: 'pw' },
      'dev-1',
    );
    expect(byPassword.ok && byPassword.value.account.scope).toBe('530621');
    expect(bodies).toEqual([
      { path: '/v1/auth/enroll', body: { code: 'ABC-123', deviceName: 'laptop' } },
      {
        path: '/v1/auth/login',
        body: { username: 'tech', password: 'pw', deviceName: 'laptop', deviceId: 'dev-1' },
      },
    ]);
    expect(serviceBase('http://svc.test//')).toBe('http://svc.test');
  });
});
