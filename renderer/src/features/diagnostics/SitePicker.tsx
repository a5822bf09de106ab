import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '#shared/domain/index';
import { useRecords } from '../../db/index';

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Find a site by name or code (the province has thousands: only the first matches are listed). */
export function SitePicker(props: { readonly value: Site | null; readonly onChange: (site: Site) => void }) {
  const { t } = useTranslation('diagnostics');
  const [term, setTerm] = useState('');
  const pattern = escapeRegex(term.trim());
  const found = useRecords(
    'sites',
    pattern === ''
      ? { limit: 20 }
      : {
          selector: { $or: [{ name: { $regex: pattern } }, { code: { $regex: pattern } }] },
          limit: 20,
        },
  );
  const options = found.status === 'ready' ? found.value : [];
  const list =
    props.value !== null && !options.some((s) => s.id === props.value?.id)
      ? [props.value, ...options]
      : options;
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setTerm}
      style={{ width: 360 }}
      placeholder={t('site.search')}
      value={props.value?.id}
      loading={found.status === 'loading'}
      onChange={(id: string) => {
        const site = list.find((s) => s.id === id);
        if (site !== undefined) {
          props.onChange(site);
        }
      }}
      options={list.map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` }))}
      notFoundContent={t('site.none')}
      data-testid="diag-site"
    />
  );
}
