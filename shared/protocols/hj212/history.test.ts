import { describe, expect, it } from 'vitest';
import { readHistoryFrames, runHistory } from '../history-run';
import { createLineSession } from '../line-session';
import { createMemoryLinkPair } from '../line-session-testing';
import { hj212Time } from './commands';
import {
  buildHj212HistoryRequest,
  buildHj212Reply,
  decodeHj212Upload,
  hj212HistoryKindOf,
  hj212HistoryPlan,
  hj212Slots,
  type Hj212HistoryQuery,
} from './history';
import { decodeHj212Packet, encodeHj212Packet } from './packet';

// The standard's C.20/C.21 example; its CRCs were computed in protocols-history.md §1c (the PDF prints none).
const station = { st: '32', pw: '123456', mn: '010000A8900016F000169DC0' };
const beijing = (text: string) => Date.parse(`${text}+08:00`);
const query: Hj212HistoryQuery = {
  kind: 'hour',
  from: beijing('2016-08-01T08:00:00'),
  to: beijing('2016-08-01T09:00:00'),
  qn: '20160801085857223',
};
const enc = new TextEncoder();

function upload(at: number, qn: string, flag: number, split?: { pnum: number; pno: number }) {
  return encodeHj212Packet({
    qn,
    st: station.st,
    cn: '2061',
    pw: station.pw,
    mn: station.mn,
    flag,
    ...(split ?? {}),
    cp: `DataTime=${hj212Time(at)};w21003-Avg=0.32,w21003-Min=0.30,w21003-Max=0.35,w21003-Flag=N;w01018-Avg=14.5,w01018-Flag=M`,
  });
}

describe('HJ 212 history retrieval, golden packets', () => {
  it('builds the standard’s 2061 request byte for byte (CRC 7EC0)', () => {
    expect(buildHj212HistoryRequest(station, query)).toBe(
      '##0134QN=20160801085857223;ST=32;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&BeginTime=20160801080000;EndTime=20160801080000&&7EC0\r\n',
    );
  });

  it('builds the 9011 and 9012 replies with the CRCs of the reference, and reads them back', () => {
    const r9011 = buildHj212Reply(station, '9011', query.qn, 'QnRtn=1');
    expect(r9011.slice(-6)).toBe('1B00\r\n');
    expect(buildHj212Reply(station, '9012', query.qn, 'ExeRtn=1').slice(-6)).toBe('6240\r\n');
    expect(decodeHj212Packet(r9011)).toMatchObject({
      status: 'ok',
      value: { cn: '9011', qn: query.qn, cpFields: { QnRtn: '1' } },
    });
  });

  it('writes PNUM/PNO after Flag and reads them back', () => {
    const text = upload(query.from, '20160801090000001', 6, { pnum: 2, pno: 1 });
    expect(text).toContain(';Flag=6;PNUM=2;PNO=1;CP=&&DataTime=20160801080000;');
    expect(decodeHj212Packet(text)).toMatchObject({
      status: 'ok',
      value: { pnum: 2, pno: 1, flag: { split: true } },
    });
  });

  it('counts slots per kind: minute at the station’s step, day from Beijing midnight', () => {
    expect(
      hj212Slots({ kind: 'minute', from: query.from, to: query.from + 3_600_000, minuteStep: 15 }),
    ).toHaveLength(4);
    expect(
      hj212Slots({ kind: 'day', from: beijing('2016-08-01T00:00:00'), to: beijing('2016-08-03T00:00:00') }),
    ).toEqual([beijing('2016-08-01T00:00:00'), beijing('2016-08-02T00:00:00')]);
  });
});

