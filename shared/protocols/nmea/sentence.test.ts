import { describe, expect, it } from 'vitest';
import {
  decodeNmeaLine,
  decodeNmeaSentence,
  encodeNmeaGga,
  encodeNmeaSentence,
  nmeaChecksum,
} from './sentence';

// A widely published GGA example (checksum 76) and our own BeiDou/GNSS sentences.
const gga = '$GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76';

describe('NMEA sentences', () => {
  it('decodes GGA fields with signed degrees', () => {
    const r = decodeNmeaLine(gga);
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') {
      return;
    }
    expect(r.value).toMatchObject({ talker: 'GP', type: 'GGA', checksum: 0x76 });
    expect(r.value.data).toMatchObject({
      sentence: 'GGA',
      utcTime: '09:27:50.000',
      quality: 'gps',
      satellites: 8,
      hdop: 1.03,
      altitudeM: 61.7,
      geoidSeparationM: 55.2,
    });
    const data = r.value.data;
    expect(data?.latitude).toBeCloseTo(53.36134, 5);
    expect(data?.longitude).toBeCloseTo(-6.50562, 5);
  });

  it('encodes the published GGA byte for byte', () => {
    expect(encodeNmeaSentence(gga.slice(1, -3))).toBe(gga);
  });

  it('decodes RMC with date, speed and course', () => {
    const line = encodeNmeaSentence('GNRMC,031530.00,A,2502.4000,N,10242.6000,E,0.5,54.7,251126,,,A');
    const r = decodeNmeaLine(line);
    expect(r.status === 'ok' && r.value.data).toMatchObject({
      sentence: 'RMC',
      valid: true,
      date: '2026-11-25',
      speedKnots: 0.5,
      courseDeg: 54.7,
      latitude: 25.04,
      longitude: 102.71,
    });
  });

  it('names checksum, framing and coordinate problems', () => {
    const reason = (text: string) => {
      const r = decodeNmeaLine(text);
      return r.status === 'invalid' ? r.reason : r.status;
    };
    expect(reason(gga.replace('*76', '*00'))).toBe(
      'NMEA checksum mismatch: sentence says 00, content gives 76',
    );
    expect(reason('GPGGA')).toMatch(/no leading \$/);
    expect(reason('$GPGGA,1,2')).toMatch(/without a \*hh checksum/);
    expect(reason(encodeNmeaSentence('GPGGA,0,9502.4,N,10242.6,E,1,5,1,0,M,0,M,,'))).toBe(
      'GGA latitude 95.0400 is outside ±90°',
    );
  });

  it('round-trips the simulator GGA', () => {
    const line = encodeNmeaGga({
      utcTime: '04:48:04',
      latitude: 25.5,
      longitude: -102.25,
      satellites: 12,
      hdop: 0.9,
    });
    const r = decodeNmeaLine(line);
    expect(r.status === 'ok' && r.value.data).toMatchObject({
      latitude: 25.5,
      longitude: -102.25,
      satellites: 12,
    });
    expect(nmeaChecksum('GPGGA')).toBe(0x47 ^ 0x50 ^ 0x47 ^ 0x47 ^ 0x41);
  });

  it('reads a stream: incomplete until the line end, garbage skipped to the next $', () => {
    expect(decodeNmeaSentence(gga).status).toBe('incomplete');
    expect(decodeNmeaSentence(`${gga}\r\n$GP`)).toMatchObject({ status: 'ok', consumed: gga.length + 2 });
    expect(decodeNmeaSentence('xx$GP')).toMatchObject({ status: 'invalid', skip: 2 });
    expect(decodeNmeaSentence(new TextEncoder().encode(`${gga}\n`))).toMatchObject({ status: 'ok' });
  });
});
