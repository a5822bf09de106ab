import { Alert, Button, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { platformPaths } from '#shared/sync/index';
import { apiDownload } from '../api';
import { useErrorText } from '../errors';

type ReportForm = { region: string; month: string; kind: 'monthly' | 'rectification' };

/** The previous month, YYYY-MM, in China's time: the month a report is usually drawn for. */
function lastMonth(now = new Date()): string {
  const shanghai = new Date(now.getTime() + 8 * 3_600_000);
  const d = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Downloads the 月报 or 整改反馈 workbook of a region within the admin's. */
export function ReportsScreen({ scope }: { scope: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const download = async (values: ReportForm) => {
    setBusy(true);
    setNotice(null);
    try {
      const query = new URLSearchParams({ region: values.region, month: values.month, kind: values.kind });
      const { blob, name } = await apiDownload(
        `${platformPaths.monthlyReportXlsx}?${query.toString()}`,
        `${values.kind}-${values.region}-${values.month}.xlsx`,
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNotice({ type: 'success', text: t('reports.downloaded', { file: name }) });
    } catch (error) {
      setNotice({ type: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: 420 }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      <Form<ReportForm>
        layout="vertical"
        initialValues={{ region: scope, month: lastMonth(), kind: 'monthly' }}
        onFinish={(values) => void download(values)}
      >
        <Form.Item
          name="region"
          label={t('reports.region')}
          rules={[{ required: true, pattern: /^(\d{2}|\d{4}|\d{6})$/, message: t('signIn.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="month"
          label={t('reports.month')}
          rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: 'YYYY-MM' }]}
        >
          <Input placeholder="YYYY-MM" />
        </Form.Item>
        <Form.Item name="kind" label={t('reports.kind')}>
          <Select
            aria-label={t('reports.kind')}
            options={[
              { value: 'monthly', label: t('reports.monthly') },
              { value: 'rectification', label: t('reports.rectification') },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('reports.download')}
        </Button>
      </Form>
      {notice !== null && <Alert type={notice.type} title={notice.text} />}
    </Space>
  );
}
