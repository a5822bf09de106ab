import { CopyOutlined, EditOutlined, ReadOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import { duplicateProfile, profileNotes, type MeterProfile } from '#shared/diagnostics/meter-profile';
import type { ProfileValue } from '#shared/host/contract/index';
import type { DiagnosticsLine } from './lib/use-line';
import type { Profiles } from './lib/use-profiles';
import type { UpdateWorkbench, Workbench } from './lib/workbench';
// The editor (a modal with its form and JSON tabs) loads when a profile is first edited.
const ProfileEditor = lazy(() => import('./ProfileEditor').then((m) => ({ default: m.ProfileEditor })));

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
  const [editing, setEditing] = useState<{ profile: MeterProfile; idEditable: boolean } | null>(null);
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
      setError(failureText(t, r));
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
    setEditing({
      profile: duplicateProfile(profile, `${profile.id}-copy${n}`.slice(0, 80)),
      idEditable: true,
    });
  };
  const save = async (next: MeterProfile): Promise<string | null> => {
    if (editing?.idEditable && profiles.some((p) => p.id === next.id)) {
      return t('profileEditor.idTaken', { id: next.id });
    }
    const r = await line.call('diagnostics.saveProfile', { profile: next });
    if (!r.ok) {
      return failureText(t, r);
    }
    setEditing(null);
    update({ profileId: r.value.id });
    load();
    return null;
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
        <Button
          icon={<CopyOutlined />}
          disabled={profile === undefined}
          onClick={duplicate}
          data-testid="diag-profile-duplicate"
        >
          {t('profile.duplicate')}
        </Button>
        {profile?.source === 'user' && (
          <Button
            icon={<EditOutlined />}
            onClick={() => setEditing({ profile, idEditable: false })}
            data-testid="diag-profile-edit"
          >
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
                  <Tag color="red">{failureText(t, { code: 'protocol', cause: v.cause })}</Tag>
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
      {editing !== null && (
        <Suspense fallback={null}>
          <ProfileEditor
            initial={editing.profile}
            idEditable={editing.idEditable}
            onCancel={() => setEditing(null)}
            onSave={save}
          />
        </Suspense>
      )}
    </Space>
  );
}
