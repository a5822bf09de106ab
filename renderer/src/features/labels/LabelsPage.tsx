import { CameraOutlined, FilePdfOutlined, FormOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { readSiteLabel, sitesOfLabel } from '#shared/labels/site-label';
import { navigate } from '../../app/router';
import { useRecords } from '../../db/index';
import { useHost } from '../../host/host-context';
import { divisionLabel } from '../map/index';
import { downloadBase64 } from '../patrols/index';
import { frameReader, type Frame } from './scan-frame';

type Found =
  | { readonly kind: 'none' }
  | { readonly kind: 'not-a-label'; readonly text: string }
  | { readonly kind: 'unknown'; readonly code: string }
  | { readonly kind: 'sites'; readonly sites: readonly Site[] };

/** 站点二维码标签: scan a label with the camera (or type its code) to open the site and start a patrol; print a county's labels. */
export function LabelsPage() {
  const { t } = useTranslation('labels');
  const sites = useRecords('sites');
  const all = useMemo(() => (sites.status === 'ready' ? sites.value : []), [sites]);
  const [found, setFound] = useState<Found>({ kind: 'none' });
  const look = (text: string) => {
    const read = readSiteLabel(text);
    if (read === null) {
      setFound({ kind: 'not-a-label', text });
      return;
    }
    const matches = sitesOfLabel(read, all);
    setFound(matches.length === 0 ? { kind: 'unknown', code: read.code } : { kind: 'sites', sites: matches });
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="labels-page">
      <ScanCard onText={look} />
      {found.kind === 'not-a-label' && (
        <Alert type="warning" showIcon message={t('notALabel')} data-testid="label-result" />
      )}
      {found.kind === 'unknown' && (
        <Alert
          type="warning"
          showIcon
          message={t('unknownCode', { code: found.code })}
          data-testid="label-result"
        />
      )}
      {found.kind === 'sites' && (
        <Card title={t('found', { count: found.sites.length })} data-testid="label-result">
          {found.sites.length > 1 && <Alert type="info" showIcon message={t('duplicate')} />}
          <List
            dataSource={[...found.sites]}
            renderItem={(site) => (
              <List.Item
                data-testid={`label-site-${site.id}`}
                actions={[
                  <Button
                    key="patrol"
                    type="primary"
                    icon={<FormOutlined />}
                    onClick={() => navigate(`/patrols/new?siteId=${encodeURIComponent(site.id)}`)}
                    data-testid="label-start-patrol"
                  >
                    {t('startPatrol')}
                  </Button>,
                  <Button
                    key="site"
                    onClick={() => navigate(`/sites/${encodeURIComponent(site.id)}`)}
                    data-testid="label-open-site"
                  >
                    {t('openSite')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={`${site.code} · ${site.name}`}
                  description={divisionLabel(site.divisionCode)}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <PrintCard sites={all} />
    </Space>
  );
}

/** The camera (BarcodeDetector, else jsQR on its frames) and a box to type the label's code. */
function ScanCard({ onText }: { readonly onText: (text: string) => void }) {
  const { t } = useTranslation('labels');
  const [typed, setTyped] = useState('');
  const [camera, setCamera] = useState<'off' | 'starting' | 'on'>('off');
  const [reader, setReader] = useState<'native' | 'jsqr' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const handler = useRef(onText);
  useEffect(() => {
    handler.current = onText;
  }, [onText]);

  const stop = () => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    setCamera('off');
  };
  useEffect(() => stop, []);

  useEffect(() => {
    if (camera !== 'on') {
      return;
    }
    let cancelled = false;
    const canvas = document.createElement('canvas');
    const frame = (): Frame | null => {
      const v = video.current;
      if (v === null || v.videoWidth === 0) {
        return null;
      }
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const g = canvas.getContext('2d', { willReadFrequently: true });
      if (g === null) {
        return null;
      }
      g.drawImage(v, 0, 0);
      return g.getImageData(0, 0, canvas.width, canvas.height);
    };
    void (async () => {
      const r = await frameReader();
      setReader(r.kind);
      while (!cancelled) {
        const v = video.current;
        const text = v === null || v.readyState < 2 ? null : await r.read(v, frame).catch(() => null);
        if (cancelled) {
          return;
        }
        if (text !== null) {
          stop();
          handler.current(text);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [camera]);

  const start = async () => {
    setError(null);
    if (navigator.mediaDevices?.getUserMedia === undefined) {
      setError(t('noCamera'));
      return;
    }
    setCamera('starting');
    try {
      const s = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
      stream.current = s;
      if (video.current !== null) {
        video.current.srcObject = s;
        await video.current.play().catch(() => undefined);
      }
      setCamera('on');
    } catch (e) {
      setCamera('off');
      setError(t('cameraFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <Card title={t('scanTitle')} data-testid="label-scan">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('scanHint')}</Typography.Text>
        <Space wrap>
          {camera === 'off' ? (
            <Button icon={<CameraOutlined />} onClick={() => void start()} data-testid="label-camera">
              {t('startCamera')}
            </Button>
          ) : (
            <Button
              icon={<StopOutlined />}
              onClick={stop}
              loading={camera === 'starting'}
              data-testid="label-camera-stop"
            >
              {t('stopCamera')}
            </Button>
          )}
          {reader !== null && <Tag>{t(`reader.${reader}`)}</Tag>}
        </Space>
        <video
          ref={video}
          muted
          playsInline
          style={{
            width: 360,
            maxWidth: '100%',
            display: camera === 'off' ? 'none' : 'block',
            background: '#000',
          }}
          data-testid="label-video"
        />
        <Space.Compact style={{ maxWidth: 420, width: '100%' }}>
          <Input
            placeholder={t('typePlaceholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onPressEnter={() => onText(typed)}
            data-testid="label-code"
          />
          <Button type="primary" onClick={() => onText(typed)} data-testid="label-find">
            {t('find')}
          </Button>
        </Space.Compact>
        {error !== null && <Alert type="error" showIcon message={error} />}
      </Space>
    </Card>
  );
}

/** A county's label sheet as PDF, printed by the host like the 月报. */
function PrintCard({ sites }: { readonly sites: readonly Site[] }) {
  const { t } = useTranslation('labels');
  const host = useHost();
  const counties = useMemo(() => [...new Set(sites.map((s) => s.divisionCode))].sort(), [sites]);
  const [county, setCounty] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chosen = county ?? counties[0] ?? null;
  const ofCounty = useMemo(
    () =>
      sites
        .filter((s) => s.divisionCode === chosen)
        .sort((a, b) => a.code.localeCompare(b.code) || a.id.localeCompare(b.id)),
    [sites, chosen],
  );
  const print = async () => {
    if (chosen === null || ofCounty.length === 0) {
      return;
    }
    setBusy(true);
    setError(null);
    const result = await host.call('reports.exportSiteLabels', {
      sheet: {
        title: t('sheetTitle', { county: divisionLabel(chosen), code: chosen }),
        sites: ofCounty.map((s) => ({ id: s.id, code: s.code, name: s.name })),
      },
    });
    setBusy(false);
    if (result.ok) {
      downloadBase64(result.value.fileName, result.value.mime, result.value.dataBase64);
    } else {
      setError(t('printFailed', { message: result.error.message }));
    }
  };
  return (
    <Card title={t('printTitle')} data-testid="label-print">
      <Space wrap>
        <Select
          showSearch
          optionFilterProp="label"
          value={chosen ?? undefined}
          onChange={(v: string) => setCounty(v)}
          options={counties.map((c) => ({ value: c, label: divisionLabel(c) }))}
          style={{ minWidth: 220 }}
          data-testid="label-county"
        />
        <Typography.Text data-testid="label-count">{t('count', { count: ofCounty.length })}</Typography.Text>
        <Button
          icon={<FilePdfOutlined />}
          loading={busy}
          disabled={ofCounty.length === 0}
          onClick={() => void print()}
          data-testid="label-export-pdf"
        >
          {t('exportPdf')}
        </Button>
      </Space>
      {error !== null && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
