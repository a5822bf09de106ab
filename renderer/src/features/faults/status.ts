import type { FaultStatus } from '#shared/faults/state-machine';

export const statusColor: Readonly<Record<FaultStatus, string>> = {
  open: 'error',
  in_progress: 'processing',
  repaired: 'warning',
  verified: 'success',
  reopened: 'magenta',
};
