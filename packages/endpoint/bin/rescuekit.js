#!/usr/bin/env node
// The `rescuekit` command. An install runs the built CLI; a clone that has not been built yet runs the
// TypeScript source through tsx (a devDependency of the repository), so `npx rescuekit …` works in both.
import { existsSync } from 'node:fs';

if (existsSync(new URL('../dist/cli.js', import.meta.url))) {
  await import('../dist/cli.js');
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('rescuekit: this copy is not built and tsx is not installed: run "npm ci && npm run build" in the repository\n');
    process.exit(1);
  }
  // The repository's tsconfig maps @rescuekit/* to their sources, from whatever folder the command runs in.
  register({ tsconfig: new URL('../../../tsconfig.json', import.meta.url).pathname });
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
