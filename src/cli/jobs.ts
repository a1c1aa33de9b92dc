import type { Command } from 'commander';
import { MotionRegistryError } from '../base/errors.js';
import { JOB_STATUSES, type JobRecord, type JobStatus } from '../registry/jobs.js';
import { columns } from './table.js';
import { contextFrom, withReader } from './context.js';
import { positiveInteger } from './options.js';
import { print } from './terminal.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

const total = (p: Record<string, number | undefined>) => Object.values(p).reduce<number>((a, b) => a + (b ?? 0), 0);

function table(jobs: JobRecord[]): string {
  return columns([
    ['id', 'workflow', 'mode', 'status', 'seconds', 'new', 'hits', 'prompt / error'],
    ...jobs.map((j) => [
      String(j.id), j.workflow, j.mode, j.status, String(j.timings.total_s ?? '–'), String(total(j.new_cells)),
      `${total(j.hits)}/${j.targets.length}`,
      j.error ? `${j.error.code}: ${j.error.message}` : j.prompt,
    ]),
  ]);
}

/** `jobs [id]`: stored loop jobs, most recent first, or one job whole. */
export function jobsCommand(cmd: Command, action: Action): void {
  cmd
    .argument('[id]', 'show this job whole (as JSON)', positiveInteger)
    .option('--status <status>', `only jobs with this status: ${JOB_STATUSES.join(', ')}`)
    .option('--workflow <name>', 'only jobs of this workflow')
    .option('--last <n>', 'the most recent N', positiveInteger, 20)
    .option('--json', 'print the jobs as JSON')
    .action(action(async (id: number | undefined, opts: { status?: string; workflow?: string; last: number; json?: boolean }, self: Command) => {
      if (opts.status !== undefined && !(JOB_STATUSES as readonly string[]).includes(opts.status)) {
        throw new MotionRegistryError('INPUT_INVALID', `--status must be one of: ${JOB_STATUSES.join(', ')}`);
      }
      await withReader(contextFrom(self), async (actor) => {
        if (id !== undefined) {
          const job = await actor.job(id);
          if (!job) throw new MotionRegistryError('NOT_FOUND', `no job ${id}`);
          print(`${JSON.stringify(job, null, 2)}\n`);
          return;
        }
        const jobs = await actor.jobs({ status: opts.status as JobStatus | undefined, workflow: opts.workflow, last: opts.last });
        print(opts.json ? `${JSON.stringify(jobs, null, 2)}\n` : `${table(jobs)}\n`);
      });
    }));
}
