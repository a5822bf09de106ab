#!/usr/bin/env node
// Runs the TypeScript CLI in place (no build step), so `npx wrm` works in a checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
let interrupt = () => {};
const interrupted = new Promise((resolve) => {
  interrupt = resolve;
});
process.once('SIGINT', () => interrupt());
process.once('SIGTERM', () => interrupt());
const code = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  interrupted,
});
process.exit(code);
