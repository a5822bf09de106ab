import { Drawer, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlainBounds } from '#shared/host/contract/index';
import { AreaDownloadForm } from './AreaDownloadForm';
import { AreaImportForm } from './AreaImportForm';
import { AreaList } from './AreaList';
import type { MapSite } from '../common/map-sites';
import type { TileCatalog } from './use-tile-catalog';

type Props = {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly catalog: TileCatalog;
  readonly sites: readonly MapSite[];
  readonly drawn: PlainBounds | null;
  readonly onDraw: () => void;
};

/** 离线地图: the areas on this laptop, a new download, an import. */
export function OfflineAreasDrawer({ open, onClose, catalog, sites, drawn, onDraw }: Props) {
  const { t } = useTranslation('map');
  const [tab, setTab] = useState(drawn === null ? 'areas' : 'new');
  const [shownDrawn, setShownDrawn] = useState(drawn);
  if (drawn !== shownDrawn) {
    // A rectangle just drawn: show the form it belongs to.
    setShownDrawn(drawn);
    if (drawn !== null) {
      setTab('new');
    }
  }
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('areas.title')}
      size={440}
      data-testid="areas-drawer"
      destroyOnHidden={false}
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'areas',
            label: t('areas.list'),
            children: <AreaList areas={catalog.areas} onChanged={() => catalog.reload()} />,
          },
          {
            key: 'new',
            label: t('areas.new'),
            children: (
              <AreaDownloadForm
                sources={catalog.sources}
                sites={sites}
                drawn={drawn}
                onDraw={onDraw}
                onStarted={() => {
                  catalog.reload();
                  setTab('areas');
                }}
              />
            ),
          },
          {
            key: 'import',
            label: t('areas.importTab'),
            children: (
              <AreaImportForm
                onImported={() => {
                  catalog.reload();
                  setTab('areas');
                }}
              />
            ),
          },
        ]}
      />
    </Drawer>
  );
}
