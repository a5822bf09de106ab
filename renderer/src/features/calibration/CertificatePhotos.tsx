import { Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PhotoMeta } from '#shared/domain/index';
import { useRecords } from '../../db/index';
import { usePhotoUrl } from '../common/photo-url';

function Thumb({ photo }: { readonly photo: PhotoMeta }) {
  const url = usePhotoUrl(photo.storedSha256, 160);
  return url === null ? (
    <div style={{ width: 64, height: 48, background: '#f5f5f5' }} />
  ) : (
    <Image width={64} src={url} data-testid="certificate-photo" />
  );
}

/** The certificate's photos (kept on this laptop or downloaded on demand by the host). */
export function CertificatePhotos({ ids }: { readonly ids: readonly string[] }) {
  const { t } = useTranslation('calibration');
  const photos = useRecords('photos', { selector: { id: { $in: [...ids] } } });
  const list = photos.status === 'ready' ? photos.value : [];
  if (ids.length === 0) {
    return <Typography.Text type="secondary">{t('noPhoto')}</Typography.Text>;
  }
  return (
    <Space size={4}>
      {list.map((p) => (
        <Thumb key={p.id} photo={p} />
      ))}
    </Space>
  );
}
