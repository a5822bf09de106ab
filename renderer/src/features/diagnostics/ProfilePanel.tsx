import { CopyOutlined, EditOutlined, ReadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  duplicateProfile,
  meterProfileSchema,
  profileNotes,
} from '../../../../shared/diagnostics/meter-profile';
import type { ProfileValue } from '../../../../shared/host/contract/index';
import type { DiagnosticsLine } from './lib/use-line';
import type { Profiles } from './lib/use-profiles';
import type { UpdateWorkbench, Workbench } from './lib/workbench';

function formatValue(v: number | null): string {
  if (v === null) {
    return '—';
  }
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 10 ? 4 : 3);
}

/** Meter profile: pick, read as named scaled values, duplicate and edit a user copy. */
export function ProfilePanel(props: {
  readonly profiles: Profiles;
  readonly w: Workbench;
  readonly update: UpdateWorkbench;
  readonly line: DiagnosticsLine;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const { w, update, line } = props;
  const { profiles, problems, reload: load } = props.profiles;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const zh = i18n.language.startsWith('zh');

  const profile = profiles.find((p) => p.id === w.profileId);
  const read = async () => {
    if (w.profileId === undefined) {
      return;
    }
    setBusy(true);
    setError(null);
    const r = await line.call('diagnostics.readProfile', {
      unitId: w.unitId,
      profileId: w.profileId,
      timeoutMs: 1000,
    });
    setBusy(false);
    if (r.ok) {
      update({ reading: r.value });
    } else {
      setError(r.message);
    }
  };
  const duplicate = () => {
    if (profile === undefined) {
      return;
    }
    const taken = new Set(profiles.map((p) => p.id));
    let n = 1;
    while (taken.has(`${profile.id}-copy${n}`.slice(0, 80))) {
      n += 1;
    }
    setEditError(null);
    setEditing(JSON.stringify(duplicateProfile(profile, `${profile.id}-copy${n}`.slice(0, 80)), null, 2));
  };
  const save = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(editing ?? '');
    } catch (e) {
      setEditError(e instanceof Error ? e.message : String(e));
      return;
    }
    const checked = meterProfileSchema.safeParse(parsed);
    if (!checked.success) {
      setEditError(checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return;
    }
    const r = await line.call('diagnostics.saveProfile', { profile: checked.data });
    if (!r.ok) {
      setEditError(r.message);
      return;
    }
    setEditing(null);
    update({ profileId: r.value.id });
    load();
  };

  const rows: readonly ProfileValue[] = w.reading?.profileId === w.profileId ? (w.reading?.values ?? []) : [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          style={{ width: 360 }}
          placeholder={t('profile.pick')}
          value={w.profileId}
          onChange={(profileId: string) => update({ profileId })}
          options={profiles.map((p) => ({
            value: p.id,
            label: `${zh ? p.name.zh : p.name.en}${p.source === 'user' ? ` (${t('profile.user')})` : ''}`,
          }))}
          data-testid="diag-profile"
        />
        <Button
          type="primary"
          icon={<ReadOutlined />}
          loading={busy}
          disabled={w.profileId === undefined || line.state.state !== 'open'}
          onClick={() => void read()}
          data-testid="diag-read-profile"
        >
          {t('profile.read')}
        </Button>
        <Button icon={<CopyOutlined />} disabled={profile === undefined} onClick={duplicate}>
          {t('profile.duplicate')}
        </Button>
        {profile?.source === 'user' && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(JSON.stringify(profile, null, 2))}>
            {t('profile.edit')}
          </Button>
        )}
      </Space>
      {profile !== undefined && profileNotes(profile, i18n.language) !== '' && (
        <Typography.Text type="secondary">{profileNotes(profile, i18n.language)}</Typography.Text>
      )}
      {problems.length > 0 && (
        <Alert type="warning" showIcon message={t('profile.problems')} description={problems.join('\n')} />
      )}
      {error !== null && <Alert type="error" showIcon message={error} data-testid="diag-profile-error" />}
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={[...rows]}
          data-testid="diag-profile-values"
          columns={[
            {
              title: t('profile.name'),
              render: (_: unknown, v: ProfileValue) => (zh ? v.name.zh : v.name.en),
            },
            {
              title: t('profile.address'),
              render: (_: unknown, v: ProfileValue) => `${v.functionCode === 3 ? '4' : '3'}x ${v.address}`,
            },
            {
              title: t('profile.raw'),
              render: (_: unknown, v: ProfileValue) =>
                v.raw.map((r) => r.toString(16).toUpperCase().padStart(4, '0')).join(' '),
            },
            {
              title: t('profile.value'),
              render: (_: unknown, v: ProfileValue) =>
                v.error !== null ? (
                  <Tag color="red">{v.error}</Tag>
                ) : (
                  <span data-testid={`diag-value-${v.key}`}>{formatValue(v.value)}</span>
                ),
            },
            { title: t('profile.unit'), dataIndex: 'unit' },
          ]}
        />
      )}
      {w.reading?.cumulative != null && w.reading.profileId === w.profileId && (
        <Typography.Text strong data-testid="diag-cumulative">
          {t('profile.cumulative', {
            value: formatValue(w.reading.cumulative.value),
            unit: w.reading.cumulative.unit,
          })}
        </Typography.Text>
      )}
      <Modal
        open={editing !== null}
        title={t('profile.editTitle')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('profile.save')}
        width={760}
      >
        <Input.TextArea
          value={editing ?? ''}
          onChange={(e) => setEditing(e.target.value)}
          autoSize={{ minRows: 16, maxRows: 28 }}
          style={{ fontFamily: 'monospace' }}
          data-testid="diag-profile-json"
        />
        {editError !== null && <Alert type="error" showIcon message={editError} style={{ marginTop: 8 }} />}
      </Modal>
    </Space>
  );
}
