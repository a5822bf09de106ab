import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/domain/index';
import { sampleRecords } from '#shared/domain/fixtures';
import type { UploadStatus } from '#shared/host/contract/index';
import type { HttpFetch } from '#shared/sync/index';
import { createPhotoStore } from './photo-store';
import { createUploadQueue } from './upload-queue';

// The queue talks to a real sync service, started as its own process (this layer may not import
// server/): in-memory PGlite with one enrolled technician.
const root = resolve(import.meta.dirname, '../..');
let service: ChildProcess;
let url = '';
let token = '';

beforeAll(async () => {
  service = spawn(process.execPath, ['--import', 'tsx', 'server/testing/test-service-main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  service.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  service.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!/listening (\S+)/.test(out)) {
    if (Date.now() > deadline || service.exitCode !== null) {
      throw new Error(`test service did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  url = /listening (\S+)/.exec(out)?.[1] ?? '';
  token = /token (\S+)/.exec(out)?.[1] ?? '';
});
afterAll(() => {
  service.kill('SIGKILL');
});

describe('photo upload queue in the host', () => {
  it('uploads in chunks, survives a restart in the middle, resumes at the service offset and verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wrm-uploads-'));
    try {
      const photos = createPhotoStore(join(dir, 'photos'));
      const bytes = randomBytes(100_000);
      const { sha256 } = await photos.put(bytes);
      expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      // The photo's record is stored first, as the app sends it: the service takes an upload only
      // for a photo record of the device's region.
      const stored = await fetch(`${url}/v1/sync/photos/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          rows: [
            {
              assumedMasterState: null,
              newDocumentState: {
                ...sampleRecords.photos,
                id: newId(),
                storedSha256: sha256,
                bytes: bytes.byteLength,
                _deleted: false,
              },
            },
          ],
        }),
      });
      expect(((await stored.json()) as { accepted: string[] }).accepted).toHaveLength(1);
      let chunkCalls = 0;
      // The first host dies after two chunks reached the service (its fetch stops answering).
      const dying: HttpFetch = async (u, init) => {
        if (init.method === 'PUT') {
          chunkCalls += 1;
          if (chunkCalls > 2) {
            throw new TypeError('fetch failed (connection reset)');
          }
        }
        return fetch(u, init as RequestInit);
      };
      const events: UploadStatus[] = [];
      const deps = {
        file: join(dir, 'uploads', 'queue.json'),
        photos,
        token: () => Promise.resolve(token),
        now: Date.now,
        emit: (s: UploadStatus) => events.push(s),
        log: () => undefined,
        chunkBytes: 16 * 1024,
      };
      const first = createUploadQueue({ ...deps, fetch: dying });
      await first.configure(url);
      expect(await first.enqueue([sha256, sha256])).toEqual({ queued: 1, missing: [] });
      expect(await first.enqueue(['0'.repeat(64)])).toEqual({ queued: 0, missing: ['0'.repeat(64)] });
      await first.idle();
      const failed = await first.status();
      expect(failed.items[0]).toMatchObject({
        state: 'failed',
        sent: 32 * 1024,
        attempts: 1,
        lastError: expect.stringMatching(/^network: /) as unknown,
      });
      expect(failed.pending).toBe(1);
      first.stop();

      // A new host process reads the same queue file and finishes from byte 32768, not from 0.
      let resumedFrom: string | null = null;
      const watching: HttpFetch = (u, init) => {
        if (init.method === 'PUT' && resumedFrom === null) {
          resumedFrom = new URL(u).searchParams.get('offset');
        }
        return fetch(u, init as RequestInit);
      };
      const second = createUploadQueue({ ...deps, fetch: watching });
      await second.retryNow();
      await second.idle();
      const done = await second.status();
      expect(resumedFrom).toBe(String(32 * 1024));
      expect(done).toMatchObject({
        pending: 0,
        failed: 0,
        done: 1,
        lastSuccessAt: expect.any(Number) as unknown,
      });
      expect(done.items[0]).toMatchObject({ state: 'done', sent: 100_000 });
      expect(events.length).toBeGreaterThan(3);
      // The service holds the verified photo.
      const status = await fetch(`${url}/v1/photos/${sha256}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ bytes: 100_000 }),
      });
      expect(await status.json()).toMatchObject({ stored: true, bytes: 100_000 });
      // The local photo stays: nothing is removed from the device.
      expect(await photos.has(sha256)).toBe(true);
      second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
