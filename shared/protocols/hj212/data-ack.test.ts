import { describe, expect, it } from 'vitest';
import { buildHj212DataAck } from './commands';
import { decodeHj212Packet } from './packet';

// 数据应答 (CN=9014) to the standard's appendix-A packet (QN 20160801085857223, Flag=5: answer wanted).
// CRC 71C0 checked with an independent implementation of the appendix-A procedure.
const ack =
  '##0087QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&71C0\r\n';

describe('HJ 212 data answer', () => {
  it('is built byte for byte', () => {
    expect(
      buildHj212DataAck({ st: '32', pw: '100000', mn: '010000A8900016F000169DC0' }, '20160801085857223'),
    ).toBe(ack);
  });
  it('decodes to the answer of that QN', () => {
    expect(decodeHj212Packet(ack)).toMatchObject({
      status: 'ok',
      consumed: ack.length,
      value: { qn: '20160801085857223', st: '91', cn: '9014', mn: '010000A8900016F000169DC0', factors: [] },
    });
  });
});
