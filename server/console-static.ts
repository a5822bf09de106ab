import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build:console` writes the console (the project's dist-console/). */
export const defaultConsoleDir = fileURLToPath(new URL('../dist-console', import.meta.url));

export const consoleBase = '/console/';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const consoleMissingText =
  'The operator console is not built on this service (运维控制台尚未构建): run `npm run build` (or `npm run build:console`) and restart the service.';

/** A file of the console under `dir`, or null when the path leaves it or names no file. */
async function fileUnder(dir: string, relative: string): Promise<{ bytes: Buffer; type: string } | null> {
  const path = normalize(join(dir, relative));
  if (path !== dir && !path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`)) {
    return null;
  }
  try {
    if (!(await stat(path)).isFile()) {
      return null;
    }
    return { bytes: await readFile(path), type: types[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return null;
  }
}

/**
 * Serves the operator console (a browser page: React + antd, built by Vite into `dir`) at /console/.
 * Its own paths (screens) answer index.html; a missing asset is 404; without a build every path under
 * /console/ answers a 404 page that says how to build it. The console calls the same API with the
 * admin's token, so these files need no sign-in; they are left out of the OpenAPI document.
 */
export function registerConsoleStatic(app: FastifyInstance, dir: string = defaultConsoleDir): void {
  const root = normalize(dir);
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect(consoleBase, 302));
  app.get(`${consoleBase}*`, { schema: { hide: true } }, async (request, reply) => {
    const wanted = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    const index = await fileUnder(root, 'index.html');
    if (index === null) {
      return reply.status(404).type('text/plain; charset=utf-8').send(consoleMissingText);
    }
    if (wanted === '' || !wanted.includes('.')) {
      return reply.type(index.type).header('cache-control', 'no-cache').send(index.bytes);
    }
    const file = await fileUnder(root, wanted);
    if (file === null) {
      return reply
        .status(404)
        .type('text/plain; charset=utf-8')
        .send(`no file ${wanted} in the operator console`);
    }
    // Vite names assets by their content: they may be kept for good.
    const immutable = wanted.startsWith('assets/');
    return reply
      .type(file.type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.bytes);
  });
}
