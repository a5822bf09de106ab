import { defaultDemoSeed, defaultDemoSiteCount, generateDemoProvince } from '#shared/demo/index';
import { addDays, dayOf } from '#shared/health/index';
import { demoPolicy, judgeSiteSchedule } from '#shared/verdicts/index';
import { expect, test } from './fixtures';
import { MapPage } from './pages/map-page';
import { PatrolPage } from './pages/patrol-page';

// The page's clock is frozen at this instant, so what is due and overdue cannot move during the run.
const now = Date.now();
// The demo province the app loads into an empty database (same seed, history up to yesterday).
const demo = generateDemoProvince({
  seed: defaultDemoSeed,
  sites: defaultDemoSiteCount,
  endDay: addDays(dayOf(now), -1),
});
// An intake point (monthly visits in the demo's schedules): with no patrol it owes last month's visit
// (overdue) and this month's (due); one patrol makes up the overdue one.
const site = demo.sites.find((s) => s.kind === 'intake')!;
const before = judgeSiteSchedule({
  site,
  policy: demoPolicy.patrolSchedules,
  patrols: [],
  excusals: [],
  now,
});
const overdue = before.owed.filter((o) => o.state === 'overdue');
const owingSites = demo.sites.filter(
  (s) =>
    judgeSiteSchedule({ site: s, policy: demoPolicy.patrolSchedules, patrols: [], excusals: [], now }).owed
      .length > 0,
).length;

// The crew stands ~15 m from the site (the browser's geolocation), so it is the nearest overdue stop.
test.use({
  geolocation: { latitude: site.position.lat + 0.00012, longitude: site.position.lng + 0.00005 },
  permissions: ['geolocation'],
});

// The web shell starts inside the test's time: give both room on a busy machine.
test.describe.configure({ timeout: 900_000 });

test('an overdue scheduled visit is on Tasks and under the map filter, and leaves overdue after a patrol there', async ({
  app,
  page,
}) => {
  expect(overdue.length).toBeGreaterThan(0);
  await page.clock.setFixedTime(now);
  await MapPage.enableTestHooks(page);
  await app.open();
  const map = new MapPage(page);
  await map.waitForSites(defaultDemoSiteCount, 300_000);

  // The map: the filter 巡检到期/逾期 keeps exactly the sites whose schedule owes a visit.
  await page.getByTestId('filter-schedule').click();
  await expect.poll(async () => (await map.counts()).shown, { timeout: 60_000 }).toBe(owingSites);
  await map.search(site.code, site.code);
  await expect(map.popup()).toContainText(site.code);
  // Where the crew is (the browser's geolocation), for the route on Tasks.
  await page.getByTestId('locate').click();

  // Tasks: the site's stop lists its overdue visit, in route order with the rest.
  const tasks = async () => {
    await page.evaluate(() => (window.location.hash = '/tasks'));
    await expect(page.getByTestId('tasks-page')).toBeVisible();
  };
  await tasks();
  await page
    .getByTestId('locate')
    .click()
    .catch(() => undefined);
  const stop = page.getByTestId(`stop-schedule:${site.id}`);
  await expect(stop).toBeVisible({ timeout: 60_000 });
  const oldest = stop.getByTestId(`visit-${overdue[0]!.day}`);
  await expect(oldest.getByTestId('visit-state')).toHaveText('逾期');
  await expect(page.getByTestId('schedule-owed')).toContainText('逾期');

  // A patrol checked in at the site, inside the radius.
  const patrol = new PatrolPage(page);
  await patrol.startAt(site.id);
  await patrol.locate();
  await patrol.fillOperator('张工');
  await patrol.checkIn();

  // Back on Tasks the oldest overdue visit is made up; the site owes one overdue visit fewer.
  await tasks();
  await expect(stop).toBeVisible({ timeout: 60_000 });
  await expect(stop.getByTestId(`visit-${overdue[0]!.day}`)).toHaveCount(0);
  await expect(stop.getByTestId('visit-state').filter({ hasText: '逾期' })).toHaveCount(overdue.length - 1);

  // The site page shows the visit as made up late (补巡).
  await page.evaluate((id) => (window.location.hash = `/sites/${id}`), site.id);
  await expect(page.getByTestId('site-schedule')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId(`site-visit-${overdue[0]!.day}`)).toHaveText('补巡');
});
