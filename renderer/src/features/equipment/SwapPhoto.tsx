import { UploadOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoMeta, Site } from '#shared/domain/index';
import { checkPhotoFile, photoFileLimits } from '#shared/patrol/photo-file';
import { buildPhotoMeta } from '#shared/patrol/photo-meta';
import { useHost } from '../../host/host-context';
import { currentPosition, fileHead, processUpload, sendPhoto, useAuthor } from '../patrols/index';

/**
 * One evidence photo of a swap (a meter's register): picked, resized and stamped by the host like any
 * photo, its metadata held by the form until the swap is saved with it.
 */
export function SwapPhoto(props: {
  readonly site: Site;
  readonly faultId: string | null;
  readonly caption: string;
  readonly value: PhotoMeta | null;
  readonly onChange: (photo: PhotoMeta | null) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation('swaps');
  const host = useHost();
  const author = useAuthor();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (file: File | undefined) => {
    if (file === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const checked = checkPhotoFile(file.size, await fileHead(file, photoFileLimits.headBytes));
      if (!checked.ok) {
        setError(t('photoFailed', { message: checked.error.message }));
        return;
      }
      const fix = await currentPosition(3000);
      const options = {
        source: 'import' as const,
        siteCode: props.site.code,
        operatorId: author.operatorId,
        devicePosition: fix?.position ?? null,
        watermark: true,
      };
      const sent = await sendPhoto(host, file, options);
      // Without a capture time in the file the import time stands (the metadata says which it is).
      const result =
        !sent.result.ok && sent.result.error.refusal === 'photo-no-exif'
          ? await processUpload(host, sent.uploadId, options, true)
          : sent.result;
      if (!result.ok) {
        setError(t('photoFailed', { message: result.error.message }));
        return;
      }
      props.onChange(
        buildPhotoMeta(
          result.value,
          {
            site: props.site,
            patrolId: null,
            faultId: props.faultId,
            checklistItemId: null,
            caption: props.caption,
          },
          author,
        ),
      );
    } finally {
      setBusy(false);
      if (input.current) {
        input.current.value = '';
      }
    }
  };

  return (
    <Space direction="vertical" data-testid={props.testId}>
      <input
        ref={input}
        type="file"
        accept={photoFileLimits.accept}
        hidden
        data-testid={`${props.testId}-input`}
        onChange={(e) => void pick(e.target.files?.[0])}
      />
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {t('pickPhoto')}
      </Button>
      {props.value !== null && (
        <Typography.Text type="success">
          {t('photoReady', { width: props.value.width, height: props.value.height })}
        </Typography.Text>
      )}
      {error !== null && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  );
}

/** A counter reading of a swap and the photo of the register it was read from, both required. */
export function CounterWithPhoto(props: {
  readonly site: Site;
  readonly faultId: string | null;
  readonly label: string;
  readonly photoLabel: string;
  readonly value: number | null;
  readonly onValue: (value: number | null) => void;
  readonly photo: PhotoMeta | null;
  readonly onPhoto: (photo: PhotoMeta | null) => void;
  readonly testIds: { readonly value: string; readonly photo: string };
}) {
  return (
    <>
      <Form.Item label={props.label} required>
        <InputNumber
          value={props.value}
          onChange={props.onValue}
          min={0}
          style={{ width: 240 }}
          data-testid={props.testIds.value}
        />
      </Form.Item>
      <Form.Item label={props.photoLabel} required>
        <SwapPhoto
          site={props.site}
          faultId={props.faultId}
          caption={props.photoLabel}
          value={props.photo}
          onChange={props.onPhoto}
          testId={props.testIds.photo}
        />
      </Form.Item>
    </>
  );
}