describe('HJ 212 history transaction', () => {
  const wide = { ...query, to: beijing('2016-08-01T12:00:00') };
  const plan = hj212HistoryPlan(station, wide);
  const text = (...packets: string[]) => enc.encode(packets.join(''));

  it('reads 9011, uploads without acks and 9012 in one go; missing hours are gaps; flags kept', () => {
    const bytes = text(
      buildHj212Reply(station, '9011', wide.qn, 'QnRtn=1'),
      upload(beijing('2016-08-01T08:00:00'), '20160801120000001', 4),
      upload(beijing('2016-08-01T11:00:00'), '20160801120000002', 4),
      buildHj212Reply(station, '9012', wide.qn, 'ExeRtn=1'),
    );
    const read = readHistoryFrames(plan, plan.initial, bytes);
    expect(read.status === 'ok' && read.value.done).toBe(true);
    const records = read.status === 'ok' ? plan.records(read.value.state) : [];
    expect(records.filter((r) => r.value !== null).map((r) => [r.element, r.value, r.flag])).toEqual([
      ['nh3n', 0.32, 'N'],
      ['cod', 14.5, 'M'],
      ['nh3n', 0.32, 'N'],
      ['cod', 14.5, 'M'],
    ]);
    expect(records.filter((r) => r.value === null).map((r) => r.time)).toEqual([
      beijing('2016-08-01T09:00:00'),
      beijing('2016-08-01T10:00:00'),
    ]);
  });

  it('stops after an upload that asks for an answer and hands over the 9014 with that QN', () => {
    const bytes = text(
      buildHj212Reply(station, '9011', wide.qn, 'QnRtn=1'),
      upload(wide.from, '20160801085857534', 5),
    );
    const read = readHistoryFrames(plan, plan.initial, bytes);
    const ack = read.status === 'ok' ? new TextDecoder().decode(read.value.ack ?? new Uint8Array(0)) : '';
    expect(ack).toBe(buildHj212Reply(station, '9014', '20160801085857534'));
    expect(ack.slice(-6)).toBe('5B40\r\n');
  });

  it('refuses on QnRtn ≠ 1, treats ExeRtn=100 as "no data", and names a lost split packet', async () => {
    const runWith = async (packets: (ack: number) => string[]) => {
      const [centre, field] = createMemoryLinkPair();
      let asked = 0;
      field.onData(() => {
        for (const p of packets(asked)) {
          void field.write(enc.encode(p));
        }
        asked += 1;
      });
      const session = createLineSession({ link: centre });
      const outcome = await runHistory(session, plan, 100);
      await session.close();
      return { outcome, asked };
    };
    expect(
      (await runWith(() => [buildHj212Reply(station, '9011', wide.qn, 'QnRtn=2')])).outcome,
    ).toMatchObject({
      status: 'failed',
      reason: 'request refused: QnRtn=2',
    });
    const none = await runWith(() => [
      buildHj212Reply(station, '9011', wide.qn, 'QnRtn=1'),
      buildHj212Reply(station, '9012', wide.qn, 'ExeRtn=100'),
    ]);
    expect(none.outcome).toMatchObject({ status: 'gap' });
    expect(none.outcome.gaps).toHaveLength(4);
    // Acked and split: every packet waits for its 9014; packet 2/2 of the second hour never comes.
    const acked = await runWith(
      (n) =>
        [
          [
            buildHj212Reply(station, '9011', wide.qn, 'QnRtn=1'),
            upload(wide.from, '20160801120000001', 7, { pnum: 1, pno: 1 }),
          ],
          [upload(wide.from + 3_600_000, '20160801120000002', 7, { pnum: 2, pno: 1 })],
          [buildHj212Reply(station, '9012', wide.qn, 'ExeRtn=1')],
        ][n] ?? [],
    );
    expect(acked.asked).toBe(3);
    expect(acked.outcome).toMatchObject({
      status: 'gap',
      reason: 'split packet(s) never came: 20160801120000002 PNO 2/2',
    });
  });
});

describe('retrieval from a site’s settings', () => {
  it('the kind of a report interval: day, hour, else minute data at the interval', () => {
    expect(hj212HistoryKindOf(1440)).toEqual({ kind: 'day' });
    expect(hj212HistoryKindOf(60)).toEqual({ kind: 'hour' });
    expect(hj212HistoryKindOf(120)).toEqual({ kind: 'hour' });
    expect(hj212HistoryKindOf(5)).toEqual({ kind: 'minute', minuteStep: 5 });
  });

  it('only the uploads of the kind are forwarded: 9011 is skipped whole, another kind is not taken', () => {
    const enc = new TextEncoder();
    const st = { mn: '88888880000001', st: '21', pw: '123456' };
    const ack = enc.encode(buildHj212Reply(st, '9011', '20260701060000000', 'QnRtn=1'));
    const skipped = decodeHj212Upload(ack, st, 'hour');
    expect(skipped).toMatchObject({ status: 'invalid', skip: ack.length });
    const upload = enc.encode(
      encodeHj212Packet({
        qn: '20260701060000001',
        st: '21',
        cn: '2061',
        pw: st.pw,
        mn: st.mn,
        flag: 4,
        cp: 'DataTime=20260701050000;w21003-Avg=0.32,w21003-Flag=N',
      }),
    );
    expect(decodeHj212Upload(upload, st, 'hour')).toMatchObject({ status: 'ok', consumed: upload.length });
    expect(decodeHj212Upload(upload, st, 'day').status).toBe('invalid');
  });
});
