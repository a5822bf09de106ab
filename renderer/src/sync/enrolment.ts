import type { HostClient } from '#shared/host/client';
import { createSyncClient, type ClientResult, type EnrollResponse, type HttpFetch } from '#shared/sync/index';
import { SyncRequestError } from './push-outcomes';
import type { RefusalStorage } from './refusal-store';
import type { SyncSettings } from './sync-store';

/** Where the enrolment's settings are kept (the token itself lives in the host's keychain). */
export type SettingsStorage = RefusalStorage & Pick<Storage, 'removeItem'>;

const settingsKey = 'wrm.sync.settings';
const tokenSecret = 'device-token';

/** The kept enrolment, or null when there is none or it cannot be read. */
export function readSettings(storage: SettingsStorage | null): SyncSettings | null {
  try {
    const text = storage?.getItem(settingsKey);
    return text ? (JSON.parse(text) as SyncSettings) : null;
  } catch {
    return null;
  }
}

export type EnrolmentRequest = { readonly serviceUrl: string; readonly deviceName: string } & (
  { readonly code: string } | { readonly username: string; readonly password: string }
);

/**
 * Asks the service to enrol this laptop, by a one-time code or by an account's password. A laptop
 * enrolled before keeps its device id (`previousDeviceId`), so the service sees the same device again.
 */
export function requestEnrolment(
  fetch: HttpFetch,
  input: EnrolmentRequest,
  previousDeviceId: string | undefined,
): Promise<ClientResult<EnrollResponse>> {
  const anonymous = createSyncClient({ baseUrl: input.serviceUrl, fetch, token: () => null });
  const device = {
    deviceName: input.deviceName,
    ...(previousDeviceId ? { deviceId: previousDeviceId } : {}),
  };
  return 'code' in input
    ? anonymous.enroll({ code: input.code, ...device })
    : anonymous.login({ username: input.username, password: input.password, ...device });
}

/** The service's address as kept: without trailing slashes, so every path joins the same way. */
export function serviceBase(serviceUrl: string): string {
  return serviceUrl.replace(/\/+$/, '');
}

/**
 * Keeps an enrolment: the token in the host's keychain first (without it the settings would name a
 * device that cannot sign in), then the settings. Throws a `SyncRequestError` when the keychain refuses.
 */
export async function keepEnrolment(
  deps: { readonly host: HostClient; readonly storage: SettingsStorage | null; readonly now: () => number },
  serviceUrl: string,
  enrolled: EnrollResponse,
): Promise<SyncSettings> {
  const saved = await deps.host.call('secrets.set', { name: tokenSecret, value: enrolled.token });
  if (!saved.ok) {
    throw new SyncRequestError(
      'internal',
      `the device token could not be kept in the keychain: ${saved.error.message}`,
    );
  }
  const settings: SyncSettings = {
    serviceUrl,
    account: enrolled.account,
    deviceId: enrolled.device.id,
    deviceName: enrolled.device.name,
    enrolledAt: deps.now(),
  };
  deps.storage?.setItem(settingsKey, JSON.stringify(settings));
  return settings;
}

/** The kept device token, or null when the keychain has none. */
export async function readToken(host: HostClient): Promise<string | null> {
  const secret = await host.call('secrets.get', { name: tokenSecret });
  return secret.ok ? secret.value.value : null;
}

/** Forgets the enrolment: the token and the settings. Records and refusals are not touched. */
export async function forgetEnrolment(host: HostClient, storage: SettingsStorage | null): Promise<void> {
  await host.call('secrets.delete', { name: tokenSecret });
  storage?.removeItem(settingsKey);
}
