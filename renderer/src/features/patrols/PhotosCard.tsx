import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Image,
  List,
  Progress,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Patrol, PhotoMeta, Site } from '#shared/domain/index';
import { checklistItems, type ChecklistConfig } from '#shared/patrol/checklist';
import { checkPhotoFile, megabytes, photoFileLimits } from '#shared/patrol/photo-file';
import { buildPhotoMeta } from '#shared/patrol/photo-meta';
import { useRecords } from '../../db/index';
import { useHost } from '../../host/host-context';
import { formatDateTime } from '../../i18n/format';
import { useAuthor } from './lib/author';
import {
  fileHead,
  processUpload,
  sendPhoto,
  type PhotoOptions,
  type PhotoProgress,
} from './lib/photo-upload';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';
import { currentPosition } from './lib/position';
import { localText } from './lib/text';
import { usePhotoUrl } from './lib/use-photo-url';
import { WebcamCapture } from './WebcamCapture';

function Thumb({ photo }: { readonly photo: PhotoMeta }) {
  const url = usePhotoUrl(photo.storedSha256, 320);
  return url === null ? (
    <div style={{ width: 160, height: 120, background: '#f5f5f5' }} />
  ) : (
    <Image width={160} src={url} />
  );
}

/** Evidence photos of the visit: imported or captured, resized and stamped by the host, bound to an item. */
export function PhotosCard(props: {
  readonly patrol: Patrol;
  readonly site: Site;
  readonly checklist: ChecklistConfig | null;
  readonly closed: boolean;
}) {
  const { t, i18n } = useTranslation('patrols');
  const { modal } = App.useApp();
  const host = useHost();
  const author = useAuthor();
  const once = useWriteOnce();
  const [progress, setProgress] = useState<(PhotoProgress & { readonly name: string }) | null>(null);
  const photos = useRecords('photos', { selector: { patrolId: props.patrol.id } });
  const input = useRef<HTMLInputElement>(null);
  const [watermark, setWatermark] = useState(true);
  const [itemId, setItemId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const items = props.checklist === null ? [] : checklistItems(props.checklist);

  const store = async (blob: Blob, source: 'import' | 'capture', name: string) => {
    // Size and signature first: nothing is sent or decoded for a file that cannot be a photo.
    setProgress({ name, phase: 'checking', sent: 0, total: blob.size });
    const checked = checkPhotoFile(blob.size, await fileHead(blob, photoFileLimits.headBytes));
    if (!checked.ok) {
      return `${name}: ${t(`photos.fileRefusals.${checked.error.code}`, {
        size: megabytes(blob.size),
        max: megabytes(photoFileLimits.maxBytes),
        formats: photoFileLimits.formats.join(' / '),
      })}`;
    }
    const fix = await currentPosition(3000);
    const options: PhotoOptions = {
      source,
      siteCode: props.site.code,
      operatorId: author.operatorId,
      devicePosition: fix?.position ?? null,
      watermark,
    };
    const sent = await sendPhoto(host, blob, options, (p) => setProgress({ ...p, name }));
    let result = sent.result;
    if (!result.ok && result.error.refusal === 'photo-no-exif') {
      const accept = await modal.confirm({
        title: t('photos.noExifTitle', { name }),
        content: t('photos.noExifBody'),
        okText: t('photos.useImportTime'),
      });
      if (accept) {
        result = await processUpload(host, sent.uploadId, options, true);
      } else {
        void host.call('photos.discard', { uploadId: sent.uploadId });
      }
    }
    if (!result.ok) {
      const reason = result.error.refusal ?? null;
      return `${name}: ${
        reason === null
          ? result.error.message
          : t(`photos.refusals.${reason}`, { max: megabytes(photoFileLimits.maxBytes) })
      }`;
    }
    const processed = result.value;
    // Each file is its own action; the same picture (same original) bound to the same item again is a no-op.
    if (list.some((p) => p.originalSha256 === processed.originalSha256 && p.checklistItemId === itemId)) {
      return null;
    }
    const key = `${processed.originalSha256}|${itemId ?? ''}`;
    if (!once.holds(key)) {
      once.edited();
    }
    const outcome = await once.run(key, () => {
      const meta = buildPhotoMeta(
        processed,
        {
          site: props.site,
          patrolId: props.patrol.id,
          faultId: null,
          checklistItemId: itemId,
          caption: null,
        },
        actionAuthor(author),
      );
      return { ok: true, records: meta, items: [{ collection: 'photos', record: meta }] };
    });
    if (outcome.status === 'failed') {
      return `${name}: ${outcome.error.message}`;
    }
    return null;
  };

  const importFiles = async (files: FileList | null) => {
    if (files === null || files.length === 0) {
      return;
    }
    setBusy(true);
    const problems: string[] = [];
    for (const file of Array.from(files)) {
      const problem = await store(file, 'import', file.name);
      if (problem !== null) {
        problems.push(problem);
      }
    }
    setErrors(problems);
    setBusy(false);
    setProgress(null);
    if (input.current) {
      input.current.value = '';
    }
  };

  const list = photos.status === 'ready' ? photos.value : [];
  const itemTitle = (id: string | null) => {
    const item = items.find((i) => i.id === id);
    return item === undefined ? null : localText(item.title, i18n.language);
  };
  return (
    <Card
      title={t('photos.title')}
      data-testid="photos"
      extra={<Tag data-testid="photo-count">{list.length}</Tag>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {!props.closed && (
          <Space wrap>
            <Select
              allowClear
              style={{ width: 260 }}
              placeholder={t('photos.bindItem')}
              value={itemId}
              onChange={(v: string | undefined) => setItemId(v ?? null)}
              data-testid="photo-item"
              options={items.map((i) => ({ value: i.id, label: localText(i.title, i18n.language) }))}
            />
            <Checkbox
              checked={watermark}
              onChange={(e) => setWatermark(e.target.checked)}
              data-testid="photo-watermark"
            >
              {t('photos.watermark')}
            </Checkbox>
            <input
              ref={input}
              type="file"
              accept={photoFileLimits.accept}
              multiple
              hidden
              data-testid="photo-input"
              onChange={(e) => void importFiles(e.target.files)}
            />
            <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>
              {t('photos.import')}
            </Button>
            <Button icon={<CameraOutlined />} onClick={() => setCamera(true)}>
              {t('photos.capture')}
            </Button>
            <Typography.Text type="secondary" data-testid="photo-limits">
              {t('photos.limits', {
                max: megabytes(photoFileLimits.maxBytes),
                formats: photoFileLimits.formats.join(' / '),
              })}
            </Typography.Text>
          </Space>
        )}
        {busy && progress !== null && (
          <div data-testid="photo-progress">
            <Typography.Text type="secondary">
              {t(`photos.progress.${progress.phase}`, {
                name: progress.name,
                sent: megabytes(progress.sent),
                total: megabytes(progress.total),
              })}
            </Typography.Text>
            <Progress
              size="small"
              status="active"
              percent={
                progress.phase === 'processing'
                  ? 99
                  : progress.total === 0
                    ? 0
                    : Math.floor((progress.sent / progress.total) * 95)
              }
            />
          </div>
        )}
        {errors.map((e) => (
          <Alert key={e} type="error" showIcon message={e} data-testid="photo-error" />
        ))}
        <List
          grid={{ gutter: 12, column: 4 }}
          dataSource={list}
          locale={{ emptyText: t('photos.none') }}
          renderItem={(p) => (
            <List.Item data-testid="photo-card">
              <Space direction="vertical" size={2}>
                <Thumb photo={p} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(p.takenAt, i18n.language)} · {t(`photos.sources.${p.takenAtSource}`)}
                </Typography.Text>
                {itemTitle(p.checklistItemId) !== null && <Tag>{itemTitle(p.checklistItemId)}</Tag>}
                <Typography.Text
                  type="secondary"
                  style={{ fontSize: 11 }}
                  copyable={{ text: p.originalSha256 }}
                >
                  SHA-256 {p.originalSha256.slice(0, 12)}…
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Space>
      <WebcamCapture
        open={camera}
        onClose={() => setCamera(false)}
        onCapture={(blob) => {
          setCamera(false);
          setBusy(true);
          void store(blob, 'capture', t('photos.webcam')).then((problem) => {
            setErrors(problem === null ? [] : [problem]);
            setBusy(false);
            setProgress(null);
          });
        }}
      />
    </Card>
  );
}
