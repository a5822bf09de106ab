/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers are typed any */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { PushResponse } from '#shared/sync/index';
import { describeOnEngines } from '../testing/engines';
import { bearer, enrolledDevice, labelOf, sample, seedSites, testId, testService } from '../testing/service';

describeOnEngines('pushes wait for a turn', ({ db, test }) => {
  let app: FastifyInstance;
  let dispose: () => Promise<void>;
  let tech: { token: string; deviceId: string };
  let hold: Promise<void> | null = null;
  let held = 0;
  const now = 1_764_000_000_000;

  beforeAll(async () => {
    const service = await testService(db(), {
      now: () => now,
      writeGate: { inFlight: 1, queued: 1, retryAfterSeconds: 3 },
      hooks: {
        beforeCommit: async () => {
          if (hold !== null) {
            held += 1;
            await hold;
          }
        },
      },
    });
    app = service.app;
    dispose = () => service.dispose();
    await seedSites(db(), now);
    tech = await enrolledDevice(db(), 'technician', '530381', now);
  });
  afterAll(async () => dispose());

  const push = (id: string, token = tech.token) =>
    app.inject({
      method: 'POST',
      url: '/v1/sync/readings/push',
      headers: bearer(token),
      payload: {
        rows: [
          {
            assumedMasterState: null,
            newDocumentState: { ...sample('readings'), id: testId(id), _deleted: false },
          },
        ],
      },
    });

  test('one push at a time here: the next waits its turn, one more is asked to come back later', async () => {
    let release = () => undefined as void;
    hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const working = push('gate-1');
    await vi.waitFor(() => expect(held).toBe(1));
    const waiting = push('gate-2');
    try {
      // A request without a device token is refused before it could take a place in the queue.
      const stranger = await push('gate-x', 'not-a-device-token');
      expect(stranger.statusCode).toBe(401);
      await vi.waitFor(async () => {
        const busy = await push('gate-3');
        expect(busy.statusCode).toBe(503);
        expect(busy.headers['retry-after']).toBe('3');
        expect(busy.json()).toMatchObject({
          error: {
            code: 'unavailable',
            message: expect.stringMatching(/busy with 1 pushes; try again in 3 s/),
          },
        });
      });
      expect(held).toBe(1);
    } finally {
      hold = null;
      release();
    }
    const [first, second] = await Promise.all([working, waiting]);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(first.json<PushResponse>().accepted.map(labelOf)).toEqual(['gate-1']);
    expect(second.json<PushResponse>().accepted.map(labelOf)).toEqual(['gate-2']);
    // Every turn ended: pushes keep flowing one after another.
    for (let i = 0; i < 5; i += 1) {
      expect((await push(`gate-after-${i}`)).statusCode).toBe(200);
    }
    const { rows } = await db().query<{ id: string }>(
      `select id from records where collection = 'readings' and device_id = $1`,
      [tech.deviceId],
    );
    expect(rows.map((r) => labelOf(r.id)).sort()).toEqual([
      'gate-1',
      'gate-2',
      'gate-after-0',
      'gate-after-1',
      'gate-after-2',
      'gate-after-3',
      'gate-after-4',
    ]);
  });
});
