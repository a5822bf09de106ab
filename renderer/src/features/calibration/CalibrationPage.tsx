import { Card, Space, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { outOfCalibration } from '#shared/verdicts/calibration';
import { PolicyInForce, usePolicy } from '../../policy/index';
import { RegisterTable } from './RegisterTable';
import { useCalibrationRegister } from './use-register';

/** 检定/校准台账: overdue and failed instruments first, then those due soon, then every instrument. */
export function CalibrationPage() {
  const { t } = useTranslation('calibration');
  const policy = usePolicy();
  const register = useCalibrationRegister();
  const [tab, setTab] = useState('attention');
  if (register === null) {
    return <Spin tip={t('page.loading')} />;
  }
  const attention = register.filter((r) => outOfCalibration(r) || r.status === 'unrecorded');
  const dueSoon = register.filter((r) => r.status === 'due_soon');
  const all = register.filter((r) => r.status !== 'not_required');
  return (
    <Card title={t('page.title')} data-testid="calibration-page">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('page.intro')}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('page.policy', { days: policy.calibration.dueSoonDays })} <PolicyInForce />
        </Typography.Text>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'attention',
              label: (
                <span data-testid="calibration-tab-attention">
                  {t('page.tabs.attention', { count: attention.length })}
                </span>
              ),
              children: <RegisterTable rows={attention} showSite />,
            },
            {
              key: 'dueSoon',
              label: (
                <span data-testid="calibration-tab-due-soon">
                  {t('page.tabs.dueSoon', { count: dueSoon.length })}
                </span>
              ),
              children: <RegisterTable rows={dueSoon} showSite />,
            },
            {
              key: 'all',
              label: t('page.tabs.all', { count: all.length }),
              children: <RegisterTable rows={all} showSite />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
