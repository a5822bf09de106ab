import type { Author } from './author';

/** A deterministic author for tests: a settable clock and sequential ids. */
export function testAuthor(
  start = 1_764_000_000_000,
): Author & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  let n = 0;
  return {
    deviceId: 'device-test',
    operatorId: 'tech-test',
    now: () => now,
    newId: () => `id-${String((n += 1)).padStart(4, '0')}`,
    set(ms) {
      now = ms;
    },
    advance(ms) {
      now += ms;
    },
  };
}
