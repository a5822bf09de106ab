import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../common/hex';
import { buildLinkTest, buildReportConfirmation } from './commands';
import { decodeSzy206Message } from './message';

// The verified self-report of protocols.md §6.1 and the confirmation a centre sends for it: C = B3 with
// DIR cleared (33), same address and AFN C0, no data; CS B3 checked with an independent CRC-8/0xE5.
const selfReport = '681A68B35303810D00C00059000000826110000001106000004508090A3516';
const confirmation = '680768335303810D00C0B316';
const address = { mode: 'division', division: '530381', station: 13 } as const;

describe('the centre confirms an uplink report', () => {
  it('builds the confirmation of the verified C0 self-report byte for byte', () => {
    const report = decodeSzy206Message(fromHex(selfReport));
    expect(report.status).toBe('ok');
    if (report.status !== 'ok') {
      return;
    }
    expect(toHex(buildReportConfirmation({ address: report.value.address }, report.value), '')).toBe(
      confirmation,
    );
  });

  it('decodes the confirmation as a downlink C0 with no data for the same terminal', () => {
    const decoded = decodeSzy206Message(fromHex(confirmation));
    expect(decoded).toMatchObject({
      status: 'ok',
      consumed: 12,
      value: {
        direction: 'down',
        control: { direction: 'down', split: false, frameCount: 3, functionCode: 3 },
        address,
        afn: 0xc0,
        body: { kind: 'empty' },
      },
    });
  });

  it('echoes a link test as the published constructed down frame', () => {
    expect(toHex(buildLinkTest({ address }, 'keep-alive'), '')).toBe('680868005303810D0002F21A16');
    expect(decodeSzy206Message(fromHex('680868005303810D0002F21A16'))).toMatchObject({
      status: 'ok',
      value: { direction: 'down', afn: 0x02, body: { kind: 'link-test', meaning: 'keep-alive' } },
    });
  });
});
