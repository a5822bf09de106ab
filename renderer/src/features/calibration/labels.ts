import type { TFunction } from 'i18next';
import type { Equipment } from '#shared/domain/index';

/** An instrument as a crew names it: its role, then model and serial where the registry has them. */
export function instrumentLabel(
  t: TFunction<'calibration'>,
  e: Pick<Equipment, 'role' | 'model' | 'serialNumber'>,
): string {
  return [t(`roles.${e.role}`), e.model, e.serialNumber].filter((p) => p !== null && p !== '').join(' · ');
}

export const statusColor = {
  overdue: 'error',
  failed: 'error',
  unrecorded: 'warning',
  due_soon: 'gold',
  ok: 'success',
  not_required: 'default',
} as const;
