import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { toMotionRegistryError } from '../src/base/errors.js';
import { RegistryStore } from '../src/registry/store.js';
import { CompletionTargets } from '../src/model/targets.js';
import { coverageReport, type CoverageReport } from '../src/registry/coverage.js';
import type { ActorApi, ActorWorkerData, Reply } from '../src/registry/actor-protocol.js';

const { dataDir, config, readOnly } = workerData as ActorWorkerData;
const targets = new CompletionTargets(config);
const store = RegistryStore.open(dataDir, targets, { readOnly });
// Only the writer (it holds the data dir's lock) may close what a killed writer left running.
// Completions a store reached without having them stored (an older store, or targets changed by
// config) are stored now; the outbox announces them.
if (!readOnly) {
  store.jobs.interruptRunning();
  store.settleCompletions();
}

// Coverage changes only with discoveries (each moves the log's seq) and completions, so a report
// is kept until the seq moves: readers that poll (the dashboard, operators) cost nothing when idle.
let cached: { seq: number; completions: number; report: CoverageReport } | null = null;
function coverage(): CoverageReport {
  const completions = Object.keys(store.completed()).length;
  if (cached?.seq !== store.seq || cached.completions !== completions) cached = { seq: store.seq, completions, report: coverageReport(store, targets) };
  return cached.report;
}

async function reply<T>(work: () => T | Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return { ok: false, error: toMotionRegistryError(err).toJSON() };
  }
}

const api: ActorApi = {
  ping: () => reply(() => store.seq),
  published: () => reply(() => store.published),
  undelivered: (afterSeq, limit) => reply(() => store.undelivered(afterSeq, limit)),
  acknowledge: (seq, spaces) => reply(() => store.acknowledge(seq, spaces)),
  completed: () => reply(() => store.completed()),
  spaceCoverage: () => reply(() => store.spaceCoverage()),
  commit: (batch) => reply(() => store.commit(batch)),
  coverage: () => reply(coverage),
  headline: () => reply(() => store.headline()),
  entries: (registry, query) => reply(() => store.listEntries(registry, query)),
  entry: (registry, domain, key) => reply(() => store.getEntry(registry, domain, key) ?? null),
  discoveries: (afterSeq, limit) => reply(() => store.discoveries(afterSeq, limit)),
  records: (afterSeq, limit) => reply(() => store.records(afterSeq, limit)),
  batches: (query) => reply(() => store.listBatches(query)),
  batch: (id) => reply(() => store.getBatch(id) ?? null),
  revoke: (id, by) => reply(() => store.revoke(id, by)),
  unitCounts: (registry, domain, evidence) => reply(() => store.unitCounts(registry, domain, evidence)),
  frequencies: (registry, evidence) => reply(() => store.frequencies(registry, evidence)),
  check: () => reply(() => store.check()),
  createJob: (draft) => reply(() => store.jobs.create(draft)),
  finishJob: (id, outcome, run) => reply(() => store.jobs.finish(id, outcome, run)),
  job: (id) => reply(() => store.jobs.get(id) ?? null),
  jobs: (query) => reply(() => store.jobs.list(query)),
  addRun: (run) => reply(() => store.jobs.addRun(run)),
  runs: (last) => reply(() => store.jobs.listRuns(last)),
  close: () => reply(() => store.close()),
};

expose(api, nodeEndpoint(parentPort!));
setImmediate(() => store.warm());
