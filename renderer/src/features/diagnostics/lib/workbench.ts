import { useCallback, useState } from 'react';
import type { DetectSummary } from '#shared/diagnostics/auto-detect';
import { emptySnapshot, type RtuSnapshot } from '#shared/diagnostics/rtu-snapshot';
import type { Equipment, Site } from '#shared/domain/index';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { ProtocolId } from '#shared/domain/primitives';
import type { ProfileReading, Szy206Answer, Szy206Query } from '#shared/host/contract/index';

/** What the crew has set up and learned during this visit; saved as one DiagnosticSession. */
export type Workbench = {
  readonly site: Site | null;
  readonly equipment: Equipment | null;
  readonly path: string | undefined;
  readonly serial: SerialSettings;
  readonly unitId: number;
  readonly protocol: ProtocolId;
  readonly rtuAddress: { readonly division: string; readonly station: number };
  /** SZY206-2016 or its successor SL/T 427-2021 (7-byte time label): from the site's RTU. */
  readonly rtuDialect: 'szy206-2016' | 'sl427-2021';
  readonly profileId: string | undefined;
  readonly reading: ProfileReading | null;
  readonly szy: Partial<Record<Szy206Query, Szy206Answer>>;
  readonly detect: DetectSummary | null;
  readonly startedAt: number;
};

export const defaultSerial: SerialSettings = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

export function initialWorkbench(now: number): Workbench {
  return {
    site: null,
    equipment: null,
    path: undefined,
    serial: defaultSerial,
    unitId: 1,
    protocol: 'modbus-rtu',
    rtuAddress: { division: '000000', station: 1 },
    rtuDialect: 'szy206-2016',
    profileId: undefined,
    reading: null,
    szy: {},
    detect: null,
    startedAt: now,
  };
}

/** The site's equipment fills protocol, addresses, serial settings and profile (the crew may change them). */
export function fromEquipment(
  w: Workbench,
  site: Site,
  equipment: Equipment | null,
  all: readonly Equipment[] = [],
): Workbench {
  // An intake site has a meter (Modbus) and an RTU (SZY206): the RTU's address serves the RTU tab.
  const rtu = equipment?.rtuAddress ? equipment : (all.find((e) => e.rtuAddress !== null) ?? null);
  const rtuAddress = rtu?.rtuAddress ?? null;
  return {
    ...w,
    site,
    equipment,
    serial: equipment?.serial ?? w.serial,
    unitId: equipment?.modbusUnitId ?? w.unitId,
    protocol: equipment?.protocol ?? w.protocol,
    rtuAddress: rtuAddress ?? { division: site.divisionCode, station: w.rtuAddress.station },
    rtuDialect: rtu?.protocol === 'sl427-2021' ? 'sl427-2021' : 'szy206-2016',
    profileId: equipment?.modbusProfile ?? w.profileId,
    reading: null,
    szy: {},
  };
}

/**
 * The protocol the session is filed under: Modbus when the meter was read, else the RTU's dialect
 * when only the terminal was queried, else the picked equipment's protocol.
 */
export function sessionProtocol(w: Workbench): ProtocolId {
  const modbus = w.reading !== null || w.detect !== null;
  if (!modbus && Object.keys(w.szy).length > 0) {
    return w.rtuDialect;
  }
  return modbus ? 'modbus-rtu' : w.protocol;
}

/** The configuration snapshot as far as the SZY206 answers of this visit filled it. */
export function snapshotOf(w: Workbench): RtuSnapshot | null {
  const answers = Object.values(w.szy);
  if (answers.length === 0) {
    return null;
  }
  let snap: RtuSnapshot = emptySnapshot(w.startedAt);
  for (const a of answers) {
    snap = { ...snap, ...a.snapshot };
  }
  return snap;
}

export function useWorkbench() {
  const [w, setW] = useState<Workbench>(() => initialWorkbench(Date.now()));
  const update = useCallback((patch: Partial<Workbench> | ((w: Workbench) => Workbench)) => {
    setW((prev) => (typeof patch === 'function' ? patch(prev) : { ...prev, ...patch }));
  }, []);
  return [w, update] as const;
}

export type UpdateWorkbench = ReturnType<typeof useWorkbench>[1];
