import { DeleteOutlined, PauseOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, List, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HostMethod, TileArea } from '#shared/host/contract/index';
import { useHost } from '../../host/host-context';
import { formatBytes } from './area-format';

const stateColours: Record<TileArea['state'], string> = {
  downloading: 'processing',
  paused: 'warning',
  interrupted: 'error',
  complete: 'success',
};

/** The offline areas on this laptop: progress, pause/resume/cancel, rename, delete, size. */
export function AreaList({
  areas,
  onChanged,
}: {
  readonly areas: readonly TileArea[];
  readonly onChanged: () => void;
}) {
  const { t } = useTranslation('map');
  const host = useHost();
  const { message } = App.useApp();
  const act = async (
    method: Extract<HostMethod, `tiles.${'pause' | 'resume' | 'cancel'}Download` | 'tiles.deleteArea'>,
    areaId: string,
  ) => {
    const r = await host.call(method, { areaId });
    if (!r.ok) {
      void message.error(r.error.message);
    }
    onChanged();
  };
  const rename = async (areaId: string, name: string) => {
    if (name.trim() === '') {
      return;
    }
    const r = await host.call('tiles.renameArea', { areaId, name });
    if (!r.ok) {
      void message.error(r.error.message);
    }
    onChanged();
  };
  if (areas.length === 0) {
    return <Empty description={t('areas.none')} />;
  }
  return (
    <List
      data-testid="area-list"
      dataSource={[...areas]}
      renderItem={(a) => {
        const percent = a.total === 0 ? 100 : Math.floor((a.done / a.total) * 100);
        return (
          <List.Item data-testid={`area-${a.id}`} data-state={a.state}>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap>
                <Typography.Text
                  strong
                  editable={{ onChange: (v) => void rename(a.id, v), tooltip: t('areas.rename') }}
                >
                  {a.name}
                </Typography.Text>
                <Tag color={stateColours[a.state]} data-testid="area-state">
                  {t(`areas.states.${a.state}`)}
                </Tag>
                <Tag>{a.origin === 'import' ? t('areas.imported') : t('areas.downloaded')}</Tag>
                {a.datum === 'gcj02' && <Tag>GCJ-02</Tag>}
              </Space>
              {a.origin === 'download' && a.state !== 'complete' && (
                <Progress
                  percent={percent}
                  size="small"
                  status={
                    a.state === 'interrupted' ? 'exception' : a.state === 'downloading' ? 'active' : 'normal'
                  }
                />
              )}
              <Typography.Text type="secondary">
                {t('areas.summary', {
                  tiles: (a.total - a.missing).toLocaleString(),
                  size: formatBytes(a.sizeBytes),
                  zooms: a.zooms.length > 0 ? `${Math.min(...a.zooms)}–${Math.max(...a.zooms)}` : '—',
                })}
                {a.missing > 0 && ` · ${t('areas.missing', { count: a.missing })}`}
              </Typography.Text>
              {a.error !== null && (
                <Alert type="error" showIcon message={a.error.message} data-testid="area-error" />
              )}
              <Space wrap>
                {a.state === 'downloading' && (
                  <Button
                    size="small"
                    icon={<PauseOutlined />}
                    onClick={() => void act('tiles.pauseDownload', a.id)}
                    data-testid="area-pause"
                  >
                    {t('areas.pause')}
                  </Button>
                )}
                {(a.state === 'paused' || a.state === 'interrupted') && a.origin === 'download' && (
                  <Button
                    size="small"
                    icon={<PlayCircleOutlined />}
                    onClick={() => void act('tiles.resumeDownload', a.id)}
                    data-testid="area-resume"
                  >
                    {t('areas.resume')}
                  </Button>
                )}
                {a.state !== 'complete' && a.origin === 'download' && (
                  <Popconfirm
                    title={t('areas.cancelConfirm')}
                    onConfirm={() => void act('tiles.cancelDownload', a.id)}
                  >
                    <Button size="small" icon={<StopOutlined />}>
                      {t('areas.cancel')}
                    </Button>
                  </Popconfirm>
                )}
                {(a.state === 'complete' || a.origin === 'import') && (
                  <Popconfirm
                    title={t('areas.deleteConfirm', { name: a.name })}
                    onConfirm={() => void act('tiles.deleteArea', a.id)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {t('areas.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}
