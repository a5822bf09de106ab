import { ApiOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Datum } from '#shared/geo/coords';
import type { TileSourceKind } from '#shared/geo/tile-sources';
import type { TileSourceInfo, TilesSettings } from '#shared/host/contract/index';
import { useHost } from '../../host/host-context';

type Draft = {
  id?: string;
  name: string;
  kind: TileSourceKind;
  urlTemplate: string;
  subdomains: string;
  datum: Datum;
  minZoom: number;
  maxZoom: number;
  key: string;
};

const blank: Draft = {
  name: '',
  kind: 'tianditu-vector',
  urlTemplate: '',
  subdomains: '',
  datum: 'wgs84',
  minZoom: 1,
  maxZoom: 18,
  key: '',
};

/** Settings › 离线地图: tile sources (天地图 with the user's key, or any XYZ template) and download limits. */
export function TileSourcesCard() {
  const { t } = useTranslation('map');
  const host = useHost();
  const { message } = App.useApp();
  const [sources, setSources] = useState<readonly TileSourceInfo[]>([]);
  const [settings, setSettings] = useState<TilesSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [testing, setTesting] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  const load = useCallback(() => setVersion((v) => v + 1), []);
  useEffect(() => {
    let live = true;
    void Promise.all([host.call('tiles.listSources', {}), host.call('tiles.getSettings', {})]).then(
      ([s, st]) => {
        if (!live) {
          return;
        }
        if (s.ok) {
          setSources(s.value);
        }
        if (st.ok) {
          setSettings(st.value);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [host, version]);

  const save = async () => {
    if (draft === null) {
      return;
    }
    const r = await host.call('tiles.saveSource', {
      source: {
        ...(draft.id === undefined ? {} : { id: draft.id }),
        name: draft.name,
        kind: draft.kind,
        urlTemplate: draft.kind === 'xyz' ? draft.urlTemplate.trim() : null,
        subdomains: draft.subdomains.split(/[\s,]+/).filter((s) => s !== ''),
        datum: draft.kind === 'xyz' ? draft.datum : 'wgs84',
        minZoom: draft.minZoom,
        maxZoom: draft.maxZoom,
      },
      // Empty keeps the stored key when editing; a new source without a key has none.
      ...(draft.key.trim() === '' ? {} : { key: draft.key.trim() }),
    });
    if (r.ok) {
      setDraft(null);
      void message.success(t('sources.saved', { name: r.value.name }));
      load();
    } else {
      void message.error(r.error.message);
    }
  };
  const test = async (id: string) => {
    setTesting(id);
    const r = await host.call('tiles.testSource', { id });
    setTesting(null);
    if (r.ok) {
      void message.success(
        t('sources.testOk', { format: r.value.format.toUpperCase(), bytes: r.value.bytes }),
      );
    } else {
      void message.error(t('sources.testFailed', { message: r.error.message }));
    }
  };
  const remove = async (id: string) => {
    await host.call('tiles.deleteSource', { id });
    load();
  };
  const saveSettings = async (next: TilesSettings) => {
    const r = await host.call('tiles.saveSettings', next);
    if (r.ok) {
      setSettings(r.value);
    } else {
      void message.error(r.error.message);
    }
  };

  return (
    <Card
      title={t('sources.title')}
      data-testid="tile-sources"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setDraft(blank)} data-testid="add-source">
          {t('sources.add')}
        </Button>
      }
    >
      <List
        locale={{ emptyText: t('sources.none') }}
        dataSource={[...sources]}
        renderItem={(s) => (
          <List.Item
            data-testid={`source-${s.name}`}
            actions={[
              <Button
                key="test"
                size="small"
                icon={<ApiOutlined />}
                loading={testing === s.id}
                onClick={() => void test(s.id)}
              >
                {t('sources.test')}
              </Button>,
              <Button
                key="edit"
                size="small"
                icon={<EditOutlined />}
                onClick={() =>
                  setDraft({
                    id: s.id,
                    name: s.name,
                    kind: s.kind,
                    urlTemplate: s.urlTemplate ?? '',
                    subdomains: s.subdomains.join(','),
                    datum: s.datum,
                    minZoom: s.minZoom,
                    maxZoom: s.maxZoom,
                    key: '',
                  })
                }
              >
                {t('sources.edit')}
              </Button>,
              <Popconfirm
                key="delete"
                title={t('sources.deleteConfirm', { name: s.name })}
                onConfirm={() => void remove(s.id)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} />
              </Popconfirm>,
            ]}
          >
            <List.Item.Meta
              title={
                <Space>
                  {s.name}
                  <Tag>{t(`sources.kinds.${s.kind}`)}</Tag>
                  <Tag>{t(`datums.${s.datum}`)}</Tag>
                </Space>
              }
              description={
                s.kind === 'xyz'
                  ? s.urlTemplate
                  : s.hasKey
                    ? t('sources.keySaved', { hint: s.keyHint ?? '' })
                    : t('sources.keyMissing')
              }
            />
          </List.Item>
        )}
      />
      {settings !== null && (
        <Form layout="inline" style={{ marginTop: 12 }}>
          <Form.Item label={t('sources.cap')}>
            <InputNumber
              min={100}
              max={1_000_000}
              step={1000}
              value={settings.tileCapPerArea}
              onChange={(v) => v !== null && void saveSettings({ ...settings, tileCapPerArea: v })}
              data-testid="tile-cap"
            />
          </Form.Item>
          <Form.Item label={t('sources.onlineFallback')}>
            <Switch
              checked={settings.onlineFallback}
              onChange={(v) => void saveSettings({ ...settings, onlineFallback: v })}
            />
          </Form.Item>
        </Form>
      )}
      <Modal
        open={draft !== null}
        title={draft?.id === undefined ? t('sources.add') : t('sources.edit')}
        onCancel={() => setDraft(null)}
        onOk={() => void save()}
        okButtonProps={{ 'data-testid': 'source-save' }}
        destroyOnHidden
      >
        {draft !== null && (
          <Form layout="vertical">
            <Form.Item label={t('sources.name')} required>
              <Input
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                data-testid="source-name"
              />
            </Form.Item>
            <Form.Item label={t('sources.kind')}>
              <Select
                value={draft.kind}
                onChange={(kind: TileSourceKind) => setDraft({ ...draft, kind })}
                options={(['tianditu-vector', 'tianditu-imagery', 'xyz'] as const).map((k) => ({
                  value: k,
                  label: t(`sources.kinds.${k}`),
                }))}
                data-testid="source-kind"
              />
            </Form.Item>
            {draft.kind === 'xyz' && (
              <>
                <Form.Item label={t('sources.template')} extra={t('sources.templateHelp')} required>
                  <Input
                    value={draft.urlTemplate}
                    onChange={(e) => setDraft({ ...draft, urlTemplate: e.target.value })}
                    data-testid="source-template"
                  />
                </Form.Item>
                <Form.Item label={t('sources.subdomains')}>
                  <Input
                    value={draft.subdomains}
                    onChange={(e) => setDraft({ ...draft, subdomains: e.target.value })}
                    placeholder="a,b,c"
                  />
                </Form.Item>
                <Form.Item label={t('areas.datum')} extra={t('sources.datumHelp')}>
                  <Radio.Group
                    value={draft.datum}
                    onChange={(e) => setDraft({ ...draft, datum: e.target.value as Datum })}
                  >
                    <Radio value="wgs84">{t('datums.wgs84')}</Radio>
                    <Radio value="gcj02">{t('datums.gcj02')}</Radio>
                  </Radio.Group>
                </Form.Item>
              </>
            )}
            <Space>
              <Form.Item label={t('sources.minZoom')}>
                <InputNumber
                  min={0}
                  max={22}
                  value={draft.minZoom}
                  onChange={(v) => setDraft({ ...draft, minZoom: v ?? 0 })}
                />
              </Form.Item>
              <Form.Item label={t('sources.maxZoom')}>
                <InputNumber
                  min={0}
                  max={22}
                  value={draft.maxZoom}
                  onChange={(v) => setDraft({ ...draft, maxZoom: v ?? 18 })}
                />
              </Form.Item>
            </Space>
            <Form.Item
              label={t('sources.key')}
              extra={draft.kind === 'xyz' ? t('sources.keyHelpXyz') : t('sources.keyHelp')}
            >
              <Input.Password
                value={draft.key}
                onChange={(e) => setDraft({ ...draft, key: e.target.value })}
                autoComplete="off"
                data-testid="source-key"
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
