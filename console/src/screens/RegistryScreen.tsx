import { Alert, Button, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { platformPaths, type ImportReport, type RowProblem } from '#shared/sync/index';
import { ApiError, apiUpload } from '../api';
import { useErrorText } from '../errors';

const xlsxMime = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function isRowProblem(value: unknown): value is RowProblem {
  const p = value as Partial<RowProblem> | null;
  return typeof p?.row === 'number' && typeof p.reason === 'string';
}

/** The site registry import: all rows or none; a refused file's problems are listed row by row. */
export function RegistryScreen() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setBusy(file.name);
    setReport(null);
    setProblems([]);
    setFailure(null);
    try {
      const type = file.name.toLowerCase().endsWith('.xlsx') ? xlsxMime : 'text/csv';
      setReport(await apiUpload<ImportReport>(platformPaths.registryImport, file, type));
    } catch (error) {
      const rows = error instanceof ApiError ? error.details.filter(isRowProblem) : [];
      setProblems(rows);
      setFailure(rows.length > 0 ? t('registry.problems', { count: rows.length }) : errorText(error));
    } finally {
      setBusy(null);
    }
  };

  const counts = (c: { created: number; updated: number }) =>
    `${t('registry.created', { count: c.created })} · ${t('registry.updatedCount', { count: c.updated })}`;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('registry.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('registry.hint')}</Typography.Paragraph>
      <Upload
        accept=".csv,.xlsx"
        showUploadList={false}
        beforeUpload={(file) => {
          void importFile(file);
          return false;
        }}
      >
        <Button type="primary" loading={busy !== null}>
          {busy === null ? t('registry.choose') : t('registry.importing', { name: busy })}
        </Button>
      </Upload>
      {report !== null && (
        <Alert
          type="success"
          title={t('registry.done', { rows: report.rows })}
          description={
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('registry.sites')}>{counts(report.sites)}</Descriptions.Item>
              <Descriptions.Item label={t('registry.waterUsers')}>
                {counts(report.waterUsers)}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.permits')}>{counts(report.permits)}</Descriptions.Item>
            </Descriptions>
          }
        />
      )}
      {failure !== null && <Alert type="error" title={failure} />}
      {problems.length > 0 && (
        <Table<RowProblem & { key: number }>
          data-testid="import-problems"
          size="small"
          dataSource={problems.map((p, i) => ({ ...p, key: i }))}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('registry.row'), dataIndex: 'row', width: 90 },
            { title: t('registry.column'), render: (_, p) => p.column ?? '—', width: 200 },
            { title: t('registry.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}
