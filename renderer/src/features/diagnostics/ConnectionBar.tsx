import { ApiOutlined, DisconnectOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, InputNumber, Select, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baudRates, parities } from '../../../../shared/domain/schemas/equipment';
import type { SerialPortInfo } from '../../../../shared/host/contract/index';
import type { DiagnosticsLine } from './lib/use-line';
import type { UpdateWorkbench, Workbench } from './lib/workbench';

/** Port and line settings, connect / disconnect, and the line's state in words. */
export function ConnectionBar(props: {
  readonly w: Workbench;
  readonly update: UpdateWorkbench;
  readonly line: DiagnosticsLine;
}) {
  const { t } = useTranslation('diagnostics');
  const { w, update, line } = props;
  const [ports, setPorts] = useState<readonly SerialPortInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(() => {
    void line.call('serial.listPorts', {}).then((r) => {
      if (r.ok) {
        setPorts(r.value);
        // Only a default: a port the crew picked while the list was loading is kept.
        const first = r.value[0]?.path;
        update((prev) => (prev.path === undefined && first !== undefined ? { ...prev, path: first } : prev));
      }
    });
  }, [line, update]);
  useEffect(refresh, [refresh]);

  const open = line.state.state !== 'closed';
  const connect = async () => {
    if (w.path === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    const r = await line.call('diagnostics.open', { path: w.path, serial: w.serial });
    setBusy(false);
    if (!r.ok) {
      setError(t(`errors.${r.code}`, { defaultValue: '' }) + r.message);
    }
  };
  const disconnect = async () => {
    await line.call('diagnostics.close', {});
  };
  const s = w.serial;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ width: 240 }}
          placeholder={t('connection.port')}
          value={w.path}
          disabled={open}
          onChange={(path: string) => update({ path })}
          options={ports.map((p) => ({
            value: p.path,
            label: p.friendlyName === p.path ? p.path : `${p.friendlyName} (${p.path})`,
          }))}
          notFoundContent={t('connection.noPorts')}
          data-testid="diag-port"
        />
        <Button
          icon={<ReloadOutlined />}
          onClick={refresh}
          disabled={open}
          aria-label={t('connection.refresh')}
        />
        <Select
          style={{ width: 110 }}
          value={s.baudRate}
          disabled={open}
          onChange={(baudRate: number) => update({ serial: { ...s, baudRate } })}
          options={baudRates.map((b) => ({ value: b, label: `${b}` }))}
          data-testid="diag-baud"
        />
        <Select
          style={{ width: 70 }}
          value={s.dataBits}
          disabled={open}
          onChange={(dataBits: 7 | 8) => update({ serial: { ...s, dataBits } })}
          options={[7, 8].map((b) => ({ value: b, label: `${b}` }))}
        />
        <Select
          style={{ width: 100 }}
          value={s.parity}
          disabled={open}
          onChange={(parity: (typeof parities)[number]) => update({ serial: { ...s, parity } })}
          options={parities.map((p) => ({ value: p, label: t(`parity.${p}`) }))}
        />
        <Select
          style={{ width: 70 }}
          value={s.stopBits}
          disabled={open}
          onChange={(stopBits: 1 | 2) => update({ serial: { ...s, stopBits } })}
          options={[1, 2].map((b) => ({ value: b, label: `${b}` }))}
        />
        <InputNumber
          min={1}
          max={247}
          value={w.unitId}
          onChange={(v) => v !== null && update({ unitId: v })}
          prefix={t('connection.unit')}
          style={{ width: 120 }}
          data-testid="diag-unit"
        />
        {open ? (
          <Button
            icon={<DisconnectOutlined />}
            onClick={() => void disconnect()}
            data-testid="diag-disconnect"
          >
            {t('connection.disconnect')}
          </Button>
        ) : (
          <Button
            type="primary"
            icon={<ApiOutlined />}
            loading={busy}
            disabled={w.path === undefined}
            onClick={() => void connect()}
            data-testid="diag-connect"
          >
            {t('connection.connect')}
          </Button>
        )}
        <Tag color={open ? 'green' : 'default'} data-testid="diag-line-state">
          {t(`lineState.${line.state.state}`)}
          {open && line.state.path !== null ? ` · ${line.state.path}` : ''}
        </Tag>
      </Space>
      {error !== null && (
        <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />
      )}
      {line.state.state === 'closed' && line.state.message !== null && (
        <Alert type="warning" showIcon message={line.state.message} data-testid="diag-line-message" />
      )}
    </Space>
  );
}
