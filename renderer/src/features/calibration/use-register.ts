import { useMemo } from 'react';
import type { Equipment, Site } from '#shared/domain/index';
import { judgeCalibrations, type InstrumentCalibration } from '#shared/verdicts/calibration';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';
import { useMinuteClock } from '../common/site-status';

export type RegisterRow = InstrumentCalibration & {
  readonly equipment: Equipment;
  readonly site: Site | null;
};

/**
 * The calibration register on this laptop: every instrument (of one site, or all) with the core's
 * verdict, judged with the province policy from the certificates in the patrol events here (the crew's
 * own, not yet synced, count at once). Most urgent first; null while the records load.
 */
export function useCalibrationRegister(siteId?: string): readonly RegisterRow[] | null {
  const policy = usePolicy();
  const now = useMinuteClock();
  const bySite = siteId === undefined ? {} : { selector: { siteId } };
  const equipment = useRecords('equipment', bySite);
  const sites = useRecords('sites', bySite);
  const events = useRecords('patrol_events', {
    selector: { type: 'calibration', ...(siteId === undefined ? {} : { siteId }) },
  });
  return useMemo(() => {
    if (equipment.status !== 'ready' || events.status !== 'ready' || sites.status !== 'ready') {
      return null;
    }
    const instruments = new Map(equipment.value.map((e) => [e.id, e]));
    const siteOf = new Map(sites.value.map((s) => [s.id, s]));
    return judgeCalibrations(equipment.value, events.value, policy.calibration, now).map((v) => ({
      ...v,
      equipment: instruments.get(v.equipmentId)!,
      site: siteOf.get(v.siteId) ?? null,
    }));
  }, [equipment, events, sites, policy, now]);
}
