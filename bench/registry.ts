// Registry actor throughput against raw LMDB batched puts, in the same run.
// Usage: node dist/bench/registry.js [--observations N] [--batch N] [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { open } from 'lmdb';
import { RegistryActor } from '../src/registry/actor.js';
import { loadConfig } from '../src/base/config.js';
import { allColorKeys, parseColorKey, binCentre } from '../src/model/color.js';
import type { ColorObservation } from '../src/model/records.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    observations: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
  },
});
const total = Number(values.observations);
const batchSize = Number(values.batch);
const runs = Number(values.runs);

const cells = allColorKeys().map((key) => parseColorKey(key)!);
function observationBatches(): ColorObservation[][] {
  const batches: ColorObservation[][] = [];
  for (let start = 0; start < total; start += batchSize) {
    const batch: ColorObservation[] = [];
    for (let i = start; i < Math.min(total, start + batchSize); i++) {
      const c = cells[(i * 7919) % cells.length];
      batch.push({ registry: 'static_color', r: binCentre(c.r), g: binCentre(c.g), b: binCentre(c.b), opacity: c.step / 20 });
    }
    batches.push(batch);
  }
  return batches;
}

async function actorRate(batches: ColorObservation[][]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'benchreg-'));
  const actor = await RegistryActor.start({ config: loadConfig({ env: {}, overrides: { data_dir: join(dir, 'data'), log: { level: 'silent' } } }) });
  try {
    const t0 = performance.now();
    // Two batches in flight: the producer prepares the next while the actor commits.
    let inFlight: Promise<unknown> = Promise.resolve();
    for (const batch of batches) {
      const next = actor.record(batch, { job_id: 'bench' });
      await inFlight;
      inFlight = next;
    }
    await inFlight;
    const seconds = (performance.now() - t0) / 1000;
    const report = await actor.coverage();
    if (report.registries.static_color.count !== Math.min(total, cells.length)) throw new Error('bench recorded the wrong number of cells');
    return total / seconds;
  } finally {
    await actor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Raw LMDB puts of small records, batched like the actor's input. `async`: lmdb-js's own batching
 * of asynchronous puts (commits overlap, flushed once at the end). `durable`: one synchronous
 * transaction per batch, on disk before the next, which is what the actor guarantees per batch.
 */
async function rawRate(mode: 'async' | 'durable'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'benchraw-'));
  const db = open<{ n: number }, number>({ path: join(dir, 'raw'), keyEncoding: 'uint32' });
  try {
    const t0 = performance.now();
    for (let start = 0; start < total; start += batchSize) {
      const end = Math.min(total, start + batchSize);
      if (mode === 'durable') {
        db.transactionSync(() => {
          for (let i = start; i < end; i++) db.put(i, { n: i % cells.length });
        });
        continue;
      }
      let last: Promise<boolean> = Promise.resolve(true);
      for (let i = start; i < end; i++) last = db.put(i, { n: i % cells.length });
      await last;
    }
    await db.flushed;
    return total / ((performance.now() - t0) / 1000);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const batches = observationBatches();
const actorRates: number[] = [];
const rawRates: number[] = [];
const durableRates: number[] = [];
for (let run = 0; run < runs; run++) {
  rawRates.push(await rawRate('async'));
  durableRates.push(await rawRate('durable'));
  actorRates.push(await actorRate(batches));
  process.stderr.write(`run ${run + 1}/${runs}: raw async ${Math.round(rawRates[run])}/s, raw durable ${Math.round(durableRates[run])}/s, actor ${Math.round(actorRates[run])}/s\n`);
}
const raw = median(rawRates);
const durable = median(durableRates);
const actor = median(actorRates);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`observations ${total} over ${cells.length} cells, batches of ${batchSize}, median of ${runs} runs`);
console.log(`raw LMDB batched puts, async:   ${Math.round(raw).toLocaleString('en')} records/s`);
console.log(`raw LMDB batched puts, durable: ${Math.round(durable).toLocaleString('en')} records/s (one synchronous transaction per batch)`);
console.log(`registry actor:                 ${Math.round(actor).toLocaleString('en')} observations/s`);
console.log(`ratio actor/raw async:          ${(actor / raw).toFixed(3)} (goal >= 0.3)`);
console.log(`ratio actor/raw durable:        ${(actor / durable).toFixed(3)} (goal >= 0.3)`);
console.log(JSON.stringify({
  bench: 'registry', observations: total, batch: batchSize, runs,
  raw_async_puts_per_s: Math.round(raw), raw_durable_puts_per_s: Math.round(durable), actor_obs_per_s: Math.round(actor),
  ratio_async: Number((actor / raw).toFixed(3)), ratio_durable: Number((actor / durable).toFixed(3)),
}));
