import { describe, expect, it } from 'vitest';
import { answerAppRequest, contentTypeOf } from './app-protocol';

const files = new Map<string, string>([
  ['index.html', '<html></html>'],
  ['assets/app.js', 'console.log(1)'],
]);
const read = (p: string) => Promise.resolve(files.has(p) ? new TextEncoder().encode(files.get(p)) : null);

describe('answerAppRequest', () => {
  it('serves index.html with the CSP', async () => {
    const answer = await answerAppRequest('GET', 'app://wrm/', read, "default-src 'self'");
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toBe("default-src 'self'");
  });

  it('serves assets with their type', async () => {
    const answer = await answerAppRequest('GET', 'app://wrm/assets/app.js', read, 'x');
    expect(answer.status).toBe(200);
    expect(contentTypeOf('assets/app.js')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['POST', 'app://wrm/', 405],
    ['GET', 'app://evil/index.html', 404],
    ['GET', 'app://wrm/%2e%2e/secret', 404],
    ['GET', 'app://wrm/missing.js', 404],
  ])('%s %s → %i', async (method, url, status) => {
    expect((await answerAppRequest(method, url, read, 'x')).status).toBe(status);
  });
});
