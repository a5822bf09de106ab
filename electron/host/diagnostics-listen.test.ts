import { describe, expect, it } from 'vitest';
import { fromHex } from '../../shared/protocols/common/hex';
import { buildHj212Realtime } from '../../shared/protocols/hj212/index';
import { beijingFrames } from '../../shared/protocols/sl651/reference-frames.test-data';
import { createListenDecoders } from './diagnostics-listen';

describe('listen mode decoders', () => {
  it('decodes an SL651 frame split across two bursts, after line noise', () => {
    const listen = createListenDecoders(() => 0);
    const frame = fromHex(beijingFrames[0]!);
    const first = listen.decode('sl651-2014', Uint8Array.from([0x00, 0x13, ...frame.slice(0, 20)]), 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ ok: false, hex: '00 13' });
    const second = listen.decode('sl651-2014', frame.slice(20), 2);
    expect(second).toHaveLength(1);
    expect(second[0]?.ok).toBe(true);
    expect(second[0]?.summary).toContain('0030746200');
    expect(second[0]?.values.length).toBeGreaterThan(0);
  });

  it('decodes an HJ 212 real-time packet into factor values', () => {
    const listen = createListenDecoders(() => 0);
    const text = buildHj212Realtime(
      { st: '21', pw: '123456', mn: '53038100000001' },
      Date.UTC(2026, 0, 5, 2),
      [{ code: 'w01018', rtd: 12.34 }],
    );
    const [frame] = listen.decode('hj212-2017', new TextEncoder().encode(`${text}`), 3);
    expect(frame?.ok).toBe(true);
    expect(frame?.summary).toContain('53038100000001');
    expect(frame?.values[0]).toMatchObject({ value: 12.34 });
  });
});
