import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import { buildSl651Confirmation, buildSl651Report } from './commands';
import { decodeSl651Message, type Sl651Message } from './message';
import { beijingFrames, fujianFrames } from './reference-frames.test-data';

const linkKeeping = '7E7E01001234567812342F0008020003591011155111036BCA';
const testReport =
  '7E7E010012345678123430002B020003591011154947F1F1001234567848F0F0591011154920190000052619000005392300000127381211150320FA';
const confirmation = '7E7E00123456780112343080080200035910111549471B75D4';

const decode = (hex: string): Sl651Message => {
  const r = decodeSl651Message(fromHex(hex));
  if (r.status !== 'ok') {
    throw new Error(r.status === 'invalid' ? r.reason : 'incomplete');
  }
  return r.value;
};

const station = { centerAddress: 1, stationAddress: '0012345678', password: '1234' };

describe('SL651 e-com-net frames in both directions', () => {
  it('link-keeping report (2F)', () => {
    const m = decode(linkKeeping);
    expect(m).toMatchObject({
      direction: 'up',
      centerAddress: 1,
      stationAddress: '0012345678',
      password: '1234',
    });
    expect(m).toMatchObject({
      functionCode: 0x2f,
      functionName: '链路维持报',
      serial: 3,
      sentAt: '2059-10-11 15:51:11',
      items: [],
    });
    expect(m.endChar).toBe('ETX');
    const built = buildSl651Report({
      ...station,
      functionCode: 0x2f,
      serial: 3,
      sentAt: { year: 2059, month: 10, day: 11, hour: 15, minute: 51, second: 11 },
    });
    expect(toHex(built, '')).toBe(linkKeeping);
  });

  it('test report (30) with rain, accumulated rain, level and voltage', () => {
    const m = decode(testReport);
    expect(m.station).toEqual({ address: '0012345678', category: 'H', categoryName: '河道' });
    expect(m.observedAt).toBe('2059-10-11 15:49');
    expect(
      m.items.map((i) =>
        i.kind === 'value' ? [i.element.code, i.element.name, i.value, i.element.unit] : i.kind,
      ),
    ).toEqual([
      ['PJ', '当前降水量', 0.5, 'mm'],
      ['PT', '降水量累计值', 0.5, 'mm'],
      ['Z', '瞬时河道水位、潮位', 0.127, 'm'],
      ['VT', '电源电压', 11.15, 'V'],
    ]);
    const built = buildSl651Report({
      ...station,
      functionCode: 0x30,
      serial: 3,
      sentAt: { year: 2059, month: 10, day: 11, hour: 15, minute: 49, second: 47 },
      category: 'H',
      observedAt: { year: 2059, month: 10, day: 11, hour: 15, minute: 49 },
      elements: [
        { id: 0x20, bytes: 3, decimals: 1, value: 0.5 },
        { id: 0x26, bytes: 3, decimals: 1, value: 0.5 },
        { id: 0x39, bytes: 4, decimals: 3, value: 0.127 },
        { id: 0x38, bytes: 2, decimals: 2, value: 11.15 },
      ],
    });
    expect(toHex(built, '')).toBe(testReport);
  });

  it('downlink confirmation with ESC', () => {
    const m = decode(confirmation);
    expect(m).toMatchObject({
      direction: 'down',
      stationAddress: '0012345678',
      centerAddress: 1,
      endChar: 'ESC',
      serial: 3,
    });
    const built = buildSl651Confirmation(
      {
        ...station,
        functionCode: 0x30,
        serial: 3,
        sentAt: { year: 2059, month: 10, day: 11, hour: 15, minute: 49, second: 47 },
      },
      'ESC',
    );
    expect(toHex(built, '')).toBe(confirmation);
  });
});

describe('SL651 reference captures', () => {
  it('decodes all 25 Beijing frames whole', () => {
    for (const hex of beijingFrames) {
      const r = decodeSl651Message(fromHex(hex));
      expect(r.status === 'ok' && r.consumed).toBe(hex.length / 2);
    }
  });

  it('decodes all 22 Fujian frames (stray trailing 7E left over)', () => {
    for (const hex of fujianFrames) {
      const r = decodeSl651Message(fromHex(hex));
      expect(r.status, hex).toBe('ok');
      const extra = hex.length / 2 - (r.status === 'ok' ? r.consumed : 0);
      expect(extra === 0 || hex.endsWith('7E')).toBe(true);
    }
  });

  it('rebuilds a Beijing rain-station timed report byte for byte', () => {
    const built = buildSl651Report({
      centerAddress: 0,
      stationAddress: '0081120005',
      password: 'FFFF',
      functionCode: 0x32,
      serial: 0x25b9,
      sentAt: { year: 2026, month: 7, day: 1, hour: 6, minute: 30, second: 6 },
      category: 'P',
      observedAt: { year: 2026, month: 7, day: 1, hour: 6, minute: 30 },
      elements: [
        { id: 0x26, bytes: 3, decimals: 1, value: 184.8 },
        { id: 0x38, bytes: 2, decimals: 2, value: 12 },
      ],
    });
    expect(toHex(built, '')).toBe(beijingFrames[23]);
  });

  it('reads a timed report with status bits and extended elements', () => {
    const m = decode(beijingFrames[0] ?? '');
    expect(m).toMatchObject({
      functionCode: 0x32,
      functionName: '遥测站定时报',
      observedAt: '2026-07-01 06:00',
    });
    const status = m.items.find((i) => i.kind === 'status');
    expect(status?.kind === 'status' && status.word).toBe(0x00600481);
    expect(
      m.items
        .filter((i) => i.kind === 'value')
        .map((i) => (i.kind === 'value' ? [i.element.code, i.value] : null)),
    ).toEqual([
      ['PT', 311.3],
      ['VT', 12.87],
      ['0xFF09', 20],
      ['0xFF33', 20.5],
    ]);
  });

  it('reads an hourly report with 5-minute level series', () => {
    const m = decode(beijingFrames[15] ?? '');
    const series = m.items.filter((i) => i.kind === 'series');
    expect(
      series.map((s) => (s.kind === 'series' ? [s.element.code, s.values.length, s.values[0]] : null)),
    ).toEqual([
      ['DRP', 12, 0],
      ['DRZ1', 12, 4.28],
    ]);
  });

  it('reads a uniform-interval report (31) as one series at its step', () => {
    const m = decode(fujianFrames[3] ?? '');
    const [item] = m.items;
    expect(
      item?.kind === 'uniform-series' && [item.element.code, item.step, item.values.length, item.values[0]],
    ).toEqual(['Z', { days: 0, hours: 0, minutes: 5 }, 12, 28.96]);
  });

  it('names what is wrong', () => {
    const bad = (hex: string) => {
      const r = decodeSl651Message(fromHex(hex));
      return r.status === 'invalid' ? r.reason : r.status;
    };
    expect(bad(linkKeeping.replace(/6BCA$/, '6BCB'))).toBe('CRC expected 0x6BCA, found 0x6BCB');
    expect(bad('7E7F')).toBe('start expected 7E 7E, found 7E 0x7F');
    expect(bad('7E7E01001234567812342F4008020003')).toBe('up/down flag expected 0 (up) or 8 (down), found 4');
    expect(bad(linkKeeping.slice(0, 20))).toBe('incomplete');
  });
});
