import { Button, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listenProtocols, type ListenProtocol } from '#shared/host/contract/diagnostics';
import type { ListenedFrame } from '#shared/host/contract/index';
import { formatDateTime } from '../../i18n/format';
import { Hj212EditionTag } from './Hj212EditionTag';
import { protocolName, protocolText } from './lib/protocol-names';
import type { DiagnosticsLine } from './lib/use-line';

/** 监听: self-reports (SL651, HJ 212, SZY206) decoded as they arrive. */
export function ListenTab(props: { readonly line: DiagnosticsLine }) {
  const { t, i18n } = useTranslation('diagnostics');
  const { line } = props;
  const [protocol, setProtocol] = useState<ListenProtocol>('sl651-2014');
  const [frames, setFrames] = useState<readonly ListenedFrame[]>([]);
  useEffect(
    () => line.host.subscribe('diagnostics.listened', (f) => setFrames((list) => [f, ...list].slice(0, 500))),
    [line.host],
  );
  const listening = line.state.state === 'listening';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          value={protocol}
          onChange={setProtocol}
          disabled={listening}
          style={{ width: 200 }}
          options={listenProtocols.map((p) => ({ value: p, label: t(`protocols.${p}`) }))}
        />
        {listening ? (
          <Button onClick={() => void line.call('diagnostics.listenStop', {})} data-testid="diag-listen-stop">
            {t('listen.stop')}
          </Button>
        ) : (
          <Button
            type="primary"
            disabled={line.state.state !== 'open'}
            onClick={() => void line.call('diagnostics.listenStart', { protocol })}
            data-testid="diag-listen-start"
          >
            {t('listen.start')}
          </Button>
        )}
        <Button onClick={() => setFrames([])}>{t('listen.clear')}</Button>
      </Space>
      <Table
        size="small"
        rowKey={(f) => `${f.at}-${f.hex.slice(0, 24)}`}
        dataSource={[...frames]}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('listen.empty') }}
        data-testid="diag-listen-frames"
        columns={[
          {
            title: t('log.time'),
            render: (_: unknown, f: ListenedFrame) => formatDateTime(f.at, i18n.language),
          },
          { title: t('listen.protocol'), dataIndex: 'protocol' },
          {
            title: t('log.decoded'),
            render: (_: unknown, f: ListenedFrame) => (
              <span>
                <Tag color={f.ok ? 'green' : 'orange'}>{t(f.ok ? 'listen.ok' : 'listen.bad')}</Tag>
                <Hj212EditionTag edition={f.edition} />
                {protocolText(f.summaryParts, f.summary, i18n.language)}
              </span>
            ),
          },
          {
            title: t('rtu.values'),
            render: (_: unknown, f: ListenedFrame) =>
              f.values.map((v) => `${protocolName(v, i18n.language)} ${v.value}${v.unit ?? ''}`).join('; '),
          },
          { title: 'HEX', dataIndex: 'hex', ellipsis: true },
        ]}
      />
    </Space>
  );
}
