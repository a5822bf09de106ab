/* eslint-disable @typescript-eslint/no-unsafe-assignment -- asymmetric matchers are typed any */
import { describe, expect, it } from 'vitest';
import { SyncError } from '#shared/sync/index';
import { createWriteGate } from './write-gate';

describe('write gate', () => {
  it('lets a fixed number in, then hands each ended turn to the longest waiting push', async () => {
    const gate = createWriteGate({ inFlight: 2, queued: 10, retryAfterSeconds: 5 });
    const first = await gate.enter();
    const second = await gate.enter();
    const order: string[] = [];
    const third = gate.enter().then((leave) => {
      order.push('third');
      return leave;
    });
    const fourth = gate.enter().then((leave) => {
      order.push('fourth');
      return leave;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(gate.working()).toBe(2);
    expect(gate.waiting()).toBe(2);

    first();
    first(); // ending a turn twice hands on only one turn
    expect((await Promise.race([third, fourth]).then(() => order)).slice()).toEqual(['third']);
    expect(gate.working()).toBe(2);
    expect(gate.waiting()).toBe(1);

    second();
    (await third)();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    expect(gate.working()).toBe(0);
    expect(gate.waiting()).toBe(0);
  });

  it('asks pushes past a full queue to come back later, with the wait', async () => {
    const gate = createWriteGate({ inFlight: 1, queued: 1, retryAfterSeconds: 7 });
    const leave = await gate.enter();
    const waiting = gate.enter();
    const refused = await gate.enter().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SyncError);
    expect(refused).toMatchObject({
      code: 'unavailable',
      details: [{ retryAfterSeconds: 7 }],
      message: expect.stringMatching(/busy with 1 pushes; try again in 7 s/),
    });
    leave();
    (await waiting)();
    expect(gate.working()).toBe(0);
  });

  it('refuses limits that would let nothing through', () => {
    expect(() => createWriteGate({ inFlight: 0, queued: 10, retryAfterSeconds: 1 })).toThrow(/at least one/);
  });
});
