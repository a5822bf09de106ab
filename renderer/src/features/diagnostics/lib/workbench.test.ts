import { describe, expect, it } from 'vitest';
import type { Equipment, Site } from '#shared/domain/index';
import { fromEquipment, initialWorkbench, sessionProtocol, snapshotOf } from './workbench';

const site = { id: 's1', divisionCode: '530381', reportIntervalMinutes: 60 } as Site;
const meter = {
  id: 'm',
  role: 'meter',
  protocol: 'modbus-rtu',
  serial: { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 },
  modbusUnitId: 7,
  modbusProfile: 'tds-100-ultrasonic',
  rtuAddress: null,
} as unknown as Equipment;
const rtu = {
  ...meter,
  id: 'r',
  role: 'rtu',
  protocol: 'szy206-2016',
  rtuAddress: { division: '530381', station: 13 },
} as Equipment;

describe('diagnostics workbench', () => {
  it("fills the line from the site's meter and the RTU address from its RTU", () => {
    const w = fromEquipment(initialWorkbench(0), site, meter, [meter, rtu]);
    expect(w).toMatchObject({
      serial: { baudRate: 19200, parity: 'even' },
      unitId: 7,
      protocol: 'modbus-rtu',
      profileId: 'tds-100-ultrasonic',
      rtuAddress: { division: '530381', station: 13 },
      rtuDialect: 'szy206-2016',
    });
  });

  it('keeps defaults and the site division without equipment', () => {
    const w = fromEquipment(initialWorkbench(0), site, null);
    expect(w.serial.baudRate).toBe(9600);
    expect(w.rtuAddress.division).toBe('530381');
  });

  it('files the session under the protocol actually spoken', () => {
    const rtuOnly = {
      ...initialWorkbench(0),
      rtuDialect: 'sl427-2021' as const,
      szy: { clock: { query: 'clock' as const, summary: '', values: [], snapshot: {} } },
    };
    expect(sessionProtocol(rtuOnly)).toBe('sl427-2021');
    expect(
      sessionProtocol({ ...rtuOnly, detect: { found: [], attempts: 1, hints: [], noisySettings: [] } }),
    ).toBe('modbus-rtu');
  });

  it('merges the SZY206 answers into one snapshot', () => {
    const w = {
      ...initialWorkbench(5),
      szy: {
        clock: { query: 'clock' as const, summary: '', values: [], snapshot: { clockOffsetSeconds: 12 } },
        'work-mode': {
          query: 'work-mode' as const,
          summary: '',
          values: [],
          snapshot: { workMode: 'debug' as const },
        },
      },
    };
    expect(snapshotOf(w)).toMatchObject({
      readAt: 5,
      clockOffsetSeconds: 12,
      workMode: 'debug',
      intervals: null,
    });
    expect(snapshotOf(initialWorkbench(0))).toBeNull();
  });
});
