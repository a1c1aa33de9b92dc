import t from 'tap';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RegistryActor } from '../../src/registry/actor.js';
import { tempDataDir, testConfig } from '../helpers/store.js';
import { idleWorkflows, runService } from '../helpers/service.js';

const AUTOCANNON = fileURLToPath(new URL('../../../node_modules/autocannon/autocannon.js', import.meta.url));
const CLIENTS = 50;
const BATCHES = 20_000;
const KEYS = ['100,100,150_1.0', '200,25,25_1.0', '0,0,25_0.55'];
// Twenty thousand requests through a load tool, then a check of every count.
t.setTimeout(300_000);

t.test(`${CLIENTS} concurrent clients post ${BATCHES} batches through a load tool: every observation is recorded exactly once`, async (t) => {
  const data = tempDataDir(t);
  // A service whose loop finds nothing to do, so that its counts are the load's alone; one address sends everything, so its budget is lifted.
  const service = await runService(['start', '--data', data, '--workflows', idleWorkflows(tempDataDir(t)), '--workflow', 'idle'], {
    MOTION_REGISTRY_API__RATE_LIMIT_PER_MINUTE: '1000000',
  });
  t.teardown(() => service.stop('SIGKILL'));
  const body = JSON.stringify({ static_colors: KEYS.map((key) => {
    const [rgb, opacity] = key.split('_');
    const [r, g, b] = rgb.split(',').map(Number);
    return { key, r, g, b, opacity: Number(opacity) };
  }) });
  const { stdout } = await promisify(execFile)(process.execPath, [
    AUTOCANNON, '--json', '-c', String(CLIENTS), '-a', String(BATCHES), '-m', 'POST', '-H', 'content-type=application/json', '-b', body,
    `${service.url}/api/knowledge/discoveries`,
  ], { maxBuffer: 64 << 20 });
  const report = JSON.parse(stdout) as { requests: { total: number; average: number }; latency: { p99: number }; non2xx: number; errors: number; '2xx': number };
  t.equal(report['2xx'], BATCHES, `${BATCHES} batches acknowledged (${report.requests.average} req/s, p99 ${report.latency.p99} ms)`);
  t.equal(report.non2xx + report.errors, 0, 'no refusal, no error');
  t.equal(await service.stop('SIGTERM'), 0);

  const actor = await RegistryActor.start({ config: testConfig(data), readOnly: true });
  t.teardown(() => actor.close());
  for (const key of KEYS) {
    const entry = await actor.entry('static_color', 'color', key);
    t.equal(entry?.counts.observed, BATCHES, `${key}: recorded once per batch`);
  }
  t.ok((await actor.check()).ok);
});
