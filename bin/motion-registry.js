#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('motion-registry: not built yet; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
await import(entry.href);
