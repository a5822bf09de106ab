import { ApiOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gnssBaudRates, type GnssStatus } from '#shared/host/contract/gnss';
import type { SerialPortInfo } from '#shared/host/contract/index';
import { useHost } from '../../host/host-context';

/** A GNSS receiver on a serial port: choose the port and baud rate (or auto), see what it sends. */
export function GnssPanel() {
  const { t } = useTranslation('map');
  const host = useHost();
  const [ports, setPorts] = useState<readonly SerialPortInfo[]>([]);
  const [path, setPath] = useState<string | undefined>();
  const [baud, setBaud] = useState<number | 'auto'>('auto');
  const [status, setStatus] = useState<GnssStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void host.call('serial.listPorts', {}).then((r) => r.ok && setPorts(r.value));
    void host.call('gnss.status', {}).then((r) => r.ok && setStatus(r.value));
    return host.subscribe('gnss.status', setStatus);
  }, [host]);

  const start = async () => {
    if (path === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    const r = await host.call('gnss.start', { path, baudRate: baud });
    setBusy(false);
    if (r.ok) {
      setStatus(r.value);
    } else {
      setError(r.error.message);
    }
  };
  const stop = async () => {
    const r = await host.call('gnss.stop', {});
    if (r.ok) {
      setStatus(r.value);
    }
  };
  const running = status !== null && status.state !== 'off' && status.state !== 'error';
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="gnss-panel">
      <Typography.Text type="secondary">{t('gnss.title')}</Typography.Text>
      <Select
        size="small"
        placeholder={t('gnss.port')}
        value={path}
        onChange={setPath}
        options={ports.map((p) => ({
          value: p.path,
          label: p.friendlyName === p.path ? p.path : `${p.friendlyName} (${p.path})`,
        }))}
        notFoundContent={t('gnss.noPorts')}
        disabled={running}
        style={{ width: '100%' }}
      />
      <Space>
        <Select
          size="small"
          value={baud}
          onChange={setBaud}
          disabled={running}
          options={[
            { value: 'auto' as const, label: t('gnss.auto') },
            ...gnssBaudRates.map((b) => ({ value: b, label: `${b} bps` })),
          ]}
          style={{ width: 120 }}
        />
        {running ? (
          <Button size="small" icon={<DisconnectOutlined />} onClick={() => void stop()}>
            {t('gnss.disconnect')}
          </Button>
        ) : (
          <Button
            size="small"
            icon={<ApiOutlined />}
            loading={busy}
            disabled={path === undefined}
            onClick={() => void start()}
          >
            {t('gnss.connect')}
          </Button>
        )}
      </Space>
      {status !== null && status.state !== 'off' && status.state !== 'error' && (
        <Typography.Text type={status.state === 'fix' ? 'success' : 'secondary'} data-testid="gnss-state">
          {t(`gnss.states.${status.state}`, { baud: status.baudRate ?? '' })}
        </Typography.Text>
      )}
      {(error ?? (status?.state === 'error' ? status.message : null)) !== null && (
        <Alert type="warning" showIcon message={error ?? status?.message} />
      )}
    </Space>
  );
}
