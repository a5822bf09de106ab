import { describe, expect, it } from 'vitest';
import { collections, validateRecord, type DivisionCode } from '../domain/index';
import { buildPhotoMeta } from './photo-meta';
import { testAuthor } from './test-author';

describe('photo metadata', () => {
  it('records the host’s processed photo as a valid, item-bound photos record', () => {
    const meta = buildPhotoMeta(
      {
        storedSha256: 'b'.repeat(64),
        originalSha256: 'a'.repeat(64),
        bytes: 345_678,
        originalBytes: 4_567_890,
        width: 2048,
        height: 1536,
        takenAt: 1_764_000_000_000,
        takenAtSource: 'exif',
        position: { lat: 26.2211, lng: 104.1047 },
        positionSource: 'exif',
        exif: { present: true, time: true, gps: true },
        watermarked: true,
        stamp: [],
      },
      {
        site: { id: 'site-1', code: '5303810001', divisionCode: '530381' as DivisionCode },
        patrolId: 'pt-1',
        faultId: null,
        checklistItemId: 'seal-intact',
        caption: '  ',
      },
      testAuthor(),
    );
    expect(validateRecord(collections.photos, meta)).toMatchObject({ ok: true });
    expect(meta).toMatchObject({
      checklistItemId: 'seal-intact',
      siteCode: '5303810001',
      caption: null,
      watermarked: true,
    });
  });
});
