/**
 * Why the host refused a photo: a closed set carried as `refusal` on the failure (never read from the
 * message), rendered from the catalogs (`patrols:photos.refusals.<refusal>`).
 */
export const photoRefusals = [
  'photo-too-large',
  'photo-unreadable',
  'photo-too-many-pixels',
  'photo-no-exif',
  'photo-upload-unknown',
  'photo-not-found',
] as const;
export type PhotoRefusal = (typeof photoRefusals)[number];
