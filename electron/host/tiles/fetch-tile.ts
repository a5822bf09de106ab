import { imageFormatOf, type ImageFormat } from '#shared/geo/tile-sources';

/** What a tile request can come to. Everything but `tile` and `missing` is a named failure. */
export type TileFetchOutcome =
  | { readonly kind: 'tile'; readonly data: Uint8Array; readonly format: ImageFormat }
  /** The source has no tile there (404/204): normal at the edge of coverage. */
  | { readonly kind: 'missing'; readonly status: number };

export const tileFetchFailures = ['unauthorized', 'unreachable', 'server', 'not-image', 'cancelled'] as const;
export type TileFetchFailure = (typeof tileFetchFailures)[number];

export class TileFetchError extends Error {
  constructor(
    readonly failure: TileFetchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TileFetchError';
  }
}

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

function cause(error: unknown): string {
  if (error instanceof Error) {
    const inner = (error as Error & { cause?: unknown }).cause;
    const code =
      inner instanceof Error ? ((inner as Error & { code?: string }).code ?? inner.message) : undefined;
    return code === undefined ? error.message : `${error.message} (${code})`;
  }
  return String(error);
}

/**
 * Fetches one tile and checks it is an image. `shownUrl` is the URL with the key redacted, used in
 * every message. Keyed services that refuse a key answer 401/403, or 200 with a text page: both are
 * reported as `unauthorized` when the text says so.
 */
export async function fetchTile(
  fetchImpl: FetchLike,
  url: string,
  shownUrl: string,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<TileFetchOutcome> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal,
      headers: { accept: 'image/png,image/jpeg,image/webp,*/*;q=0.5' },
    });
  } catch (error) {
    if (options.signal.aborted) {
      throw new TileFetchError('cancelled', 'the download was paused or cancelled');
    }
    if (timeout.aborted) {
      throw new TileFetchError('unreachable', `no answer from ${shownUrl} within ${options.timeoutMs} ms`);
    }
    throw new TileFetchError('unreachable', `cannot reach ${shownUrl}: ${cause(error)}`);
  }
  const status = response.status;
  let body: Uint8Array;
  try {
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (options.signal.aborted) {
      throw new TileFetchError('cancelled', 'the download was paused or cancelled');
    }
    throw new TileFetchError('unreachable', `the connection to ${shownUrl} broke off: ${cause(error)}`);
  }
  if (status === 404 || status === 204) {
    return { kind: 'missing', status };
  }
  const text = () => new TextDecoder().decode(body.subarray(0, 300)).replace(/\s+/g, ' ').trim();
  if (status === 401 || status === 403) {
    throw new TileFetchError(
      'unauthorized',
      `the tile source refused the request (HTTP ${status}${body.length > 0 ? `: ${text()}` : ''}) — check the key`,
    );
  }
  if (status === 429 || status >= 500) {
    throw new TileFetchError('server', `the tile source answered HTTP ${status} for ${shownUrl}`);
  }
  if (status !== 200) {
    throw new TileFetchError('server', `unexpected HTTP ${status} from ${shownUrl}`);
  }
  const format = imageFormatOf(body);
  if (format === null) {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    if (/key|tk|token|权限|密钥|授权|unauthori[sz]ed|forbidden/i.test(text())) {
      throw new TileFetchError('unauthorized', `the tile source refused the key: ${text()}`);
    }
    throw new TileFetchError(
      'not-image',
      `the tile source answered ${contentType} instead of an image for ${shownUrl}`,
    );
  }
  return { kind: 'tile', data: body, format };
}
