import { describe, expect, it } from 'vitest';
import { wgs84 } from '#shared/geo/coords';
import { checkInFix, readCheckIn, rememberCheckIn, takeCheckIn } from './check-in';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, v),
  };
}

const site = wgs84(25.04, 102.71);

describe('map → patrol check-in hand-over', () => {
  it('is read without removal, then taken once', () => {
    const storage = memoryStorage();
    const fix = checkInFix(
      site,
      { position: wgs84(25.0401, 102.7101), accuracyM: 4.2, source: 'gnss', at: 1 },
      10,
    );
    rememberCheckIn(storage, 's1', fix);
    expect(readCheckIn(storage, 's1')).toEqual(fix);
    expect(readCheckIn(storage, 's1')).toEqual(fix);
    expect(takeCheckIn(storage, 's1')?.source).toBe('gnss');
    expect(readCheckIn(storage, 's1')).toBeNull();
    expect(fix.distanceM).toBeGreaterThan(0);
    expect(fix.distanceM).toBeLessThan(20);
  });

  it('ignores a hand-over that is not a valid fix', () => {
    const storage = memoryStorage();
    storage.setItem('wrm.checkIn.s1', '{"at":1,"position":{"lat":999,"lng":0},"source":"gnss"}');
    storage.setItem('wrm.checkIn.s2', 'not json');
    expect(readCheckIn(storage, 's1')).toBeNull();
    expect(readCheckIn(storage, 's2')).toBeNull();
  });
});
