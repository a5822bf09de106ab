import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, List, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SerialPortInfo } from '#shared/host/contract/index';
import type { Failure } from '#shared/result';
import { failureCodes } from './failure-codes';
import { useHost } from '../../host/host-context';
import { PolicyInForce } from '../../policy/index';
import { TileSourcesCard } from '../map/index';

export function SettingsPage() {
  const { t } = useTranslation(['settings', 'common']);
  const host = useHost();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [ports, setPorts] = useState<readonly SerialPortInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [listerFailure, setListerFailure] = useState<Failure | null>(null);

  const loadPorts = useCallback(
    () =>
      host.call('serial.listPorts', {}).then((result) => {
        if (result.ok) {
          setListerFailure(null);
          setPorts(result.value);
        } else {
          setListerFailure(result.error);
        }
      }),
    [host],
  );

  useEffect(() => {
    let live = true;
    void host.call('app.info', {}).then((result) => {
      if (!live) {
        return;
      }
      if (result.ok) {
        setInfo(result.value);
      } else {
        setError(result.error.code);
      }
    });
    void loadPorts();
    return () => {
      live = false;
    };
  }, [host, loadPorts]);

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          message={t('settings:hostError', { message: t(`common:errors.${error}`) })}
        />
      )}
      <Card title={t('settings:about')} data-testid="about-card">
        {info && (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('settings:version')}>
              <span data-testid="app-version">{info.version}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('settings:shell')}>
              <span data-testid="app-shell">{t(`common:status.shell.${info.shell}`)}</span>
            </Descriptions.Item>
            <Descriptions.Item
              label={t('settings:platform')}
            >{`${info.platform} ${info.arch}`}</Descriptions.Item>
            <Descriptions.Item label={t('settings:syncService')}>
              {info.syncServiceUrl ?? t('settings:notConfigured')}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings:policy')}>
              <PolicyInForce />
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <TileSourcesCard />
      <Card
        title={t('settings:serialPorts')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void loadPorts()}>
            {t('settings:refreshPorts')}
          </Button>
        }
      >
        {listerFailure !== null && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="ports-unavailable"
            message={t('settings:portsUnavailable')}
            description={t('settings:portsUnavailableCause', { codes: failureCodes(listerFailure) })}
          />
        )}
        <List
          data-testid="serial-ports"
          locale={{ emptyText: t('settings:noPorts') }}
          dataSource={ports ?? []}
          renderItem={(port) => (
            <List.Item>
              <List.Item.Meta title={port.friendlyName} description={port.path} />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
