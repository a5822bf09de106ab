import { authPaths, type EnrollResponse, type MeResponse } from '#shared/sync/index';

/** A refused or failed request: the service's error code (or `network`), its message and details. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

const tokenKey = 'wrm.console.token';

/** The console's session: the device token of this browser's sign-in, for this tab only. */
export const session = {
  token: (): string | null => sessionStorage.getItem(tokenKey),
  keep: (token: string) => sessionStorage.setItem(tokenKey, token),
  forget: () => sessionStorage.removeItem(tokenKey),
};

type Body = { json: unknown } | { bytes: Blob; contentType: string };

async function send(method: string, path: string, body?: Body): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.token();
  if (token !== null) {
    headers['authorization'] = `Bearer ${token}`;
  }
  let payload: BodyInit | undefined;
  if (body !== undefined && 'json' in body) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body !== undefined) {
    headers['content-type'] = body.contentType;
    payload = body.bytes;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  } catch (error) {
    throw new ApiError('network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const text = await response.text();
    let error: { code?: string; message?: string; details?: unknown[] } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // Not an answer of the service (a proxy's page): its status says enough.
    }
    throw new ApiError(
      error.code ?? 'other',
      error.message ?? `HTTP ${response.status}`,
      error.details ?? [],
    );
  }
  return response;
}

export async function apiJson<T>(method: string, path: string, json?: unknown): Promise<T> {
  const response = await send(method, path, json === undefined ? undefined : { json });
  return (await response.json()) as T;
}

export async function apiUpload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const response = await send('POST', path, { bytes: file, contentType });
  return (await response.json()) as T;
}

/** A file the service answers (a report), with the name it gives it. */
export async function apiDownload(path: string, fallbackName: string): Promise<{ blob: Blob; name: string }> {
  const response = await send('GET', path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), name };
}

export async function signIn(username: string, password: string, deviceName: string): Promise<MeResponse> {
  const enrolled = await apiJson<EnrollResponse>('POST', authPaths.login, { username, password, deviceName });
  session.keep(enrolled.token);
  return apiJson<MeResponse>('GET', authPaths.me);
}

export const whoAmI = () => apiJson<MeResponse>('GET', authPaths.me);
