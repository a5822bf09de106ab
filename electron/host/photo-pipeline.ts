import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { PhotoRefusal, ProcessedPhoto } from '#shared/host/contract/photos';
import { isoShanghai, dateTimeOf } from '#shared/reports/time';
import { CodedError, type ErrorCode } from '#shared/result';
import { readExif } from './exif';

export type PhotoLimits = {
  /** Largest original accepted, bytes (configurable per deployment). */
  readonly maxBytes: number;
  /** Long edge of the stored JPEG. */
  readonly maxEdge: number;
  /** Largest decoded size, pixels (a small file can still decode to a huge bitmap). */
  readonly maxPixels: number;
  readonly quality: number;
};

export const defaultPhotoLimits: PhotoLimits = {
  maxBytes: 30 * 1024 * 1024,
  maxEdge: 2048,
  maxPixels: 120_000_000,
  quality: 85,
};

/**
 * A photo refused for a named reason. The reason travels as `refusal` (a closed code) for the host's
 * own decisions; the message still starts with it for the screen, which reads the contract's message.
 */
export class PhotoRefusalError extends CodedError {
  constructor(code: ErrorCode, refusal: PhotoRefusal, detail: string) {
    super(code, `${refusal}: ${detail}`, undefined, refusal);
    this.name = 'PhotoRefusalError';
  }
}

export function refuse(code: ErrorCode, reason: PhotoRefusal, detail: string): never {
  throw new PhotoRefusalError(code, reason, detail);
}

export type PhotoInput = {
  readonly bytes: Uint8Array;
  readonly source: 'import' | 'capture';
  /** Host clock at capture/import. */
  readonly now: number;
  readonly siteCode: string;
  readonly operatorId: string;
  readonly devicePosition: { readonly lat: number; readonly lng: number } | null;
  readonly watermark: boolean;
  readonly allowMissingExif: boolean;
};

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

function formatPosition(p: { lat: number; lng: number } | null): string {
  if (p === null) {
    return '—';
  }
  return `${Math.abs(p.lat).toFixed(5)}°${p.lat < 0 ? 'S' : 'N'} ${Math.abs(p.lng).toFixed(5)}°${p.lng < 0 ? 'W' : 'E'}`;
}

/** A translucent band along the bottom with the stamp lines (rendered by librsvg with the CJK fonts). */
function watermarkSvg(width: number, height: number, lines: readonly string[]): Buffer {
  const size = Math.max(14, Math.round(Math.min(width, height) / 36));
  const lineHeight = Math.round(size * 1.35);
  const band = lineHeight * lines.length + size;
  const text = lines
    .map(
      (l, i) =>
        `<text x="${size}" y="${height - band + size * 0.6 + lineHeight * (i + 1) - size * 0.35}">${escapeXml(l)}</text>`,
    )
    .join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="${height - band}" width="${width}" height="${band}" fill="black" fill-opacity="0.45"/>` +
      `<g font-family="Noto Sans CJK SC, Noto Sans, DejaVu Sans, sans-serif" font-size="${size}" fill="white">${text}</g></svg>`,
  );
}

/**
 * Original bytes → stored evidence JPEG. Refuses (named) an oversize file, something that is not an
 * image, a bitmap beyond the pixel limit, and an imported photo without EXIF time unless the crew
 * accepted the import time. Orientation is applied, so the stored image stands upright.
 */
export async function processPhoto(
  input: PhotoInput,
  limits: PhotoLimits = defaultPhotoLimits,
): Promise<{ readonly jpeg: Uint8Array; readonly facts: Omit<ProcessedPhoto, 'storedSha256' | 'bytes'> }> {
  if (input.bytes.byteLength > limits.maxBytes) {
    refuse(
      'too-large',
      'photo-too-large',
      `${mb(input.bytes.byteLength)} MB is over the ${mb(limits.maxBytes)} MB limit`,
    );
  }
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input.bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    refuse('invalid-argument', 'photo-unreadable', error instanceof Error ? error.message : 'not an image');
  }
  if (!meta.width || !meta.height || !['jpeg', 'png', 'webp', 'tiff', 'heif'].includes(meta.format ?? '')) {
    refuse('invalid-argument', 'photo-unreadable', `unsupported image format ${meta.format ?? 'unknown'}`);
  }
  if (meta.width * meta.height > limits.maxPixels) {
    refuse(
      'too-large',
      'photo-too-many-pixels',
      `${meta.width}×${meta.height} is over ${limits.maxPixels} pixels`,
    );
  }
  const exif = readExif(meta.exif);
  if (input.source === 'import' && exif.takenAt === null && !input.allowMissingExif) {
    refuse(
      'invalid-argument',
      'photo-no-exif',
      exif.present ? 'the EXIF block has no capture time' : 'the file has no EXIF',
    );
  }
  const takenAt = exif.takenAt ?? input.now;
  const takenAtSource = exif.takenAt !== null ? 'exif' : input.source;
  const position = exif.position ?? input.devicePosition;
  const positionSource = exif.position !== null ? 'exif' : input.devicePosition !== null ? 'device' : 'none';
  const stamp = [
    `站点 ${input.siteCode}`,
    `${dateTimeOf(takenAt)} (UTC+8)`,
    formatPosition(position),
    `巡查人 ${input.operatorId}`,
  ];
  const description = `wrm-field site=${input.siteCode} time=${isoShanghai(takenAt)} pos=${
    position === null ? 'none' : `${position.lat.toFixed(6)},${position.lng.toFixed(6)}`
  } op=${input.operatorId}`;

  let jpeg: Buffer;
  let width: number;
  let height: number;
  try {
    const upright = await sharp(input.bytes, { limitInputPixels: false })
      .rotate()
      .resize({ width: limits.maxEdge, height: limits.maxEdge, fit: 'inside', withoutEnlargement: true })
      .toBuffer({ resolveWithObject: true });
    width = upright.info.width;
    height = upright.info.height;
    let pipeline = sharp(upright.data);
    if (input.watermark) {
      pipeline = pipeline.composite([{ input: watermarkSvg(width, height, stamp), top: 0, left: 0 }]);
    }
    jpeg = await pipeline
      .jpeg({ quality: limits.quality, mozjpeg: false })
      .withExif({ IFD0: { ImageDescription: description, Artist: input.operatorId, Software: 'wrm-field' } })
      .toBuffer();
  } catch (error) {
    refuse('invalid-argument', 'photo-unreadable', error instanceof Error ? error.message : 'decode failed');
  }
  return {
    jpeg,
    facts: {
      originalSha256: createHash('sha256').update(input.bytes).digest('hex'),
      originalBytes: input.bytes.byteLength,
      width,
      height,
      takenAt,
      takenAtSource,
      position,
      positionSource,
      exif: { present: exif.present, time: exif.takenAt !== null, gps: exif.position !== null },
      watermarked: input.watermark,
      stamp,
    },
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** A stored photo scaled down for display. */
export async function thumbnail(jpeg: Uint8Array, maxEdge: number): Promise<Buffer> {
  return sharp(jpeg)
    .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
}
