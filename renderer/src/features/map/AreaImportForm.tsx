import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Progress, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Datum } from '#shared/geo/coords';
import { useHost } from '../../host/host-context';
import { fileChunks } from './area-format';

/** MBTiles made elsewhere (QGIS, another laptop): uploaded to the host in chunks, checked there. */
export function AreaImportForm({ onImported }: { readonly onImported: () => void }) {
  const { t } = useTranslation('map');
  const host = useHost();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [datum, setDatum] = useState<Datum>('wgs84');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (file === null) {
      return;
    }
    setError(null);
    setProgress(0);
    const begun = await host.call('tiles.beginImport', { fileName: file.name, sizeBytes: file.size });
    if (!begun.ok) {
      setError(begun.error.message);
      setProgress(null);
      return;
    }
    const { importId, chunkBytes } = begun.value;
    for await (const chunk of fileChunks(file, chunkBytes)) {
      const r = await host.call('tiles.importChunk', {
        importId,
        offset: chunk.offset,
        dataBase64: chunk.base64,
      });
      if (!r.ok) {
        setError(r.error.message);
        setProgress(null);
        void host.call('tiles.abortImport', { importId });
        return;
      }
      setProgress(Math.floor((r.value.received / file.size) * 100));
    }
    const done = await host.call('tiles.finishImport', {
      importId,
      name: name.trim() || file.name.replace(/\.mbtiles$/i, ''),
      datum,
    });
    setProgress(null);
    if (done.ok) {
      void message.success(t('areas.importedOk', { name: done.value.name }));
      setFile(null);
      setName('');
      onImported();
    } else {
      setError(done.error.message);
    }
  };

  return (
    <Form layout="vertical" data-testid="import-form">
      <Form.Item label={t('areas.importFile')}>
        <input
          type="file"
          accept=".mbtiles,application/vnd.sqlite3,application/x-sqlite3"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            setFile(f);
            setError(null);
          }}
        />
      </Form.Item>
      <Form.Item label={t('areas.name')}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={file?.name} />
      </Form.Item>
      <Form.Item label={t('areas.datum')} extra={t('areas.datumHelp')}>
        <Radio.Group value={datum} onChange={(e) => setDatum(e.target.value as Datum)}>
          <Radio value="wgs84">{t('datums.wgs84')}</Radio>
          <Radio value="gcj02">{t('datums.gcj02')}</Radio>
        </Radio.Group>
      </Form.Item>
      {progress !== null && <Progress percent={progress} size="small" />}
      {error !== null && <Alert type="error" showIcon message={error} data-testid="import-error" />}
      <Button
        type="primary"
        icon={<UploadOutlined />}
        disabled={file === null || progress !== null}
        onClick={() => void run()}
        style={{ marginTop: 12 }}
        data-testid="import-start"
      >
        {t('areas.import')}
      </Button>
    </Form>
  );
}
