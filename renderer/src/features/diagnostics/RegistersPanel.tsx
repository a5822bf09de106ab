import { Alert, Button, Input, InputNumber, Popconfirm, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import { registersInEveryOrder } from '#shared/protocols/modbus/index';
import type { DiagnosticsLine } from './lib/use-line';
import type { Workbench } from './lib/workbench';

type Row = { address: number; word: number; pair: readonly number[] | null };

function fmt(n: number): string {
  return Number.isFinite(n) ? (Number.isInteger(n) ? String(n) : n.toPrecision(7)) : String(n);
}

/** Read and write holding / input registers, like Modbus Poll: raw words and every word order side by side. */
export function RegistersPanel(props: { readonly w: Workbench; readonly line: DiagnosticsLine }) {
  const { t } = useTranslation('diagnostics');
  const { w, line } = props;
  const [fc, setFc] = useState<3 | 4>(3);
  const [address, setAddress] = useState(0);
  const [quantity, setQuantity] = useState(10);
  const [rows, setRows] = useState<readonly Row[]>([]);
  const [writeText, setWriteText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const open = line.state.state === 'open';

  const read = async () => {
    setError(null);
    const r = await line.call('diagnostics.modbusRead', {
      unitId: w.unitId,
      functionCode: fc,
      address,
      quantity,
      timeoutMs: 1000,
    });
    if (!r.ok) {
      setError(failureText(t, r));
      return;
    }
    const words = r.value.registers;
    setRows(
      words.map((word, i) => ({
        address: address + i,
        word,
        pair: i + 1 < words.length ? [word, words[i + 1] ?? 0] : null,
      })),
    );
  };
  const write = async () => {
    setError(null);
    setDone(null);
    const values = writeText
      .split(/[\s,;]+/)
      .filter((s) => s !== '')
      .map((s) => (s.toLowerCase().startsWith('0x') ? Number.parseInt(s, 16) : Number(s)));
    if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffff)) {
      setError(t('registers.badValues'));
      return;
    }
    const r = await line.call('diagnostics.modbusWrite', {
      unitId: w.unitId,
      address,
      values,
      timeoutMs: 1000,
    });
    if (r.ok) {
      setDone(r.value.summary);
    } else {
      setError(failureText(t, r));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={fc}
          onChange={setFc}
          style={{ width: 200 }}
          options={[
            { value: 3, label: t('registers.holding') },
            { value: 4, label: t('registers.input') },
          ]}
        />
        <InputNumber
          min={0}
          max={65535}
          value={address}
          onChange={(v) => v !== null && setAddress(v)}
          prefix={t('registers.address')}
          style={{ width: 160 }}
          data-testid="diag-reg-address"
        />
        <InputNumber
          min={1}
          max={125}
          value={quantity}
          onChange={(v) => v !== null && setQuantity(v)}
          prefix={t('registers.quantity')}
          style={{ width: 140 }}
          data-testid="diag-reg-quantity"
        />
        <Button type="primary" disabled={!open} onClick={() => void read()} data-testid="diag-reg-read">
          {t('registers.read')}
        </Button>
        <Input
          value={writeText}
          onChange={(e) => setWriteText(e.target.value)}
          placeholder={t('registers.writePlaceholder')}
          style={{ width: 220 }}
        />
        {/* Writing changes the meter's configuration: the crew confirms address and values first. */}
        <Popconfirm
          title={t('registers.writeConfirm', { address, values: writeText.trim(), unit: w.unitId })}
          onConfirm={() => void write()}
          okText={t('registers.write')}
          cancelText={t('common.cancel')}
          disabled={!open || writeText.trim() === ''}
        >
          <Button danger disabled={!open || writeText.trim() === ''}>
            {t('registers.write')}
          </Button>
        </Popconfirm>
      </Space>
      {error !== null && <Alert type="error" showIcon message={error} data-testid="diag-reg-error" />}
      {done !== null && <Alert type="success" showIcon message={done} />}
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="address"
          pagination={false}
          dataSource={[...rows]}
          scroll={{ x: true }}
          data-testid="diag-reg-table"
          columns={[
            { title: t('registers.address'), dataIndex: 'address' },
            {
              title: 'HEX',
              render: (_: unknown, r: Row) => r.word.toString(16).toUpperCase().padStart(4, '0'),
            },
            { title: 'UINT16', dataIndex: 'word' },
            { title: 'INT16', render: (_: unknown, r: Row) => (r.word << 16) >> 16 },
            ...(['ABCD', 'CDAB', 'BADC', 'DCBA'] as const).map((order) => ({
              title: `FLOAT ${order}`,
              render: (_: unknown, r: Row) =>
                r.pair === null ? '' : fmt(registersInEveryOrder(r.pair, 'float32')[order]),
            })),
          ]}
        />
      )}
    </Space>
  );
}
