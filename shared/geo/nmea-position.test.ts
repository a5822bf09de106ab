import { describe, expect, it } from 'vitest';
import { createNmeaLineSplitter, NmeaError, parseNmeaLine, withChecksum } from './nmea-position';

describe('NMEA positions', () => {
  it('reads a GGA fix with accuracy from HDOP', () => {
    const r = parseNmeaLine('$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76');
    expect(r.kind).toBe('fix');
    if (r.kind === 'fix') {
      expect(r.fix.position.lat).toBeCloseTo(53 + 21.6802 / 60, 8);
      expect(r.fix.position.lng).toBeCloseTo(-(6 + 30.3372 / 60), 8);
      expect(r.fix.accuracyM).toBeCloseTo(5.15, 6);
      expect(r.fix.satellites).toBe(8);
      expect(r.fix.utcTime).toBe('09:27:50.000');
    }
  });

  it('reads a BeiDou/GNSS RMC fix with its date', () => {
    const line = withChecksum('GNRMC,031530.00,A,2502.4000,N,10242.6000,E,0.02,,251126,,,A');
    const r = parseNmeaLine(line);
    expect(r).toMatchObject({ kind: 'fix', fix: { sentence: 'RMC', utcDate: '2026-11-25' } });
    if (r.kind === 'fix') {
      expect(r.fix.position.lat).toBeCloseTo(25.04, 8);
      expect(r.fix.position.lng).toBeCloseTo(102.71, 8);
    }
  });

  it('tells a void fix from a bad sentence', () => {
    expect(parseNmeaLine(withChecksum('GPGGA,031530.00,,,,,0,00,99.9,,,,,,'))).toEqual({
      kind: 'no-fix',
      sentence: 'GGA',
    });
    expect(parseNmeaLine(withChecksum('GPRMC,031530.00,V,,,,,,,251126,,,N'))).toEqual({
      kind: 'no-fix',
      sentence: 'RMC',
    });
    expect(parseNmeaLine(withChecksum('GPGSV,3,1,11,03,03,111,00'))).toEqual({ kind: 'other', type: 'GSV' });
  });

  it('names what is wrong with garbage', () => {
    expect(() => parseNmeaLine('hello')).toThrow(NmeaError);
    expect(() => parseNmeaLine('$GPGGA,1,2,3')).toThrow(/without a \*hh checksum/);
    expect(() =>
      parseNmeaLine('$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*00'),
    ).toThrow(/checksum mismatch: sentence says 00, content gives 76/);
    expect(() => parseNmeaLine(withChecksum('GPGGA,0,25X2.4,N,10242.6,E,1,5,1,0,M,0,M,,'))).toThrow(
      /GGA latitude "25X2.4"/,
    );
    expect(() => parseNmeaLine(withChecksum('GPGGA,0,2502.4,Q,10242.6,E,1,5,1,0,M,0,M,,'))).toThrow(
      /hemisphere "Q"/,
    );
    expect(() => parseNmeaLine(withChecksum('GPGGA,0,9502.4,N,10242.6,E,1,5,1,0,M,0,M,,'))).toThrow(
      /latitude 95/,
    );
  });

  it('splits a byte stream into lines and counts garbage', () => {
    const s = createNmeaLineSplitter();
    const enc = new TextEncoder();
    const line = withChecksum('GPGGA,031530.00,2502.4,N,10242.6,E,1,5,1,0,M,0,M,,');
    expect(s.push(enc.encode(`${line.slice(0, 10)}`))).toEqual([]);
    expect(s.push(enc.encode(`${line.slice(10)}\r\n`))).toEqual([line]);
    expect(s.garbageBytes).toBe(0);
    s.push(new Uint8Array([0xff, 0x00, 0x13, 0x80, 0x41, 0x42, 0x0a]));
    expect(s.garbageBytes).toBeGreaterThanOrEqual(6);
  });
});
