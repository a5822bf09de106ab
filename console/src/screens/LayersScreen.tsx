import { Alert, Button, Form, Input, Popconfirm, Select, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeResponse } from '#shared/sync/index';
import {
  layerAdminPaths,
  layerFeatureProblemCodes,
  layerFileProblemCodes,
  type AdminLayerInfo,
  type AdminLayerListResponse,
} from '#shared/verdicts/layer-admin-wire';
import { spatialLayerKinds, type SpatialLayerKind } from '#shared/verdicts/spatial';
import { layerPaths, type LayerImportReport } from '#shared/verdicts/spatial-wire';
import { ApiError, apiJson, apiUpload } from '../api';
import { useErrorText } from '../errors';
import { formatTime } from '../format';
import { useLoad } from '../useLoad';

type LayerProblem = { feature: number; name: string | null; code: string; message: string };

/** The closed reason a file was refused whole for, from the error's details; null when it names none. */
function fileProblemOf(details: readonly unknown[]): string | null {
  const file = (details[0] as { file?: unknown } | undefined)?.file;
  return typeof file === 'string' && (layerFileProblemCodes as readonly string[]).includes(file)
    ? file
    : null;
}

function isLayerProblem(value: unknown): value is LayerProblem {
  const p = value as Partial<LayerProblem> | null;
  return typeof p?.feature === 'number' && typeof p.code === 'string';
}

/** The content type the service reads a file by (it also looks at the name and the first bytes). */
function contentTypeOf(name: string): string {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) {
    return 'application/zip';
  }
  if (lower.endsWith('.kml')) {
    return 'application/vnd.google-earth.kml+xml';
  }
  return 'application/geo+json';
}

/** A new layer's id: its kind, the region and the moment, so a new import never replaces another layer. */
const newLayerId = (kind: SpatialLayerKind, region: string) =>
  `${kind.replace('_', '-')}-${region}-${Date.now().toString(36)}`;

type ImportTarget = { kind: SpatialLayerKind; name: string; id: string };

/**
 * The province's spatial layers: the list (kind, name, features, region, imported when and by whom),
 * an import (GeoJSON, a zipped Shapefile or KML; all features or none), replacing a layer with a new
 * file and removing one. The service decides who may: the console signs in admins only, and the routes
 * check role and region again.
 */
