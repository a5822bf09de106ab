import { ExperimentOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLaunch, useLaunchMode } from './launch-choice';
import { navigate } from './router';

/**
 * The first launch asks, explicitly: enrol this laptop with the province's service, or explore the
 * demo province (marked as demo on every page, never synced). Once chosen it is not asked again.
 */
export function FirstLaunch() {
  const { t } = useTranslation('common');
  const mode = useLaunchMode();
  return (
    <Modal
      open={mode === 'undecided'}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={null}
      title={t('launch.title')}
      data-testid="first-launch"
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('launch.intro')}</Typography.Paragraph>
        <Button
          type="primary"
          block
          icon={<SafetyCertificateOutlined />}
          data-testid="first-launch-enrol"
          onClick={() => {
            chooseLaunch('enrol');
            navigate('/sync');
          }}
        >
          {t('launch.enrol')}
        </Button>
        <Typography.Text type="secondary">{t('launch.enrolHint')}</Typography.Text>
        <Button
          block
          icon={<ExperimentOutlined />}
          data-testid="first-launch-demo"
          onClick={() => chooseLaunch('demo')}
        >
          {t('launch.demo')}
        </Button>
        <Typography.Text type="secondary">{t('launch.demoHint')}</Typography.Text>
      </Space>
    </Modal>
  );
}

/** On every page of a laptop not enrolled: this is the demo province, and nothing here is synced. */
export function DemoBadge() {
  const { t } = useTranslation('common');
  const mode = useLaunchMode();
  if (mode !== 'demo' && mode !== 'undecided') {
    return null;
  }
  return (
    <Tooltip title={t('launch.badgeHint')}>
      <Tag
        color="purple"
        icon={<ExperimentOutlined />}
        data-testid="demo-badge"
        onClick={() => navigate('/sync')}
      >
        {t('launch.badge')}
      </Tag>
    </Tooltip>
  );
}
