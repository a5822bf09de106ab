import { ApiOutlined, DisconnectOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, InputNumber, Select, Space, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baudRates, parities } from '#shared/domain/schemas/equipment';
import type { SerialPortInfo } from '#shared/host/contract/index';
import { failureText, type FailureLike } from './lib/failure-text';
import { cleanPortPath, rememberPort, rememberedPort } from './lib/remembered-port';
import type { DiagnosticsLine } from './lib/use-line';
import type { UpdateWorkbench, Workbench } from './lib/workbench';

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Port and line settings, connect / disconnect, and the line's state in words. The port is picked
 * from the OS list or typed / pasted by hand (COM7, /dev/ttyS0, a virtual port the OS does not list);
 * the port that opened is remembered for the site. A lister that fails is a short notice, and typing
 * still works.
 */
export function ConnectionBar(props: {
  readonly w: Workbench;
  readonly update: UpdateWorkbench;
  readonly line: DiagnosticsLine;
}) {
  const { t } = useTranslation('diagnostics');
  const { w, update, line } = props;
  const [ports, setPorts] = useState<readonly SerialPortInfo[]>([]);
  const [listerFailure, setListerFailure] = useState<FailureLike | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const siteId = w.site?.id ?? null;
  const refresh = useCallback(() => {
    void line.call('serial.listPorts', {}).then((r) => {
      if (r.ok) {
        setListerFailure(null);
        setPorts(r.value);
        // Only a default: a port the crew picked or typed while the list was loading is kept.
        const first = r.value[0]?.path;
        update((prev) => (prev.path === undefined && first !== undefined ? { ...prev, path: first } : prev));
      } else {
        setListerFailure(r);
      }
    });
  }, [line, update]);
  useEffect(refresh, [refresh]);
  // The port last used at this site comes back when the site is chosen.
  useEffect(() => {
    const remembered = rememberedPort(localStore(), siteId);
    if (remembered !== null) {
      update({ path: remembered });
    }
  }, [siteId, update]);

  const open = line.state.state !== 'closed';
  const connect = async () => {
    if (w.path === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    const r = await line.call('diagnostics.open', { path: w.path, serial: w.serial });
    setBusy(false);
    if (r.ok) {
      rememberPort(localStore(), siteId, w.path);
    } else {
      setError(failureText(t, r));
    }
  };
  const disconnect = async () => {
    await line.call('diagnostics.close', {});
  };
  const s = w.serial;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <AutoComplete
          style={{ width: 280 }}
          placeholder={t('connection.typePort')}
          aria-label={t('connection.port')}
          value={w.path ?? ''}
          disabled={open}
          onChange={(text: string) => update({ path: cleanPortPath(text) ?? undefined })}
          options={ports.map((p) => ({
            value: p.path,
            label: p.friendlyName === p.path ? p.path : `${p.friendlyName} (${p.path})`,
          }))}
          filterOption={(input, option) =>
            input === w.path || (option?.value ?? '').toLowerCase().includes(input.toLowerCase())
          }
          notFoundContent={listerFailure === null ? t('connection.noPorts') : null}
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
      {listerFailure !== null && (
        <Alert
          type="info"
          showIcon
          message={t('connection.listerFailed')}
          description={failureText(t, listerFailure)}
          data-testid="diag-lister-failed"
        />
      )}
      {error !== null && (
        <Alert
          type="error"
          showIcon
          message={error}
          closable
          onClose={() => setError(null)}
          data-testid="diag-connect-error"
        />
      )}
      {line.state.state === 'closed' && line.state.message !== null && (
        <Alert
          type="warning"
          showIcon
          message={failureText(t, { code: 'io', cause: line.state.cause ?? { kind: 'port-closed' } })}
          data-testid="diag-line-message"
        />
      )}
    </Space>
  );
}
