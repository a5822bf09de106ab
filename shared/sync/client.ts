import { collections, type CollectionName } from '../domain/index';
import type { Result } from '../result';
import {
  authPaths,
  type EnrollRequest,
  type EnrollResponse,
  type LoginRequest,
  type MeResponse,
} from './auth';
import { isSyncErrorCode, type SyncErrorCode } from './errors';
import { photoChunkMaxBytes, photoPaths, type PhotoUploadStatus } from './photos';
import { platformPaths, type ReviewItem } from './platform';
import { outboxHeaders } from './console';
import { appRelease, versionHeaders } from './versioning';
import { syncPaths, type Checkpoint, type PullResponse, type PushRequest, type PushResponse } from './wire';

/** The slice of `fetch` the client needs; the renderer passes `window.fetch`, the host Node's. */
export type HttpFetch = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
    signal?: AbortSignalLike;
  },
) => Promise<HttpResponse>;
export type HttpResponse = {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
};
export type AbortSignalLike = { readonly aborted: boolean };

/** A request that got no answer from the service (offline, cut, refused) fails with `network`. */
export type ClientErrorCode = SyncErrorCode | 'network';
export type ClientResult<T> = Result<T, ClientErrorCode> & {
  readonly details?: readonly unknown[];
};

export type SyncClientOptions = {
  readonly baseUrl: string;
  readonly fetch: HttpFetch;
  /** The device token; null before enrolment. */
  readonly token: () => string | null | Promise<string | null>;
  readonly signal?: AbortSignalLike;
  /** The app's release sent with every request (default: this build's). */
  readonly appVersion?: string;
  /**
   * The schema version of each collection as this app stores it (default: this build's). Only a test
   * playing an older or newer app sets it.
   */
  readonly schemaVersions?: { readonly [N in CollectionName]?: number };
  /**
   * What this laptop has not yet synced, sent on every push and pull so the operator console can show
   * it: how many records the service has not stored, and when the oldest was written (ms).
   */
  readonly outbox?: () => { readonly depth: number; readonly oldestAt: number | null } | null;
};

