import { describe, expect, it } from 'vitest';
import { idPattern, idTime, newId } from './ids';

describe('newId (UUIDv7)', () => {
  it('encodes the time, version and variant', () => {
    const id = newId({ now: () => 1_764_000_000_123, random: (n) => new Uint8Array(n).fill(0xff) });
    expect(id).toMatch(idPattern);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(idTime(id)).toBe(1_764_000_000_123);
  });

  it('sorts by creation time and does not collide', () => {
    const ids = new Set<string>();
    let t = 1_700_000_000_000;
    let previous = '';
    for (let i = 0; i < 5000; i += 1) {
      const id = newId({ now: () => (t += 1), random: (n) => crypto.getRandomValues(new Uint8Array(n)) });
      expect(id > previous).toBe(true);
      previous = id;
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
  });

  it('reads no time from other ids', () => {
    expect(idTime('not-an-id')).toBeNull();
    expect(idTime('123e4567-e89b-42d3-a456-426614174000')).toBeNull();
  });
});
