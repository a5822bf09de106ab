import { sampleRecords } from '#shared/domain/fixtures';
import { newId } from '#shared/domain/index';

// The sync service's own API, as an operator or a second tool would read it (not through the app).
export async function apiLogin(syncUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${syncUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceName: 'e2e-checker' }),
  });
  const body = (await response.json()) as { token?: string; error?: { message: string } };
  if (!body.token) {
    throw new Error(`login failed: ${body.error?.message ?? response.status}`);
  }
  return body.token;
}

export async function apiGet<T>(syncUrl: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${syncUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as T;
}

export async function apiPost<T>(syncUrl: string, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${syncUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** A new patrol at a site, as the crew's laptop records it (not received by the service yet). */
export function patrolAt(site: {
  readonly id: string;
  readonly kind: string;
  readonly divisionCode: string;
}) {
  return {
    ...sampleRecords.patrols,
    id: newId(),
    siteId: site.id,
    siteKind: site.kind,
    divisionCode: site.divisionCode,
    taskId: null,
    receivedAt: null,
    recordedAt: Date.now(),
  };
}
