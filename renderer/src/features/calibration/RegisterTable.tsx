import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CertificatePhotos } from './CertificatePhotos';
import { instrumentLabel, statusColor } from './labels';
import type { RegisterRow } from './use-register';

/** The register's rows: instrument, verdict, the certificate in force and when it falls due. */
export function RegisterTable(props: { readonly rows: readonly RegisterRow[]; readonly showSite: boolean }) {
  const { t } = useTranslation('calibration');
  return (
    <Table<RegisterRow>
      size="small"
      rowKey="equipmentId"
      dataSource={[...props.rows]}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      locale={{ emptyText: t('page.empty') }}
      onRow={(row) => ({ 'data-testid': `calibration-row-${row.status}` }) as never}
      columns={[
        ...(props.showSite
          ? [
              {
                key: 'site',
                title: t('columns.site'),
                render: (_: unknown, row: RegisterRow) =>
                  row.site === null ? (
                    row.siteId
                  ) : (
                    <a href={`#/sites/${encodeURIComponent(row.site.id)}`}>
                      {row.site.name} · {row.site.code}
                    </a>
                  ),
              },
            ]
          : []),
        {
          key: 'instrument',
          title: t('columns.instrument'),
          render: (_: unknown, row) => instrumentLabel(t, row.equipment),
        },
        {
          key: 'status',
          title: t('columns.status'),
          render: (_: unknown, row) => (
            <Tag color={statusColor[row.status]} data-testid="calibration-status">
              {t(`status.${row.status}`)}
            </Tag>
          ),
        },
        {
          key: 'last',
          title: t('columns.last'),
          render: (_: unknown, row) =>
            row.last === null ? (
              row.basis === 'installed' && row.equipment.installedOn !== null ? (
                <Typography.Text type="secondary">
                  {t('basis.installed', { day: row.equipment.installedOn })}
                </Typography.Text>
              ) : (
                '—'
              )
            ) : (
              `${row.last.record.calibratedOn} · ${t(`kinds.${row.last.record.kind}`)} · ${t(
                `results.${row.last.record.result}`,
              )}`
            ),
        },
        {
          key: 'certificate',
          title: t('columns.certificate'),
          render: (_: unknown, row) => row.last?.record.certificateNo ?? '—',
        },
        {
          key: 'institution',
          title: t('columns.institution'),
          render: (_: unknown, row) => row.last?.record.institution ?? '—',
        },
        {
          key: 'interval',
          title: t('columns.interval'),
          render: (_: unknown, row) =>
            row.intervalMonths === null ? '—' : t('months', { count: row.intervalMonths }),
        },
        {
          key: 'nextDue',
          title: t('columns.nextDue'),
          render: (_: unknown, row) =>
            row.nextDue === null || row.daysLeft === null ? (
              '—'
            ) : (
              <span data-testid="calibration-next-due">
                {row.nextDue}{' '}
                <Typography.Text type={row.daysLeft <= 0 ? 'danger' : 'secondary'}>
                  {row.daysLeft <= 0
                    ? t('daysOver', { count: -row.daysLeft })
                    : t('daysLeft', { count: row.daysLeft })}
                </Typography.Text>
              </span>
            ),
        },
        {
          key: 'photos',
          title: t('columns.photos'),
          render: (_: unknown, row) =>
            row.last === null ? '—' : <CertificatePhotos ids={row.last.photoIds} />,
        },
      ]}
    />
  );
}
