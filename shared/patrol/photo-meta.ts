import type { PhotoMeta, Site } from '../domain/index';
import type { ProcessedPhoto } from '../host/contract/photos';
import { provenanceOf, type Author } from './author';

/** The metadata record of a photo the host processed and stored; the image itself stays in the host. */
export function buildPhotoMeta(
  photo: ProcessedPhoto,
  context: {
    readonly site: Pick<Site, 'id' | 'code' | 'divisionCode'>;
    readonly patrolId: string | null;
    readonly faultId: string | null;
    readonly checklistItemId: string | null;
    readonly caption: string | null;
  },
  author: Author,
): PhotoMeta {
  const at = author.now();
  return {
    id: author.newId(),
    siteId: context.site.id,
    divisionCode: context.site.divisionCode,
    siteCode: context.site.code,
    patrolId: context.patrolId,
    faultId: context.faultId,
    checklistItemId: context.checklistItemId,
    originalSha256: photo.originalSha256,
    storedSha256: photo.storedSha256,
    bytes: photo.bytes,
    width: photo.width,
    height: photo.height,
    mime: 'image/jpeg',
    takenAt: photo.takenAt,
    takenAtSource: photo.takenAtSource,
    position: photo.position === null ? null : (photo.position as PhotoMeta['position']),
    watermarked: photo.watermarked,
    caption: context.caption?.trim() || null,
    ...provenanceOf(author, at),
  };
}