export function LayersScreen({ me }: { me: MeResponse }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const canImport = me.account.role === 'admin';
  const region = me.account.scope;
  const list = useLoad(() => apiJson<AdminLayerListResponse>('GET', layerAdminPaths.list));
  const [kind, setKind] = useState<SpatialLayerKind>('division');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const [problems, setProblems] = useState<LayerProblem[]>([]);

  const start = (what: string) => {
    setBusy(what);
    setDone(null);
    setFailure(null);
    setDetail(null);
    setProblems([]);
  };
  const fail = (error: unknown) => {
    const named = error instanceof ApiError ? error.details.filter(isLayerProblem) : [];
    setProblems(named);
    const file = error instanceof ApiError ? fileProblemOf(error.details) : null;
    setFailure(
      named.length > 0
        ? t('layers.problems', { count: named.length })
        : file !== null
          ? t('layers.fileRefused', { reason: t(`layers.fileProblems.${file}`) })
          : errorText(error),
    );
    // The service's own words, for whoever reads further (a parser's message is not translated).
    setDetail(file !== null && error instanceof Error ? error.message : null);
  };

  const importFile = async (file: File, target: ImportTarget) => {
    start(file.name);
    try {
      const query = new URLSearchParams({ ...target, file: file.name });
      const report = await apiUpload<LayerImportReport>(
        `${layerPaths.import}?${query.toString()}`,
        file,
        contentTypeOf(file.name),
      );
      setDone(
        t(report.replaced ? 'layers.replacedDone' : 'layers.importedDone', {
          name: report.name,
          count: report.featureCount,
        }),
      );
      setName('');
      list.reload();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (layer: AdminLayerInfo) => {
    start(layer.name);
    try {
      await apiJson('DELETE', layerAdminPaths.remove(layer.id));
      setDone(t('layers.removedDone', { name: layer.name }));
      list.reload();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(null);
    }
  };

  const uploadOf = (target: () => ImportTarget | null, label: string, primary: boolean) => (
    <Upload
      accept=".geojson,.json,.zip,.kml"
      showUploadList={false}
      beforeUpload={(file) => {
        const wanted = target();
        if (wanted !== null) {
          void importFile(file, wanted);
        }
        return false;
      }}
    >
      <Button
        type={primary ? 'primary' : 'default'}
        size={primary ? 'middle' : 'small'}
        disabled={busy !== null}
      >
        {label}
      </Button>
    </Upload>
  );

  const kindLabel = (k: SpatialLayerKind) => t(`layers.kinds.${k}`);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('layers.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('layers.hint')}</Typography.Paragraph>
      {canImport && (
        <Form layout="inline" data-testid="layer-import">
          <Form.Item label={t('layers.kind')}>
            <Select<SpatialLayerKind>
              aria-label={t('layers.kind')}
              style={{ width: 180 }}
              value={kind}
              onChange={setKind}
              options={spatialLayerKinds.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
          </Form.Item>
          <Form.Item label={t('layers.name')}>
            <Input
              aria-label={t('layers.name')}
              style={{ width: 240 }}
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </Form.Item>
          <Form.Item>
            {name.trim() === '' ? (
              <Button type="primary" disabled>
                {t('layers.choose')}
              </Button>
            ) : (
              uploadOf(
                () => ({ kind, name: name.trim(), id: newLayerId(kind, region) }),
                busy === null ? t('layers.choose') : t('layers.importing', { name: busy }),
                true,
              )
            )}
          </Form.Item>
        </Form>
      )}
      {done !== null && <Alert type="success" title={done} data-testid="layer-done" />}
      {failure !== null && (
        <Alert
          type="error"
          title={failure}
          data-testid="layer-failure"
          {...(detail === null ? {} : { description: detail })}
        />
      )}
      {problems.length > 0 && (
        <Table<LayerProblem & { key: number }>
          data-testid="layer-problems"
          size="small"
          dataSource={problems.map((p, i) => ({ ...p, key: i }))}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('layers.feature'), dataIndex: 'feature', width: 90 },
            { title: t('layers.name'), render: (_, p) => p.name ?? '—', width: 200 },
            {
              title: t('layers.problem'),
              render: (_, p) =>
                (layerFeatureProblemCodes as readonly string[]).includes(p.code)
                  ? t(`layers.problemCodes.${p.code}`)
                  : p.message,
            },
          ]}
        />
      )}
      {list.error !== null && <Alert type="error" title={errorText(list.error)} />}
      <Table<AdminLayerInfo>
        data-testid="layers"
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.layers ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('layers.kind'), render: (_, l) => kindLabel(l.kind), width: 140 },
          { title: t('layers.name'), dataIndex: 'name' },
          { title: t('layers.features'), dataIndex: 'featureCount', width: 100 },
          { title: t('common.region'), dataIndex: 'region', width: 90 },
          {
            title: t('layers.source'),
            render: (_, l) => `${l.sourceName} (${t(`layers.formats.${l.sourceFormat}`)})`,
          },
          {
            title: t('layers.imported'),
            render: (_, l) =>
              t('layers.importedBy', {
                at: formatTime(l.importedAt, i18n.language, t('common.never')),
                by: l.importedBy,
                version: l.version,
              }),
          },
          ...(canImport
            ? [
                {
                  title: t('common.actions'),
                  width: 180,
                  render: (_: unknown, l: AdminLayerInfo) => (
                    <Space>
                      {uploadOf(() => ({ kind: l.kind, name: l.name, id: l.id }), t('layers.replace'), false)}
                      <Popconfirm
                        title={t('layers.removeConfirm', { name: l.name })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => void remove(l)}
                      >
                        <Button size="small" danger disabled={busy !== null}>
                          {t('layers.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