/** The one typed client of the sync service, used by the app, the host's upload queue and tests. */
export function createSyncClient(options: SyncClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');

  const schemaHeader = (collection: CollectionName) => {
    const outbox = options.outbox?.() ?? null;
    return {
      [versionHeaders.schema]: String(
        options.schemaVersions?.[collection] ?? collections[collection].version,
      ),
      ...(outbox === null
        ? {}
        : {
            [outboxHeaders.depth]: String(Math.max(0, Math.trunc(outbox.depth))),
            ...(outbox.oldestAt === null
              ? {}
              : { [outboxHeaders.oldest]: String(Math.trunc(outbox.oldestAt)) }),
          }),
    };
  };

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { bytes: Uint8Array; contentType: string },
    extraHeaders: Record<string, string> = {},
  ): Promise<ClientResult<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      [versionHeaders.app]: options.appVersion ?? appRelease,
      ...extraHeaders,
    };
    const token = await options.token();
    if (token !== null) {
      headers['authorization'] = `Bearer ${token}`;
    }
    let payload: string | Uint8Array | undefined;
    if (raw !== undefined) {
      headers['content-type'] = raw.contentType;
      payload = raw.bytes;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: HttpResponse;
    let text: string;
    try {
      response = await options.fetch(`${base}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      text = await response.text();
    } catch (error) {
      return {
        ok: false,
        error: { code: 'network', message: `no answer from the sync service: ${describe(error)}` },
      };
    }
    return decode<T>(response.status, text);
  }

  return {
    baseUrl: base,
    enroll: (body: EnrollRequest) => request<EnrollResponse>('POST', authPaths.enroll, body),
    login: (body: LoginRequest) => request<EnrollResponse>('POST', authPaths.login, body),
    me: () => request<MeResponse>('GET', authPaths.me),
    pull: (collection: CollectionName, checkpoint: Checkpoint, limit: number) =>
      request<PullResponse>(
        'GET',
        `${syncPaths.pull(collection)}?tx=${checkpoint.tx}&seq=${checkpoint.seq}&limit=${limit}`,
        undefined,
        undefined,
        schemaHeader(collection),
      ),
    push: (collection: CollectionName, body: PushRequest) =>
      request<PushResponse>('POST', syncPaths.push(collection), body, undefined, schemaHeader(collection)),
    reviews: (query: { mine?: boolean; status?: 'open' | 'accepted' | 'rejected' } = {}) => {
      const params = [
        query.mine === undefined ? null : `mine=${query.mine ? '1' : '0'}`,
        query.status === undefined ? null : `status=${query.status}`,
      ].filter((p) => p !== null);
      return request<{ reviews: ReviewItem[] }>(
        'GET',
        `${platformPaths.reviews}${params.length > 0 ? `?${params.join('&')}` : ''}`,
      );
    },
    photoStatus: (sha256: string, bytes: number) =>
      request<PhotoUploadStatus>('POST', photoPaths.status(sha256), { bytes }),
    photoChunk: (sha256: string, offset: number, chunk: Uint8Array) =>
      request<PhotoUploadStatus>('PUT', photoPaths.chunk(sha256, offset), undefined, {
        bytes: chunk,
        contentType: 'application/octet-stream',
      }),
    photoComplete: (sha256: string) => request<PhotoUploadStatus>('POST', photoPaths.complete(sha256), {}),
    /** Any JSON endpoint, for platform pages and tests. */
    request,
  };
}

export type SyncClient = ReturnType<typeof createSyncClient>;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/** Turns an HTTP answer into a result; a body that is not our error shape still names the status. */
export function decode<T>(status: number, text: string): ClientResult<T> {
  let parsed: unknown;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (status >= 200 && status < 300) {
    if (parsed === null && text.length > 0) {
      return {
        ok: false,
        error: { code: 'internal', message: `the service answered ${status} with non-JSON` },
      };
    }
    return { ok: true, value: parsed as T };
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  if (error && isSyncErrorCode(error.code) && typeof error.message === 'string') {
    return {
      ok: false,
      error: { code: error.code, message: error.message },
      ...(Array.isArray(error.details) ? { details: error.details as unknown[] } : {}),
    };
  }
  const code: SyncErrorCode =
    status === 413
      ? 'too-large'
      : status === 401
        ? 'unauthorized'
        : status >= 500
          ? 'unavailable'
          : 'invalid-body';
  return { ok: false, error: { code, message: `the service answered HTTP ${status}` } };
}

export type PhotoUploadProgress = { readonly sent: number; readonly total: number };

/**
 * Uploads one photo, resuming where the service says it stands: ask for the offset, send the rest in
 * chunks, then ask the service to verify the sha256 and store it. Safe to call again after any
 * failure; a photo already stored costs one request.
 */
export async function uploadPhoto(
  client: SyncClient,
  sha256: string,
  bytes: Uint8Array,
  options: { chunkBytes?: number; onProgress?: (p: PhotoUploadProgress) => void } = {},
): Promise<ClientResult<PhotoUploadStatus>> {
  const chunkBytes = Math.min(options.chunkBytes ?? 256 * 1024, photoChunkMaxBytes);
  const start = await client.photoStatus(sha256, bytes.byteLength);
  if (!start.ok || start.value.stored) {
    return start;
  }
  let offset = start.value.received;
  // A bounded loop: each turn either advances the offset or returns.
  for (let turns = 0; turns < Math.ceil(bytes.byteLength / chunkBytes) + 4; turns += 1) {
    if (offset >= bytes.byteLength) {
      return client.photoComplete(sha256);
    }
    const chunk = bytes.subarray(offset, Math.min(offset + chunkBytes, bytes.byteLength));
    const sent = await client.photoChunk(sha256, offset, chunk);
    if (!sent.ok) {
      const resume = sent.error.code === 'wrong-offset' ? resumeOffset(sent.details) : null;
      if (resume === null) {
        return sent;
      }
      offset = resume;
      continue;
    }
    offset = sent.value.received;
    options.onProgress?.({ sent: offset, total: bytes.byteLength });
  }
  return { ok: false, error: { code: 'internal', message: `upload of ${sha256} did not advance` } };
}

function resumeOffset(details: readonly unknown[] | undefined): number | null {
  const first = details?.[0] as { received?: unknown } | undefined;
  return typeof first?.received === 'number' ? first.received : null;
}
