import { expect, test } from '@playwright/test';
import { buildSpatialIndex, divisionContainsIn } from '#shared/verdicts/spatial';
import type { LayerFeaturesResponse, LayerListResponse } from '#shared/verdicts/spatial-wire';
import { MapPage } from './pages/map-page';
import { SyncCentrePage, demoAccounts } from './pages/sync-centre-page';
import { apiGet, apiLogin } from './sync-api';
import { startWebShell } from './web-shell';

/**
 * A laptop enrolled to a seeded service (the web shell's embedded one, `seed:demo`) fetches the demo
 * layers the seed imported, as it would the province's real ones, and draws them; the spatial checks
 * judge the county's sites by them: only a site whose registered position is off its county is a
 * finding, none because of the demo zones and reaches.
 */
test.describe.configure({ timeout: 600_000 });

type SiteRecord = {
  id: string;
  divisionCode: string;
  status: string;
  position: { lat: number; lng: number };
};

test('a crew laptop enrolled to the seeded service draws the demo layers and judges its sites by them', async ({
  page,
}) => {
  const shell = await startWebShell({ demo: true, args: ['--demo-sites', '400'] });
  try {
    const tech = demoAccounts(shell).find((a) => a.role === 'technician')!;
    const token = await apiLogin(shell.syncUrl, tech.username, tech.password);
    const { layers } = await apiGet<LayerListResponse>(shell.syncUrl, token, '/v1/layers');
    expect(layers.map((l) => l.id).sort()).toEqual([
      'demo-division',
      'demo-protection-zones',
      'demo-river-reaches',
    ]);
    const outlines = await apiGet<LayerFeaturesResponse>(
      shell.syncUrl,
      token,
      '/v1/layers/demo-division?zoom=12',
    );
    const contains = divisionContainsIn(buildSpatialIndex(outlines.features));
    const sites = (
      await apiGet<{ records: SiteRecord[] }>(shell.syncUrl, token, '/v1/records/sites?limit=1000')
    ).records.filter((s) => s.divisionCode.startsWith(tech.scope));
    const outside = sites.filter(
      (s) => s.status !== 'decommissioned' && contains(s.divisionCode, s.position) === false,
    );
    // The demo mis-enters about one position in 200 on purpose; the outlines must not add to that.
    expect(outside.length).toBeLessThanOrEqual(Math.ceil(sites.length * 0.02));

    await MapPage.enableTestHooks(page);
    // A new laptop whose crew chose to enrol at first launch: it holds the service's records alone
    // (no demo province of its own loading beside the first sync).
    await page.addInitScript(() => window.localStorage.setItem('wrm.launchChoice', 'enrol'));
    const sync = new SyncCentrePage(page, shell);
    await sync.open();
    await sync.enrollWithPassword(tech.username, tech.password, '巡查二号');
    await expect(sync.phase()).toHaveText('已同步', { timeout: 240_000 });

    await sync.app.goTo('地图');
    const map = new MapPage(page);
    await map.waitForSites(sites.length, 240_000);
    // The service's layers, not the demo's built-in stand-ins (this laptop holds no demo province).
    await expect
      .poll(() => page.locator('path.wrm-layer-division').count(), { timeout: 120_000 })
      .toBe(outlines.layer.featureCount);
    await expect(page.locator('path.wrm-layer-builtin')).toHaveCount(0);
    // They are demo data and say so: drawn as demo, the toggle and the county labels marked 示范.
    await expect(page.locator('path.wrm-layer-division.wrm-layer-demo')).toHaveCount(
      outlines.layer.featureCount,
    );
    await expect(page.getByTestId('layer-toggle-division')).toContainText('（示范数据）');
    await expect(page.getByTestId('layer-toggle-protection_zone')).toBeVisible();
    await expect(page.getByTestId('layer-toggle-river_reach')).toBeVisible();
    await expect
      .poll(() => page.locator('path.wrm-layer-river_reach').count())
      .toBe(layers.find((l) => l.kind === 'river_reach')!.featureCount);

    // The spatial filter: exactly the county's sites whose position is off the county.
    await page.getByTestId('filter-spatial').click();
    await expect.poll(async () => (await map.counts()).shown).toBe(outside.length);
  } finally {
    await shell.stop();
  }
});
