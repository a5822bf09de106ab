// Admin CLI of the sync service: `npm run server -- <command>`.
import { join } from 'node:path';
import { startSyncService } from './main';

const [command = 'serve', ...rest] = process.argv.slice(2);

function option(name: string): string | undefined {
  const index = rest.indexOf(`--${name}`);
  return index >= 0 ? rest[index + 1] : undefined;
}

async function main(): Promise<void> {
  switch (command) {
    case 'serve': {
      const service = await startSyncService({
        databaseUrl: process.env['DATABASE_URL'],
        dataDir: option('data') ?? join(process.cwd(), '.wrm-data', 'server'),
        port: Number(option('port') ?? process.env['PORT'] ?? 8787),
        version: process.env['npm_package_version'] ?? '0.0.0',
      });
      console.log(`sync service listening on ${service.url} (${service.db.kind})`);
      const stop = () => void service.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return;
    }
    default:
      console.error(`unknown command: ${command}\ncommands: serve`);
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
