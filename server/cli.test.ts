import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'wrm-cli-'));
const run = (...args: string[]) => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data', dir], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

// The CLI on the embedded PGlite (the same commands run on PostgreSQL with DATABASE_URL; the code
// paths below the CLI are tested on both engines in their own suites).
describe('admin CLI', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a user, issues a one-time code with a QR code, and refuses a bad registry with row numbers', () => {
    const user = run(
      'user:create',
      '--username',
      'li.wei',
      '--name',
      '李伟',
      '--role',
      'technician',
      '--scope',
      '530381',
    );
    expect(user.code, user.err).toBe(0);
    expect(JSON.parse(user.out)).toMatchObject({ username: 'li.wei', role: 'technician', scope: '530381' });

    const code = run('device:enroll', '--username', 'li.wei', '--device-name', '一号笔记本');
    expect(code.code, code.err).toBe(0);
    expect(code.out).toMatch(/enrolment code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
    expect(code.out).toContain('▄'); // the QR code, drawn in the terminal

    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      '站点编码,站点名称,站点类型,行政区划代码,纬度,经度,上报间隔(分钟),监测要素,入册日期\n5303810001,甲,取用水户监测点,530381,x,104,60,flow,2024-01-01\n',
    );
    const bad = run('registry:import', '--file', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/nothing was imported/);
    expect(bad.err).toMatch(/"row":2,"column":"纬度"/);
  }, 240_000);

  it('acts in the --region it is given: registry rows outside it are refused by row, automation runs inside it', () => {
    const file = join(dir, 'outside.csv');
    writeFileSync(
      file,
      '站点编码,站点名称,站点类型,行政区划代码,纬度,经度,上报间隔(分钟),监测要素,入册日期\n5303810001,甲,取用水户监测点,530381,26.2,104.1,60,flow,2024-01-01\n1101010001,乙,取用水户监测点,110101,39.9,116.4,60,flow,2024-01-01\n',
    );
    const refused = run('registry:import', '--file', file, '--region', '530381');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/outside your region 530381; nothing was imported/);
    expect(refused.err).toMatch(/"row":3,"column":"行政区划代码"/);
    const automation = run('automation:run', '--region', '530381');
    expect(automation.code, automation.err).toBe(0);
    expect(JSON.parse(automation.out)).toMatchObject({ tasksCreated: 0 });
    const bad = run('automation:run', '--region', '53x');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--region must be all or a division-code prefix/);
  }, 240_000);
});
