import { Alert, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consolePaths, type ConsoleAuditEntry } from '#shared/sync/console';
import { apiJson } from '../api';
import { useErrorText } from '../errors';
import { formatTime } from '../format';
import { useLoad } from '../useLoad';

const pageSize = 100;

/** The audit log of the region, newest first, a page at a time. */
export function AuditScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before[before.length - 1];
  const entries = useLoad(() =>
    apiJson<{ entries: ConsoleAuditEntry[] }>(
      'GET',
      `${consolePaths.audit}?limit=${pageSize}${cursor === undefined ? '' : `&before=${cursor}`}`,
    ),
  );
  const list = entries.data?.entries ?? [];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('audit.title')}
        </Typography.Title>
        <Button
          onClick={() => {
            setBefore([]);
            entries.reload();
          }}
        >
          {t('common.refresh')}
        </Button>
      </Space>
      <Typography.Text type="secondary">{t('audit.hint')}</Typography.Text>
      {entries.error !== null && <Alert type="error" title={errorText(entries.error)} />}
      <Table<ConsoleAuditEntry>
        rowKey="id"
        data-testid="audit-table"
        size="small"
        loading={entries.loading}
        dataSource={list}
        pagination={false}
        columns={[
          { title: t('audit.at'), render: (_, e) => formatTime(e.at, i18n.language, ''), width: 170 },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.action'), dataIndex: 'action' },
          { title: t('audit.subject'), render: (_, e) => e.subject ?? '—' },
          {
            title: t('audit.detail'),
            render: (_, e) => (
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {e.detail === null ? '—' : JSON.stringify(e.detail)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {list.length === pageSize && (
        <Button
          onClick={() => {
            setBefore((b) => [...b, list[list.length - 1]!.id]);
            entries.reload();
          }}
        >
          {t('audit.more')}
        </Button>
      )}
    </Space>
  );
}
