import { DeleteOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import {
  registerTypes,
  registerWidth,
  wordOrders,
  type ProfileRegister,
} from '#shared/diagnostics/meter-profile';

/** An empty number field is kept as NaN so the schema names the field instead of dropping it. */
export const numberOf = (value: number | null) => (value === null ? Number.NaN : value);

type RegisterColumnsProps = {
  readonly t: TFunction;
  /** 'error' when the schema finds a problem in this register's field. */
  readonly status: (row: number, field: string) => 'error' | undefined;
  readonly setRegister: (row: number, patch: Partial<ProfileRegister>) => void;
  readonly setCumulative: (row: number, cumulative: ProfileRegister['cumulative'] | undefined) => void;
  readonly remove: (row: number) => void;
  readonly canRemove: boolean;
};

/** The editable columns of the profile form's register table, one input per register field. */
export function registerColumns({
  t,
  status,
  setRegister,
  setCumulative,
  remove,
  canRemove,
}: RegisterColumnsProps) {
  /** A text field of the register; `field` is its schema path (for the error mark and the test id). */
  const textColumn = (
    title: string,
    field: string,
    get: (r: ProfileRegister) => string,
    patch: (r: ProfileRegister, text: string) => Partial<ProfileRegister>,
    width?: number,
  ) => ({
    title: t(title),
    ...(width === undefined ? {} : { width }),
    render: (_: unknown, r: ProfileRegister, row: number) => (
      <Input
        value={get(r)}
        status={status(row, field)}
        onChange={(e) => setRegister(row, patch(r, e.target.value))}
        data-testid={`profile-row-${row}-${field}`}
      />
    ),
  });
  return [
    textColumn(
      'profileEditor.key',
      'key',
      (r) => r.key,
      (_r, key) => ({ key }),
      110,
    ),
    textColumn(
      'profileEditor.nameZh',
      'name.zh',
      (r) => r.name.zh,
      (r, zh) => ({ name: { ...r.name, zh } }),
    ),
    textColumn(
      'profileEditor.nameEn',
      'name.en',
      (r) => r.name.en,
      (r, en) => ({ name: { ...r.name, en } }),
    ),
    {
      title: t('profileEditor.address'),
      width: 120,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Space orientation="vertical" size={0}>
          <InputNumber
            min={0}
            max={65535}
            value={Number.isFinite(r.address) ? r.address : null}
            status={status(row, 'address')}
            onChange={(v: number | null) => setRegister(row, { address: numberOf(v) })}
            data-testid={`profile-row-${row}-address`}
          />
          {Number.isFinite(r.address) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('profileEditor.manual', {
                // Modicon numbering: 4xxxx / 3xxxx up to 9999 registers, six digits beyond.
                number: `${r.functionCode === 3 ? '4' : '3'}${String(r.address + 1).padStart(r.address + 1 > 9999 ? 5 : 4, '0')}`,
              })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('profileEditor.functionCode'),
      width: 150,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Select
          value={r.functionCode}
          style={{ width: 140 }}
          onChange={(functionCode: 3 | 4) => setRegister(row, { functionCode })}
          options={[
            { value: 3, label: t('registers.holding') },
            { value: 4, label: t('registers.input') },
          ]}
        />
      ),
    },
    {
      title: t('profileEditor.type'),
      width: 100,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Select
          value={r.type}
          style={{ width: 95 }}
          onChange={(type: ProfileRegister['type']) => setRegister(row, { type })}
          options={registerTypes.map((v) => ({ value: v, label: v }))}
          data-testid={`profile-row-${row}-type`}
        />
      ),
    },
    {
      title: t('profileEditor.wordOrder'),
      width: 90,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Select
          value={r.wordOrder}
          style={{ width: 85 }}
          disabled={registerWidth(r.type) === 1}
          onChange={(wordOrder: ProfileRegister['wordOrder']) => setRegister(row, { wordOrder })}
          options={wordOrders.map((v) => ({ value: v, label: v }))}
        />
      ),
    },
    {
      title: t('profileEditor.scale'),
      width: 100,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <InputNumber
          value={Number.isFinite(r.scale) ? r.scale : null}
          status={status(row, 'scale')}
          onChange={(v: number | null) => setRegister(row, { scale: numberOf(v) })}
          data-testid={`profile-row-${row}-scale`}
        />
      ),
    },
    {
      title: t('profileEditor.unit'),
      width: 80,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Input
          value={r.unit}
          status={status(row, 'unit')}
          onChange={(e) => setRegister(row, { unit: e.target.value })}
        />
      ),
    },
    {
      title: t('profileEditor.cumulative'),
      width: 130,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Select
          allowClear
          value={r.cumulative}
          style={{ width: 125 }}
          onChange={(cumulative: ProfileRegister['cumulative'] | undefined) => setCumulative(row, cumulative)}
          options={[
            { value: 'total', label: t('profileEditor.cumulativeTotal') },
            { value: 'int', label: t('profileEditor.cumulativeInt') },
            { value: 'fraction', label: t('profileEditor.cumulativeFraction') },
          ]}
        />
      ),
    },
    {
      title: t('profileEditor.writable'),
      width: 60,
      render: (_: unknown, r: ProfileRegister, row: number) => (
        <Checkbox checked={r.writable} onChange={(e) => setRegister(row, { writable: e.target.checked })} />
      ),
    },
    {
      title: '',
      width: 50,
      render: (_: unknown, _r: ProfileRegister, row: number) => (
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('profileEditor.remove')}
          disabled={!canRemove}
          onClick={() => remove(row)}
        />
      ),
    },
  ];
}
