#!/usr/bin/env node
// Runs the compiled tap suite and closes with a plain "N passed, N failed" line,
// keeping tap's exit code.
import { spawn, spawnSync } from 'node:child_process';

const tap = (args, stdio) => spawn(process.execPath, ['node_modules/tap/dist/esm/run.mjs', ...args], { stdio });

const build = spawnSync(process.execPath, ['node_modules/tap/dist/esm/run.mjs', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = tap(['--reporter=tap', ...process.argv.slice(2)], ['inherit', 'pipe', 'inherit']);
let total = null;
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4096);
  const m = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/.exec(tail);
  if (m) total = { pass: Number(m[2]), fail: Number(m[3] ?? 0) };
});
child.on('close', (code) => {
  const pass = total?.pass ?? 0;
  const fail = total?.fail ?? (code === 0 ? 0 : 1);
  process.stdout.write(`\n${pass} passed, ${fail} failed\n`);
  process.exit(code ?? 1);
});
