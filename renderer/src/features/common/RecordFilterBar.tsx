import { DatePicker, Input, Select, Space } from 'antd';
import type { RecordFilter } from './record-filter';

type Props<State extends string> = {
  readonly value: RecordFilter<State>;
  readonly onChange: (next: RecordFilter<State>) => void;
  readonly counties: readonly string[];
  readonly states: readonly { readonly value: State; readonly label: string }[];
  readonly placeholders: { readonly text: string; readonly county: string; readonly state: string };
  readonly stateWidth?: number;
  readonly stateTestId?: string;
};

/** Search by site, county, state and date range above a record list. */
export function RecordFilterBar<State extends string>(props: Props<State>) {
  const { value, onChange, placeholders } = props;
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder={placeholders.text}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
        style={{ width: 220 }}
      />
      <Select
        allowClear
        placeholder={placeholders.county}
        style={{ width: 140 }}
        value={value.county}
        onChange={(county: string | undefined) => onChange({ ...value, county: county ?? null })}
        options={props.counties.map((c) => ({ value: c, label: c }))}
      />
      <Select
        allowClear
        placeholder={placeholders.state}
        style={{ width: props.stateWidth ?? 140 }}
        value={value.state}
        onChange={(state: State | undefined) => onChange({ ...value, state: state ?? null })}
        data-testid={props.stateTestId}
        options={props.states.map((s) => ({ value: s.value, label: s.label }))}
      />
      <DatePicker.RangePicker
        onChange={(range) =>
          onChange({
            ...value,
            from: range?.[0]?.format('YYYY-MM-DD') ?? null,
            to: range?.[1]?.format('YYYY-MM-DD') ?? null,
          })
        }
      />
    </Space>
  );
}
