import { fail, ok, type Result } from '../result';

/**
 * What the crew may pick as an evidence photo, stated before choosing and checked on the file's size
 * and first bytes before anything is read whole or decoded. The host applies the same size limit
 * (`electron/host/photo-pipeline.ts`, 30 MB) and decodes these formats.
 */
export const photoFileLimits = {
  maxBytes: 30 * 1024 * 1024,
  /** Accepted formats, by their signature; the file name's extension is not trusted. */
  formats: ['JPEG', 'PNG', 'WebP', 'TIFF', 'HEIF'] as const,
  /** For the file picker (a hint to the dialog only; the signature decides). */
  accept:
    'image/jpeg,image/png,image/webp,image/tiff,image/heif,image/heic,.jpg,.jpeg,.png,.webp,.tif,.tiff,.heic,.heif',
  /** Bytes of the head `photoFormatOf` needs. */
  headBytes: 16,
} as const;
export type PhotoFormat = (typeof photoFileLimits.formats)[number];

export const photoFileRefusals = ['empty', 'too-large', 'not-an-image'] as const;
export type PhotoFileRefusal = (typeof photoFileRefusals)[number];

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));
const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif']);

/** The image format a file's first bytes announce, or null. */
export function photoFormatOf(head: Uint8Array): PhotoFormat | null {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) {
    return 'JPEG';
  }
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b(i) === v)) {
    return 'PNG';
  }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') {
    return 'WebP';
  }
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  ) {
    return 'TIFF';
  }
  if (ascii(head, 4, 8) === 'ftyp' && heifBrands.has(ascii(head, 8, 12))) {
    return 'HEIF';
  }
  return null;
}

/**
 * Checks a picked file by its size and its first bytes (`head`, at least `photoFileLimits.headBytes`):
 * refused when empty, over the size limit (the message names both sizes in MB), or not one of the
 * accepted image formats.
 */
export function checkPhotoFile(size: number, head: Uint8Array): Result<PhotoFormat, PhotoFileRefusal> {
  if (size === 0) {
    return fail('empty', 'the file is empty');
  }
  if (size > photoFileLimits.maxBytes) {
    return fail(
      'too-large',
      `${megabytes(size)} MB is over the ${megabytes(photoFileLimits.maxBytes)} MB limit`,
    );
  }
  const format = photoFormatOf(head);
  return format === null
    ? fail('not-an-image', `not a ${photoFileLimits.formats.join(' / ')} image`)
    : ok(format);
}

/** Bytes as MB with one decimal (MiB, as the host counts). */
export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}
