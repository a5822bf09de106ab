import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, InputNumber, Modal, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeterProfile, ProfileRegister } from '#shared/diagnostics/meter-profile';
import { checkProfileDraft, nextRegister, type FieldIssue } from './lib/profile-form';
import { numberOf, registerColumns } from './profile-register-columns';

const baudRates = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

type Props = {
  readonly initial: MeterProfile;
  /** A new copy may still take another id; a saved profile keeps its own. */
  readonly idEditable: boolean;
  readonly onCancel: () => void;
  /** Stores the profile; answers the host's error in words, or null when saved. */
  readonly onSave: (profile: MeterProfile) => Promise<string | null>;
};

/**
 * The register table of a crew's own meter profile as a form (a row per register, checked as it is
 * typed), with the profile's JSON one tab away for what the form does not show (notes, family).
 */
export function ProfileEditor({ initial, idEditable, onCancel, onSave }: Props) {
  const { t } = useTranslation('diagnostics');
  const [draft, setDraft] = useState<MeterProfile>(initial);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const check = checkProfileDraft(draft);
  const issues: readonly FieldIssue[] = check.ok ? [] : check.issues;
  const warnings: readonly FieldIssue[] = check.ok ? check.warnings : [];
  const hasIssue = (row: number, field: string) =>
    issues.some((i) => i.row === row && (i.field === field || i.field.startsWith(`${field}.`)));
  const status = (row: number, field: string) => (hasIssue(row, field) ? 'error' : undefined);

  const describe = (issue: FieldIssue) =>
    `${issue.row === null ? '' : `${t('profileEditor.row', { row: issue.row + 1 })} · `}${issue.field}: ${issue.message}`;

  const setRegister = (row: number, patch: Partial<ProfileRegister>) =>
    setDraft((d) => ({ ...d, registers: d.registers.map((r, i) => (i === row ? { ...r, ...patch } : r)) }));

  const switchTab = (next: string) => {
    if (next === 'json') {
      setJsonText(JSON.stringify(draft, null, 2));
      setJsonError(null);
      setTab('json');
      return;
    }
    try {
      setDraft(JSON.parse(jsonText) as MeterProfile);
      setJsonError(null);
      setTab('form');
    } catch (error) {
      setJsonError(
        t('profileEditor.badJson', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  };

  const save = async () => {
    let candidate: unknown = draft;
    if (tab === 'json') {
      try {
        candidate = JSON.parse(jsonText);
      } catch (error) {
        setJsonError(
          t('profileEditor.badJson', { message: error instanceof Error ? error.message : String(error) }),
        );
        return;
      }
    }
    const checked = checkProfileDraft(candidate);
    if (!checked.ok) {
      setSaveError(checked.issues.map(describe).join('; '));
      return;
    }
    setSaving(true);
    const error = await onSave(checked.profile);
    setSaving(false);
    setSaveError(error);
  };

  const columns = registerColumns({
    t,
    status,
    setRegister,
    setCumulative: (row, cumulative) =>
      setDraft((d) => ({
        ...d,
        registers: d.registers.map((x, i) => {
          if (i !== row) {
            return x;
          }
          const { cumulative: _old, ...rest } = x;
          return cumulative ? { ...rest, cumulative } : rest;
        }),
      })),
    remove: (row) => setDraft((d) => ({ ...d, registers: d.registers.filter((_x, i) => i !== row) })),
    canRemove: draft.registers.length > 1,
  });

  const form = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          addonBefore={t('profileEditor.id')}
          value={draft.id}
          disabled={!idEditable}
          status={issues.some((i) => i.row === null && i.field === 'id') ? 'error' : undefined}
          onChange={(e) => setDraft((d) => ({ ...d, id: e.target.value }))}
          style={{ width: 300 }}
          data-testid="profile-id"
        />
        <Input
          addonBefore={t('profileEditor.nameZh')}
          value={draft.name.zh}
          onChange={(e) => setDraft((d) => ({ ...d, name: { ...d.name, zh: e.target.value } }))}
          style={{ width: 320 }}
        />
        <Input
          addonBefore={t('profileEditor.nameEn')}
          value={draft.name.en}
          onChange={(e) => setDraft((d) => ({ ...d, name: { ...d.name, en: e.target.value } }))}
          style={{ width: 320 }}
        />
      </Space>
      <Space wrap>
        <Typography.Text strong>{t('profileEditor.defaults')}</Typography.Text>
        <Select
          value={draft.defaults.baudRate}
          style={{ width: 110 }}
          onChange={(baudRate: number) => setDraft((d) => ({ ...d, defaults: { ...d.defaults, baudRate } }))}
          options={baudRates.map((b) => ({ value: b, label: String(b) }))}
          aria-label={t('profileEditor.baud')}
        />
        <Select
          value={draft.defaults.parity}
          style={{ width: 110 }}
          onChange={(parity: MeterProfile['defaults']['parity']) =>
            setDraft((d) => ({ ...d, defaults: { ...d.defaults, parity } }))
          }
          options={(['none', 'even', 'odd'] as const).map((p) => ({ value: p, label: t(`parity.${p}`) }))}
          aria-label={t('profileEditor.parity')}
        />
        <Select
          value={draft.defaults.stopBits}
          style={{ width: 80 }}
          onChange={(stopBits: 1 | 2) => setDraft((d) => ({ ...d, defaults: { ...d.defaults, stopBits } }))}
          options={[1, 2].map((s) => ({ value: s, label: `${s}` }))}
          aria-label={t('profileEditor.stopBits')}
        />
        <InputNumber
          addonBefore={t('profileEditor.unitId')}
          min={1}
          max={247}
          value={Number.isFinite(draft.defaults.unitId) ? draft.defaults.unitId : null}
          onChange={(v: number | null) =>
            setDraft((d) => ({ ...d, defaults: { ...d.defaults, unitId: numberOf(v) } }))
          }
        />
      </Space>
      <Table
        size="small"
        rowKey={(_r, i) => String(i)}
        pagination={false}
        scroll={{ x: 1300, y: 360 }}
        dataSource={draft.registers}
        columns={columns}
        data-testid="profile-registers"
      />
      <Button
        icon={<PlusOutlined />}
        disabled={draft.registers.length >= 200}
        onClick={() => setDraft((d) => ({ ...d, registers: [...d.registers, nextRegister(d.registers)] }))}
        data-testid="profile-add-register"
      >
        {t('profileEditor.add')}
      </Button>
    </Space>
  );

  return (
    <Modal
      open
      width={1200}
      title={t('profileEditor.title')}
      onCancel={onCancel}
      onOk={() => void save()}
      okText={t('profileEditor.save')}
      okButtonProps={{ loading: saving, disabled: tab === 'form' && !check.ok, id: 'profile-save' }}
      destroyOnHidden
    >
      <Tabs
        activeKey={tab}
        onChange={switchTab}
        items={[
          { key: 'form', label: t('profileEditor.tabForm'), children: form },
          {
            key: 'json',
            label: t('profileEditor.tabJson'),
            children: (
              <Input.TextArea
                value={jsonText}
                onChange={(e) => setJsonText(e.target.value)}
                autoSize={{ minRows: 16, maxRows: 28 }}
                style={{ fontFamily: 'monospace' }}
                data-testid="diag-profile-json"
              />
            ),
          },
        ]}
      />
      {tab === 'form' &&
        (
          [
            ['error', 'profileEditor.problems', issues, 'profile-issues'],
            ['warning', 'profileEditor.warnings', warnings, 'profile-warnings'],
          ] as const
        )
          .filter(([, , list]) => list.length > 0)
          .map(([type, title, list, testId]) => (
            <Alert
              key={testId}
              type={type}
              showIcon
              message={t(title)}
              description={list.map(describe).join('\n')}
              style={{ whiteSpace: 'pre-line' }}
              data-testid={testId}
            />
          ))}
      {jsonError !== null && <Alert type="error" showIcon message={jsonError} style={{ marginTop: 8 }} />}
      {saveError !== null && (
        <Alert
          type="error"
          showIcon
          message={saveError}
          style={{ marginTop: 8 }}
          data-testid="profile-save-error"
        />
      )}
    </Modal>
  );
}
