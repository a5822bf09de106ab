import { describe, expect, it } from 'vitest';
import { checkPhotoFile, megabytes, photoFileLimits, photoFormatOf } from './photo-file';

const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array<number>(16).fill(0)]);
const text = (s: string) => new TextEncoder().encode(s.padEnd(16, '\0'));

describe('photo files', () => {
  it('knows the accepted formats by their first bytes, not their names', () => {
    expect(photoFormatOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('JPEG');
    expect(photoFormatOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('PNG');
    expect(photoFormatOf(text('RIFF\x10\0\0\0WEBPVP8 '))).toBe('WebP');
    expect(photoFormatOf(bytes(0x49, 0x49, 0x2a, 0))).toBe('TIFF');
    expect(photoFormatOf(text('\0\0\0\x18ftypheic'))).toBe('HEIF');
    expect(photoFormatOf(text('%PDF-1.7'))).toBeNull();
    expect(photoFormatOf(text('\0\0\0\x18ftypmp42'))).toBeNull();
    expect(photoFormatOf(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('refuses by size before the type, naming both sizes', () => {
    const jpeg = bytes(0xff, 0xd8, 0xff);
    expect(checkPhotoFile(5_000_000, jpeg)).toEqual({ ok: true, value: 'JPEG' });
    expect(checkPhotoFile(50 * 1024 * 1024, jpeg)).toMatchObject({
      ok: false,
      error: { code: 'too-large', message: '50 MB is over the 30 MB limit' },
    });
    expect(checkPhotoFile(photoFileLimits.maxBytes, jpeg).ok).toBe(true);
    expect(checkPhotoFile(0, jpeg)).toMatchObject({ error: { code: 'empty' } });
    expect(checkPhotoFile(1000, text('PK\x03\x04'))).toMatchObject({ error: { code: 'not-an-image' } });
    expect(megabytes(31_457_280 + 104_858)).toBe('30.1');
  });
});
