import { describe, expect, it } from 'vitest';
import { createFirstPullReaders } from './first-pull-readers';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('first pull readers', () => {
  it('waits, as a wave ends, for a reader whose inputs are all in to read them since', async () => {
    const readers = createFirstPullReaders();
    const map = readers.register(['sites', 'site_health']);
    // A reading from before the wave ended (an empty database) does not count.
    map.ready();
    let settled = false;
    void readers.settled(['equipment'], 10_000).then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    map.ready();
    await tick();
    expect(settled).toBe(true);
    // Waited for once: a later wave does not wait for it again.
    const started = Date.now();
    await readers.settled([], 10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does not wait for a reader whose inputs are still pending, nor one that is gone', async () => {
    const readers = createFirstPullReaders();
    readers.register(['sites', 'tasks']);
    await expect(readers.settled(['tasks'], 10_000)).resolves.toBeUndefined();
    const gone = readers.register(['sites']);
    let settled = false;
    void readers.settled(['tasks'], 10_000).then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    gone.release();
    await tick();
    expect(settled).toBe(true);
  });

  it('never waits longer than the cap for a reader that does not read', async () => {
    const readers = createFirstPullReaders();
    readers.register(['sites']);
    const started = Date.now();
    await readers.settled([], 50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
