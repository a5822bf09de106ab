import { appPathToRelativeFile } from '#shared/security/app-origin';

export type StaticFileReader = (relativePath: string) => Promise<Uint8Array | null>;

const contentTypes: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  ico: 'image/x-icon',
  map: 'application/json',
};

export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[ext] ?? 'application/octet-stream';
}

export type ProtocolAnswer = {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
};

/**
 * Serves the renderer build over app://wrm/. GET only, our host only, no traversal outside the build
 * folder, and the CSP on every HTML answer. Pure over an injected file reader so it is tested in Node.
 */
export async function answerAppRequest(
  method: string,
  url: string,
  readFile: StaticFileReader,
  csp: string,
): Promise<ProtocolAnswer> {
  if (method !== 'GET' && method !== 'HEAD') {
    return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'method not allowed' };
  }
  const relative = appPathToRelativeFile(url);
  if (relative === null) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  }
  const body = await readFile(relative);
  if (body === null) {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  }
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(relative),
    'x-content-type-options': 'nosniff',
    'content-security-policy': csp,
  };
  return { status: 200, headers, body };
}
