import { describe, expect, it } from 'vitest';
import type { UploadItem, UploadStatus } from '#shared/host/contract/index';
import { photoFilesStatus, photosToUpload } from './photo-queue-status';

const sha = (c: string) => c.repeat(64);

function item(sha256: string, state: UploadItem['state'], lastError: string | null = null): UploadItem {
  return { sha256, bytes: 10, sent: 0, state, attempts: 1, lastError, nextRetryAt: null, doneAt: null };
}

function upload(items: UploadItem[]): UploadStatus {
  return {
    serviceUrl: 'http://svc',
    pending: items.filter((i) => i.state === 'queued' || i.state === 'uploading').length,
    failed: items.filter((i) => i.state === 'failed').length,
    done: items.filter((i) => i.state === 'done').length,
    lastSuccessAt: 1234,
    nextRetryAt: null,
    items,
  };
}

describe('photo files status', () => {
  it('a photo whose record was refused is blocked, not pending, failed or stored — even if its file went up', () => {
    const status = photoFilesStatus(
      upload([item(sha('a'), 'done')]),
      [{ id: 'ph-1', storedSha256: sha('a'), stored: true }],
      (id) => id === 'ph-1',
    );
    expect(status).toMatchObject({ pending: 0, failed: 0, stored: 0, blocked: 1, lastSuccessAt: null });
    expect(photosToUpload([{ id: 'ph-1', storedSha256: sha('a'), stored: true }], status)).toEqual([]);
  });

  it('counts a file whose record is waiting as pending although the host queue does not hold it yet', () => {
    expect(
      photoFilesStatus(upload([]), [{ id: 'ph-1', storedSha256: sha('a'), stored: true }], () => false),
    ).toMatchObject({
      pending: 1,
      blocked: 0,
      lastSuccessAt: 1234,
    });
    expect(
      photoFilesStatus(null, [{ id: 'ph-1', storedSha256: sha('a'), stored: true }], () => false),
    ).toMatchObject({
      pending: 1,
      lastSuccessAt: null,
    });
  });

  it('a file shared by a refused and a kept record still goes up; failures withhold "last success"', () => {
    const records = [
      { id: 'ph-1', storedSha256: sha('a'), stored: true },
      { id: 'ph-2', storedSha256: sha('a'), stored: true },
      { id: 'ph-3', storedSha256: sha('b'), stored: true },
      { id: 'ph-4', storedSha256: sha('c'), stored: true },
    ];
    const status = photoFilesStatus(
      upload([
        item(sha('a'), 'uploading'),
        item(sha('b'), 'failed', 'unavailable: down'),
        item(sha('c'), 'done'),
      ]),
      records,
      (id) => id === 'ph-1',
    );
    expect(status).toMatchObject({
      pending: 1,
      failed: 1,
      stored: 1,
      blocked: 0,
      lastSuccessAt: null,
      lastError: 'unavailable: down',
    });
    expect(photosToUpload(records, status)).toEqual([sha('a'), sha('b'), sha('c')]);
    // A file goes up only after the service stored one of its records.
    expect(photosToUpload([{ id: 'ph-9', storedSha256: sha('d'), stored: false }], status)).toEqual([]);
  });
});
