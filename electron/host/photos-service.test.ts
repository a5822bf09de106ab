import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '#shared/result';
import { PhotoRefusalError } from './photo-pipeline';
import { createPhotoStore } from './photo-store';
import { createPhotosHandlers } from './photos-service';

// Real sharp, a real photo store on disk.
const ctx = { transport: 'ipc' } as const;
let dir: string | null = null;
afterEach(() => {
  if (dir !== null) {
    rmSync(dir, { recursive: true, force: true });
  }
  dir = null;
});

const options = {
  source: 'import' as const,
  siteCode: '5301021001',
  operatorId: 'tech-1',
  devicePosition: null,
  watermark: false,
};

describe('photos service', () => {
  it('keeps a photo without EXIF staged, by its refusal code, so the crew can accept the import time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'wrm-photos-'));
    const photos = createPhotosHandlers({ store: createPhotoStore(dir), now: () => Date.UTC(2026, 11, 7) });
    const jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a7' } })
      .jpeg()
      .toBuffer();
    const uploadId = 'upload-0001';
    await photos['photos.putChunk']({ uploadId, offset: 0, dataBase64: jpeg.toString('base64') }, ctx);

    const refused = await Promise.resolve(
      photos['photos.process']({ uploadId, ...options, allowMissingExif: false }, ctx),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PhotoRefusalError);
    expect((refused as PhotoRefusalError).refusal).toBe('photo-no-exif');
    expect((refused as PhotoRefusalError).code).toBe('invalid-argument');
    // The screen reads the refusal from the failure the dispatcher sends, not from its message.
    expect((refused as PhotoRefusalError).toFailure()).toMatchObject({
      code: 'invalid-argument',
      refusal: 'photo-no-exif',
    });

    // Still staged: the second call needs no new chunks.
    const stored = await photos['photos.process']({ uploadId, ...options, allowMissingExif: true }, ctx);
    expect(stored.takenAtSource).toBe('import');
    expect(stored.storedSha256).toMatch(/^[0-9a-f]{64}$/);

    // Any other refusal drops the upload.
    await photos['photos.putChunk'](
      { uploadId: 'upload-0002', offset: 0, dataBase64: 'bm90IGFuIGltYWdl' },
      ctx,
    );
    const unreadable = await Promise.resolve(
      photos['photos.process']({ uploadId: 'upload-0002', ...options, allowMissingExif: true }, ctx),
    ).catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(CodedError);
    const gone = await Promise.resolve(
      photos['photos.process']({ uploadId: 'upload-0002', ...options, allowMissingExif: true }, ctx),
    ).catch((e: unknown) => e);
    expect((gone as PhotoRefusalError).refusal).toBe('photo-upload-unknown');
  });
});
