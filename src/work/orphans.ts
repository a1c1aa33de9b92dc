import type { Logger } from '../base/log.js';
import type { RegistryActor } from '../registry/actor.js';
import { orderKey } from '../loop/order.js';
import type { OrphanHandler } from './queue.js';

/**
 * Replies no running job waits for (the registry restarted while a worker had the job, or the
 * reply came twice): what a worker observed is real evidence, so it is recorded, once per job.
 */
export function recordOrphans(actor: RegistryActor, log: Logger): OrphanHandler {
  return async (reply) => {
    if (!reply.ok) {
      log.info({ job_id: reply.job_id, worker: reply.worker, err: reply.error }, 'a failed job answered after its registry stopped waiting');
      return;
    }
    const job = await actor.job(reply.job_id);
    if (!job || orderKey(job) !== reply.order) {
      log.warn({ job_id: reply.job_id, order: reply.order, worker: reply.worker }, 'a reply for a job this store never made was dropped (another registry on the same stream?)');
      return;
    }
    const { extraction, intended, file } = reply.execution;
    const recorded = await actor.record([...extraction.cells.map((c) => c.observation), ...intended], { job_id: String(reply.job_id), file }, { once: `job-${reply.job_id}` });
    if (!recorded.duplicate) log.info({ job_id: reply.job_id, worker: reply.worker, new_cells: recorded.discoveries.length }, 'a job answered after its registry stopped waiting was recorded');
  };
}
