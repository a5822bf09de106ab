import { Alert, Button, Input, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import { frameText } from './lib/frame-notes';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import type { DiagnosticsLine } from './lib/use-line';

function timeOf(at: number): string {
  const d = new Date(at);
  return `${d.toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** The recorded wire (every frame of this line) and a raw terminal: hex or text, optional checksum. */
export function RawTab(props: { readonly line: DiagnosticsLine }) {
  const { t, i18n } = useTranslation('diagnostics');
  const { line } = props;
  const [mode, setMode] = useState<'hex' | 'text'>('hex');
  const [crc, setCrc] = useState<'none' | 'modbus' | 'szy-crc8'>('modbus');
  const [data, setData] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const send = async () => {
    setError(null);
    const r = await line.call('diagnostics.rawSend', { mode, data, crc, waitMs: 500 });
    if (!r.ok) {
      setError(failureText(t, r));
    }
  };
  const exportLog = async () => {
    const r = await line.call('diagnostics.exportLog', {});
    if (r.ok) {
      setExported(t('log.exported', { path: r.value.path, frames: r.value.frames }));
    } else {
      setError(failureText(t, r));
    }
  };
  const rows = [...line.frames].reverse().slice(0, 1000);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'hex' | 'text')}>
          <Radio.Button value="hex">HEX</Radio.Button>
          <Radio.Button value="text">{t('raw.text')}</Radio.Button>
        </Radio.Group>
        <Input
          style={{ width: 380, fontFamily: 'monospace' }}
          value={data}
          onChange={(e) => setData(e.target.value)}
          onPressEnter={() => void send()}
          placeholder={mode === 'hex' ? '01 03 00 00 00 02' : 'text\\r\\n'}
          data-testid="diag-raw-input"
        />
        <Select
          value={crc}
          onChange={setCrc}
          style={{ width: 180 }}
          options={(['none', 'modbus', 'szy-crc8'] as const).map((c) => ({
            value: c,
            label: t(`raw.crc.${c}`),
          }))}
        />
        <Button
          type="primary"
          disabled={line.state.state === 'closed' || data.trim() === ''}
          onClick={() => void send()}
          data-testid="diag-raw-send"
        >
          {t('raw.send')}
        </Button>
        <Button onClick={() => void exportLog()} data-testid="diag-export-log">
          {t('log.export')}
        </Button>
        <Button onClick={() => void line.clearFrames()}>{t('log.clear')}</Button>
      </Space>
      {error !== null && (
        <Alert type="error" showIcon message={error} closable onClose={() => setError(null)} />
      )}
      {exported !== null && <Alert type="success" showIcon message={exported} data-testid="diag-exported" />}
      <Table
        size="small"
        rowKey={(f, i) => `${f.at}-${i ?? 0}`}
        dataSource={rows}
        pagination={{ pageSize: 50 }}
        data-testid="diag-log"
        locale={{ emptyText: t('log.empty') }}
        columns={[
          { title: t('log.time'), width: 120, render: (_: unknown, f: RecordedFrame) => timeOf(f.at) },
          {
            title: t('log.direction'),
            width: 70,
            render: (_: unknown, f: RecordedFrame) => (
              <Tag color={f.direction === 'tx' ? 'blue' : 'green'}>{f.direction.toUpperCase()}</Tag>
            ),
          },
          { title: 'HEX', render: (_: unknown, f: RecordedFrame) => <code>{f.hex}</code> },
          {
            title: t('log.decoded'),
            width: 360,
            render: (_: unknown, f: RecordedFrame) => frameText(t, f, i18n.language),
          },
        ]}
      />
    </Space>
  );
}
