import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

/** A refusal message starting with its named reason. */
const named = (reason: string): string => expect.stringMatching(new RegExp(`^${reason}`)) as string;
import { readExif } from './exif';
import { processPhoto } from './photo-pipeline';
import { createPhotoStore } from './photo-store';
import { createPhotosHandlers } from './photos-service';
import { makeJpeg } from './testing/jpeg-fixtures';

const now = Date.UTC(2026, 10, 25, 9, 30, 0);
const base = {
  source: 'import' as const,
  now,
  siteCode: '5303810001',
  operatorId: 'tech-1',
  devicePosition: { lat: 26.2212, lng: 104.1048 },
  watermark: false,
  allowMissingExif: false,
};
const ctx = { transport: 'websocket' as const };

describe('photo pipeline (real JPEGs made here)', () => {
  it('resizes to a 2048 px long edge, reads EXIF time and GPS, hashes the original, stamps the metadata', async () => {
    const original = await makeJpeg(3000, 2000, {
      dateTimeOriginal: '2026:11:25 15:04:05',
      gps: { lat: 26.22105, lng: 104.10475 },
    });
    const { jpeg, facts } = await processPhoto({ ...base, bytes: original });
    expect(facts.originalSha256).toBe(createHash('sha256').update(original).digest('hex'));
    expect([facts.width, facts.height]).toEqual([2048, 1365]);
    const meta = await sharp(jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
    expect(facts).toMatchObject({
      takenAt: Date.UTC(2026, 10, 25, 7, 4, 5), // 15:04:05 in Beijing
      takenAtSource: 'exif',
      positionSource: 'exif',
      exif: { present: true, time: true, gps: true },
      watermarked: false,
    });
    expect(facts.position!.lat).toBeCloseTo(26.22105, 5);
    expect(facts.position!.lng).toBeCloseTo(104.10475, 5);
    const stamped = readExif(meta.exif);
    expect(stamped.present).toBe(true);
    const description = (await import('exif-reader')).default(meta.exif!).Image?.ImageDescription;
    expect(description).toBe(
      'wrm-field site=5303810001 time=2026-11-25T15:04:05+08:00 pos=26.221050,104.104750 op=tech-1',
    );
  });

  it('draws a visible watermark only when asked', async () => {
    const original = await makeJpeg(1200, 800, {
      dateTimeOriginal: '2026:11:25 15:04:05',
      offsetTimeOriginal: '+08:00',
    });
    const plain = await processPhoto({ ...base, bytes: original });
    const marked = await processPhoto({ ...base, bytes: original, watermark: true });
    expect(marked.facts.watermarked).toBe(true);
    expect(marked.facts.stamp).toEqual([
      '站点 5303810001',
      '2026-11-25 15:04 (UTC+8)',
      '26.22120°N 104.10480°E',
      '巡查人 tech-1',
    ]);
    // The bottom band is darkened and carries text; the top of the image is untouched.
    const stats = async (img: Uint8Array, top: number) =>
      (
        await sharp(await sharp(img).extract({ left: 0, top, width: 1200, height: 100 }).toBuffer()).stats()
      ).channels.reduce((sum, c) => sum + c.mean, 0);
    expect(await stats(marked.jpeg, 700)).toBeLessThan((await stats(plain.jpeg, 700)) * 0.8);
    expect(Math.abs((await stats(marked.jpeg, 0)) - (await stats(plain.jpeg, 0)))).toBeLessThan(3);
    // A small photo is not enlarged.
    expect([marked.facts.width, marked.facts.height]).toEqual([1200, 800]);
  });

  it('refuses an imported photo with no EXIF by name, unless the crew accepts the import time', async () => {
    const original = await makeJpeg(640, 480);
    await expect(processPhoto({ ...base, bytes: original })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: named('photo-no-exif'),
    });
    const accepted = await processPhoto({ ...base, bytes: original, allowMissingExif: true });
    expect(accepted.facts).toMatchObject({
      takenAt: now,
      takenAtSource: 'import',
      positionSource: 'device',
      exif: { present: false },
    });
    // A webcam frame has no EXIF by nature: its capture time is the host clock.
    const captured = await processPhoto({
      ...base,
      bytes: original,
      source: 'capture',
      devicePosition: null,
    });
    expect(captured.facts).toMatchObject({
      takenAtSource: 'capture',
      position: null,
      positionSource: 'none',
    });
  });

  it('refuses unreadable, huge and too-many-pixel images by name', async () => {
    await expect(processPhoto({ ...base, bytes: Buffer.from('not a jpeg at all') })).rejects.toMatchObject({
      message: named('photo-unreadable'),
    });
    const truncated = (await makeJpeg(640, 480, { dateTimeOriginal: '2026:11:25 15:04:05' })).subarray(
      0,
      400,
    );
    await expect(processPhoto({ ...base, bytes: truncated })).rejects.toMatchObject({
      message: named('photo-unreadable'),
    });
    const ok = await makeJpeg(640, 480, { dateTimeOriginal: '2026:11:25 15:04:05' });
    const limits = { maxBytes: 10_000, maxEdge: 2048, maxPixels: 1_000_000, quality: 85 };
    await expect(processPhoto({ ...base, bytes: Buffer.alloc(10_001) }, limits)).rejects.toMatchObject({
      code: 'too-large',
      message: named('photo-too-large'),
    });
    await expect(
      processPhoto({ ...base, bytes: ok }, { ...limits, maxBytes: 1e7, maxPixels: 100_000 }),
    ).rejects.toMatchObject({
      message: named('photo-too-many-pixels'),
    });
  });

  it('stages chunks, refuses an upload past the limit at once, and stores the result by its hash', async () => {
    const store = createPhotoStore(mkdtempSync(join(tmpdir(), 'wrm-photos-')));
    const handlers = createPhotosHandlers({
      store,
      now: () => now,
      limits: { maxBytes: 200_000, maxEdge: 1024, maxPixels: 50_000_000, quality: 85 },
    });
    const original = await makeJpeg(1600, 1200, { dateTimeOriginal: '2026:11:25 15:04:05' });
    expect(original.byteLength).toBeLessThan(200_000);
    const half = Math.ceil(original.byteLength / 2);
    await handlers['photos.putChunk'](
      { uploadId: 'upload-0001', offset: 0, dataBase64: original.subarray(0, half).toString('base64') },
      ctx,
    );
    await expect(
      Promise.resolve().then(() =>
        handlers['photos.putChunk']({ uploadId: 'upload-0001', offset: 5, dataBase64: 'AAAA' }, ctx),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await handlers['photos.putChunk'](
      { uploadId: 'upload-0001', offset: half, dataBase64: original.subarray(half).toString('base64') },
      ctx,
    );
    const result = await handlers['photos.process'](
      {
        uploadId: 'upload-0001',
        source: 'import',
        siteCode: '5303810001',
        operatorId: 'tech-1',
        devicePosition: null,
        watermark: true,
        allowMissingExif: false,
      },
      ctx,
    );
    expect(result).toMatchObject({ width: 1024, height: 768, watermarked: true });

    // Without EXIF the upload is refused but kept, so accepting the import time needs no re-send.
    const bare = await makeJpeg(800, 600);
    await handlers['photos.putChunk'](
      { uploadId: 'upload-0003', offset: 0, dataBase64: bare.toString('base64') },
      ctx,
    );
    const processArgs = {
      uploadId: 'upload-0003',
      source: 'import' as const,
      siteCode: '5303810001',
      operatorId: 'tech-1',
      devicePosition: null,
      watermark: false,
      allowMissingExif: false,
    };
    await expect(handlers['photos.process'](processArgs, ctx)).rejects.toMatchObject({
      message: named('photo-no-exif'),
    });
    const accepted = await handlers['photos.process']({ ...processArgs, allowMissingExif: true }, ctx);
    expect(accepted).toMatchObject({ takenAtSource: 'import', exif: { present: false } });
    expect(await store.has(result.storedSha256)).toBe(true);
    const stored = (await store.get(result.storedSha256))!;
    expect(createHash('sha256').update(stored).digest('hex')).toBe(result.storedSha256);
    const thumb = await handlers['photos.read']({ sha256: result.storedSha256, maxEdge: 200 }, ctx);
    expect((await sharp(Buffer.from(thumb.dataBase64, 'base64')).metadata()).width).toBe(200);

    // Past the limit the upload is dropped at the chunk that crosses it.
    const big = Buffer.alloc(150_000, 1).toString('base64');
    await handlers['photos.putChunk']({ uploadId: 'upload-0002', offset: 0, dataBase64: big }, ctx);
    await expect(
      Promise.resolve().then(() =>
        handlers['photos.putChunk']({ uploadId: 'upload-0002', offset: 150_000, dataBase64: big }, ctx),
      ),
    ).rejects.toMatchObject({ code: 'too-large', message: named('photo-too-large') });
    await expect(
      Promise.resolve().then(() =>
        handlers['photos.process'](
          {
            uploadId: 'upload-0002',
            source: 'import',
            siteCode: 'x',
            operatorId: 'y',
            devicePosition: null,
            watermark: false,
            allowMissingExif: true,
          },
          ctx,
        ),
      ),
    ).rejects.toMatchObject({ code: 'not-found', message: named('photo-upload-unknown') });
  });
});
