import { CloudUploadOutlined, DownloadOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { App, Button, Card, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncController } from '../../sync/controller';
import type { SiteChoice } from '../../sync/refusal-actions';
import { refusalReason, type RefusalAction } from '../../sync/refusal-reason';
import type { Refusal } from '../../sync/refusal-store';
import type { SyncState } from '../../sync/sync-store';
import { formatDateTime } from '../../i18n/format';

/** Saves a JSON file through the browser's download (both shells). */
function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}

const actionIcon: Record<RefusalAction, React.ReactNode> = {
  resend: <CloudUploadOutlined />,
  move: <EnvironmentOutlined />,
  export: <DownloadOutlined />,
};

/**
 * The records the service refused, each with its reason in the crew's language, what to do, and one
 * action each (resend, move to a site of the region, export for a supervisor). Nothing here retries by
 * itself or removes a record.
 */
export function RefusedRecords({
  controller,
  state,
}: {
  readonly controller: SyncController;
  readonly state: SyncState;
}) {
  const { t, i18n } = useTranslation('sync');
  const { message } = App.useApp();
  const [moving, setMoving] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const region = state.settings?.account.scope ?? null;
  const when = (ms: number) => formatDateTime(ms, i18n.language);

  const reasonOf = (r: Refusal) =>
    refusalReason(r, {
      region,
      division: typeof r.params['division'] === 'string' ? r.params['division'] : null,
      present: true,
    });
  const render = (r: Refusal) => {
    const reason = reasonOf(r);
    return {
      reason: t(`refusals.${reason.reasonKey}`, reason.params),
      advice: t(`refusals.${reason.adviceKey}`, reason.params),
    };
  };

  const exportRefusals = async (list: readonly Refusal[]) => {
    const settings = state.settings;
    const file = await controller.refusals.exportFile(
      list,
      render,
      settings === null ? null : { username: settings.account.username, region: settings.account.scope },
      settings?.deviceId ?? null,
    );
    const stamp = file.exportedAt.replace(/[:.]/g, '-');
    const name = list.length === 1 ? `${list[0]!.collection}-${list[0]!.id}` : `${list.length}`;
    downloadJson(`wrm-refused-${name}-${stamp}.json`, file);
    void message.success(t('refusals.exported', { count: list.length }));
  };

  const act = async (r: Refusal, action: RefusalAction) => {
    setBusy(`${r.collection}/${r.id}`);
    try {
      if (action === 'export') {
        await exportRefusals([r]);
      } else if (action === 'resend') {
        if (await controller.refusals.resend(r.collection, r.id)) {
          void message.info(t('refusals.resent'));
        }
      } else {
        setMoving(r);
      }
    } finally {
      setBusy(null);
    }
  };

  if (state.refusals.length === 0) {
    return null;
  }
  return (
    <Card
      size="small"
      title={<Typography.Text type="danger">{t('refusals.title')}</Typography.Text>}
      data-testid="sync-refusals"
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() => void exportRefusals(state.refusals)}
          data-testid="refusals-export-all"
        >
          {t('refusals.exportAll')}
        </Button>
      }
    >
      <List
        size="small"
        dataSource={[...state.refusals]}
        rowKey={(r) => `${r.collection}/${r.id}`}
        renderItem={(r) => {
          const reason = reasonOf(r);
          const text = render(r);
          return (
            <List.Item
              data-testid="refusal-item"
              data-record={`${r.collection}/${r.id}`}
              actions={reason.actions.map((action, index) => (
                <Button
                  key={action}
                  size="small"
                  type={index === 0 ? 'primary' : 'default'}
                  icon={actionIcon[action]}
                  loading={busy === `${r.collection}/${r.id}`}
                  onClick={() => void act(r, action)}
                  data-testid={`refusal-${action}`}
                >
                  {t(`refusals.actions.${action}`)}
                </Button>
              ))}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Tag color="red">{t('recordStatus.refused')}</Tag>
                    <span>{t(`collections.${r.collection}`)}</span>
                    <Typography.Text code copyable={{ text: r.id }}>
                      {r.id}
                    </Typography.Text>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    <Typography.Text type="danger" data-testid="refusal-reason">
                      {text.reason}
                    </Typography.Text>
                    <Typography.Text data-testid="refusal-advice">{text.advice}</Typography.Text>
                    <Typography.Text type="secondary">
                      {[
                        t('refusals.refusedAt', { time: when(r.refusedAt) }),
                        r.times > 1 ? t('refusals.times', { count: r.times }) : null,
                        r.exportedAt === null ? null : t('refusals.exportedAt', { time: when(r.exportedAt) }),
                      ]
                        .filter((x) => x !== null)
                        .join(' · ')}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      {moving !== null && (
        <MoveDialog controller={controller} refusal={moving} onClose={() => setMoving(null)} />
      )}
    </Card>
  );
}

function MoveDialog({
  controller,
  refusal,
  onClose,
}: {
  readonly controller: SyncController;
  readonly refusal: Refusal;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation('sync');
  const { message } = App.useApp();
  const [sites, setSites] = useState<readonly SiteChoice[] | null>(null);
  const [siteId, setSiteId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void controller.refusals.siteChoices(refusal.collection, refusal.id).then((found) => {
      if (current) {
        setSites(found);
      }
    });
    return () => {
      current = false;
    };
  }, [controller, refusal]);

  const confirm = async () => {
    if (siteId === null) {
      return;
    }
    setBusy(true);
    const outcome = await controller.refusals.move(refusal.collection, refusal.id, siteId);
    setBusy(false);
    if (outcome.ok) {
      const site = sites?.find((s) => s.id === siteId);
      void message.success(t('refusals.moved', { site: site ? `${site.code} ${site.name}` : siteId }));
      onClose();
    } else {
      void message.error(t(`refusals.moveFailed.${outcome.reason}`));
    }
  };

  return (
    <Modal
      open
      title={t('refusals.moveTitle')}
      onCancel={onClose}
      onOk={() => void confirm()}
      okText={t('refusals.moveOk')}
      cancelText={t('refusals.cancel')}
      okButtonProps={{ disabled: siteId === null, loading: busy, 'data-testid': 'refusal-move-ok' }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('refusals.moveIntro')}</Typography.Paragraph>
        {sites !== null && sites.length === 0 ? (
          <Typography.Text type="warning">{t('refusals.moveNone')}</Typography.Text>
        ) : (
          <Select
            style={{ width: '100%' }}
            showSearch
            loading={sites === null}
            placeholder={t('refusals.movePick')}
            optionFilterProp="label"
            value={siteId}
            onChange={setSiteId}
            data-testid="refusal-move-site"
            options={(sites ?? []).map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
          />
        )}
      </Space>
    </Modal>
  );
}
