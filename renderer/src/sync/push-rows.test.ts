import { describe, expect, it } from 'vitest';
import {
  acknowledgedCopies,
  createPulledStamps,
  demoDevice,
  refusalsOf,
  rowsToSend,
  wireDoc,
  wireRows,
} from './push-rows';

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  newDocumentState: {
    id,
    divisionCode: '530102',
    deviceId: 'laptop',
    receivedAt: null,
    _rev: '1-a',
    _meta: {},
    ...extra,
  },
});

describe('what goes on the wire', () => {
  it('keeps the record’s own fields and the deletion flag, nothing of RxDB’s bookkeeping', () => {
    expect(wireDoc({ id: 'a', name: 'x', _rev: '1', _meta: {}, _attachments: {} })).toEqual({
      id: 'a',
      name: 'x',
      _deleted: false,
    });
    expect(
      wireRows([{ assumedMasterState: { id: 'a', _deleted: false }, newDocumentState: { id: 'a' } }]),
    ).toEqual([
      { assumedMasterState: { id: 'a', _deleted: false }, newDocumentState: { id: 'a', _deleted: false } },
    ]);
  });

  it('sends neither demo events, nor refused records, nor unpulled reference records of another region', () => {
    const refused = new Set(['r1']);
    const rows = [event('e1'), event('r1'), event('demo', { deviceId: demoDevice })];
    expect(
      rowsToSend('patrols', rows, '530621', (id) => refused.has(id)).map((r) => r.newDocumentState['id']),
    ).toEqual(['e1']);
    const sites = [
      { newDocumentState: { id: 's-mine', divisionCode: '530621' } },
      { newDocumentState: { id: 's-demo', divisionCode: '530102' } },
      {
        assumedMasterState: { id: 's-pulled' },
        newDocumentState: { id: 's-pulled', divisionCode: '530102' },
      },
    ];
    expect(rowsToSend('sites', sites, '530621', () => false).map((r) => r.newDocumentState['id'])).toEqual([
      's-mine',
      's-pulled',
    ]);
  });
});

describe('refusals of a push answer', () => {
  it('carries the record’s division and the account’s region, and the service’s parameters where it sent some', () => {
    const sent = [event('e1'), event('e2')];
    const { refused, localOnly } = refusalsOf(
      'patrols',
      sent,
      [
        { id: 'e1', code: 'forbidden', message: 'division 530102 is outside your region 530621' },
        { id: 'e2', code: 'forbidden', message: 'm', params: { region: '5306' } } as never,
      ],
      '530621',
    );
    expect(localOnly).toBe(0);
    expect(refused).toEqual([
      {
        id: 'e1',
        code: 'forbidden',
        message: expect.any(String) as string,
        params: { division: '530102', region: '530621' },
      },
      { id: 'e2', code: 'forbidden', message: 'm', params: { division: '530102', region: '5306' } },
    ]);
  });

  it('leaves out reference records the device never pulled and the service does not hold', () => {
    const result = refusalsOf(
      'sites',
      [{ newDocumentState: { id: 's1', divisionCode: '530102' } }],
      [{ id: 's1', code: 'forbidden', message: 'm' }],
      '530621',
    );
    expect(result).toEqual({ refused: [], localOnly: 1 });
  });
});

describe('stamped copies of accepted events', () => {
  it('hands back the pulled stamped copy where one came, else this push’s receipt time', () => {
    const stamps = createPulledStamps();
    stamps.remember(
      'patrols',
      [
        { id: 'e1', _deleted: false, receivedAt: 500 },
        { id: 'x', _deleted: false },
      ],
      () => false,
    );
    const copies = acknowledgedCopies(
      'patrols',
      [event('e1'), event('e2'), event('e3'), event('e4', { receivedAt: 9 })],
      { accepted: ['e1', 'e2', 'e4'], receivedAt: 800 },
      stamps,
    );
    expect(copies).toEqual([
      { id: 'e1', _deleted: false, receivedAt: 500 },
      expect.objectContaining({ id: 'e2', receivedAt: 800, _deleted: false }),
    ]);
    // Taken once.
    expect(stamps.take('patrols', 'e1')).toBeUndefined();
  });

  it('remembers only copies whose local record has no stamp, and at most the limit, newest kept', () => {
    const stamps = createPulledStamps(2);
    stamps.remember(
      'readings',
      ['a', 'b', 'c', 'd'].map((id) => ({ id, _deleted: false, receivedAt: 1 })),
      (id) => id === 'a',
    );
    expect(stamps.take('readings', 'b')).toBeUndefined();
    expect(stamps.take('readings', 'c')).toMatchObject({ id: 'c' });
    expect(stamps.take('readings', 'd')).toMatchObject({ id: 'd' });
  });
});
