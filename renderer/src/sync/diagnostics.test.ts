import { describe, expect, it } from 'vitest';
import { diagnosticBundle } from './diagnostics';
import { initialSyncState } from './sync-store';

describe('diagnostic bundle', () => {
  it('carries state, refusals and the log, and no secret', () => {
    const state = {
      ...initialSyncState({
        serviceUrl: 'http://127.0.0.1:8787',
        account: {
          id: 'acc_1',
          username: 'tech',
          displayName: '巡查员',
          role: 'technician' as const,
          scope: '530381',
        },
        deviceId: 'dev_1',
        deviceName: '一号笔记本',
        enrolledAt: 1,
      }),
      log: ['2026-11-25T00:00:00Z patrols: network: no answer'],
    };
    const bundle = diagnosticBundle(state, null, 1_764_000_000_000, false);
    const text = JSON.stringify(bundle);
    expect(bundle).toMatchObject({
      phase: 'starting',
      online: false,
      account: { username: 'tech', deviceId: 'dev_1' },
    });
    expect(text).toContain('patrols: network');
    expect(text).not.toMatch(/wrmd_|token|password/i);
  });
});
