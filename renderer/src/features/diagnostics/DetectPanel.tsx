import { RadarChartOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import type { DetectCandidate } from '#shared/diagnostics/auto-detect';
import type { MeterProfile } from '#shared/diagnostics/meter-profile';
import type { DetectProgress } from '#shared/host/contract/index';
import type { DiagnosticsLine } from './lib/use-line';
import type { UpdateWorkbench, Workbench } from './lib/workbench';

export function describeCandidate(c: DetectCandidate, unit: string): string {
  return `${c.baudRate} ${c.dataBits}${c.parity[0]?.toUpperCase() ?? 'N'}${c.stopBits} · ${unit} ${c.unitId}`;
}

/** 自动识别: scan line settings × unit ids, most likely first; connect at the first that answers. */
export function DetectPanel(props: {
  readonly profile?: MeterProfile | undefined;
  readonly w: Workbench;
  readonly update: UpdateWorkbench;
  readonly line: DiagnosticsLine;
}) {
  const { t } = useTranslation('diagnostics');
  const { w, update, line } = props;
  const [progress, setProgress] = useState<DetectProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => line.host.subscribe('diagnostics.detectProgress', setProgress), [line.host]);

  // The registered settings first, then what the crew set on the connection bar.
  const preferred = [
    ...(w.equipment?.serial
      ? [
          {
            baudRate: w.equipment.serial.baudRate,
            parity: w.equipment.serial.parity,
            unitId: w.equipment.modbusUnitId ?? w.unitId,
          },
        ]
      : []),
    { baudRate: w.serial.baudRate, parity: w.serial.parity, stopBits: w.serial.stopBits, unitId: w.unitId },
  ];
  const firstRegister = props.profile?.registers[0];
  const start = async () => {
    if (w.path === undefined) {
      return;
    }
    setRunning(true);
    setError(null);
    update({ detect: null });
    const r = await line.call('diagnostics.detect', {
      path: w.path,
      preferred,
      // With a profile chosen, probe a register the meter maps (no exception reply in the log).
      ...(firstRegister
        ? { probe: { functionCode: firstRegister.functionCode, address: firstRegister.address } }
        : {}),
      timeoutMs: 500,
    });
    setRunning(false);
    if (!r.ok) {
      setError(failureText(t, r));
      return;
    }
    update({ detect: r.value });
    const found = r.value.found[0];
    if (found !== undefined) {
      const serial = {
        baudRate: found.baudRate,
        dataBits: found.dataBits,
        parity: found.parity,
        stopBits: found.stopBits,
      };
      update({ serial, unitId: found.unitId });
      const opened = await line.call('diagnostics.open', { path: w.path, serial });
      if (!opened.ok) {
        setError(failureText(t, opened));
      }
    }
  };
  const summary = w.detect;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button
          icon={<RadarChartOutlined />}
          onClick={() => void start()}
          loading={running}
          disabled={w.path === undefined}
          data-testid="diag-detect"
        >
          {t('detect.start')}
        </Button>
        {running && (
          <Button
            icon={<StopOutlined />}
            danger
            onClick={() => void line.call('diagnostics.detectCancel', {})}
            data-testid="diag-detect-cancel"
          >
            {t('detect.cancel')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('detect.hint')}</Typography.Text>
      </Space>
      {running && progress !== null && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Progress
            percent={Math.round((progress.done / Math.max(1, progress.total)) * 100)}
            data-testid="diag-detect-progress"
          />
          {progress.current !== null && (
            <Typography.Text type="secondary">
              {t('detect.trying', { candidate: describeCandidate(progress.current, t('connection.unit')) })}
            </Typography.Text>
          )}
        </Space>
      )}
      {error !== null && <Alert type="error" showIcon message={error} />}
      {summary !== null && summary.found.length > 0 && (
        <Alert
          type="success"
          showIcon
          data-testid="diag-detect-found"
          message={t('detect.found', {
            candidate: describeCandidate(summary.found[0]!, t('connection.unit')),
            attempts: summary.attempts,
          })}
        />
      )}
      {summary !== null && summary.found.length === 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="diag-detect-none"
          message={t('detect.none', { attempts: summary.attempts })}
          description={summary.hints
            .map((h) => t(`detect.hints.${h}`, { settings: summary.noisySettings.join(', ') }))
            .join(' ')}
        />
      )}
    </Space>
  );
}
