// The round-robin balancer of the two-node suite (server/testing/round-robin-proxy.ts) in a process of
// its own for `npm run bench:sync`: its CPU is then measured apart from the simulated devices'.
// Usage: node --import tsx scripts/bench/sync-proxy-main.ts http://node-a http://node-b
import { startRoundRobinProxy } from '../../server/testing/round-robin-proxy';

const backends = process.argv.slice(2);
if (backends.length === 0) {
  throw new Error('name the backends: sync-proxy-main.ts http://127.0.0.1:1234 http://127.0.0.1:5678');
}
const proxy = await startRoundRobinProxy(backends);
process.stdout.write(`proxy listening on ${proxy.url}\n`);
const stop = () => void proxy.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
