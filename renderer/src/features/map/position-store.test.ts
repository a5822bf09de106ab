import { describe, expect, it } from 'vitest';
import { withChecksum, parseNmeaLine } from '#shared/geo/nmea-position';
import type { HostClient } from '#shared/host/client';
import type { GnssFixPayload } from '#shared/host/contract/index';
import { wgs84 } from '#shared/geo/coords';
import { checkInFix } from './check-in';
import { connectGnss, createPositionStore } from './position-store';

/** A host client that only pushes events: what the renderer sees of the host's GNSS reader. */
function eventHost() {
  const listeners = new Set<(p: GnssFixPayload) => void>();
  const host: Pick<HostClient, 'subscribe'> = {
    subscribe: ((event: string, listener: (p: GnssFixPayload) => void) => {
      if (event === 'gnss.fix') {
        listeners.add(listener);
      }
      return () => listeners.delete(listener);
    }) as HostClient['subscribe'],
  };
  return { host, push: (p: GnssFixPayload) => listeners.forEach((l) => l(p)) };
}

describe('NMEA positions into the map state', () => {
  it('a GGA line becomes the crew position, and a check-in measures from it', () => {
    const store = createPositionStore();
    const { host, push } = eventHost();
    const stop = connectGnss(host, store);
    const parsed = parseNmeaLine(
      withChecksum('GNGGA,031530.00,2502.4000,N,10242.6000,E,4,20,0.6,1890.0,M,-30.0,M,,'),
    );
    if (parsed.kind !== 'fix') {
      throw new Error('expected a fix');
    }
    const f = parsed.fix;
    push({
      lat: f.position.lat,
      lng: f.position.lng,
      accuracyM: f.accuracyM,
      quality: f.quality,
      satellites: f.satellites,
      utcTime: f.utcTime,
      at: 1000,
    });
    const fix = store.get().fix;
    expect(fix).toMatchObject({ source: 'gnss', accuracyM: 0.05, at: 1000 });
    expect(fix?.position.lat).toBeCloseTo(25.04, 8);

    // 0.001° of latitude north of the fix: about 111 m.
    const visit = checkInFix(wgs84(25.041, 102.71), fix, 2000);
    expect(visit).toMatchObject({ at: 2000, source: 'gnss', accuracyM: 0.1 });
    expect(visit.distanceM).toBeGreaterThan(110);
    expect(visit.distanceM).toBeLessThan(112);
    expect(checkInFix(wgs84(25, 102), null, 3)).toEqual({
      at: 3,
      position: null,
      accuracyM: null,
      distanceM: null,
      source: 'none',
    });

    stop();
    push({ lat: 30, lng: 110, accuracyM: 5, quality: 'gps', satellites: 5, utcTime: null, at: 9 });
    expect(store.get().fix?.at).toBe(1000);
  });
});
