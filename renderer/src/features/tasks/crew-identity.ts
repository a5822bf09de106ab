import { newId } from '#shared/domain/index';

/**
 * Who writes field events from this laptop. Until crews sign in through the sync service, the device
 * makes its own id once and the operator is the one set in this browser profile (default `crew`).
 */
export function crewIdentity(storage: Storage): { readonly deviceId: string; readonly operatorId: string } {
  let deviceId = storage.getItem('wrm.deviceId');
  if (deviceId === null) {
    deviceId = newId();
    storage.setItem('wrm.deviceId', deviceId);
  }
  return { deviceId, operatorId: storage.getItem('wrm.operatorId') ?? 'crew' };
}
