import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { MotionRegistryError } from '../../base/errors.js';
import { extractFile, type ExtractOptions } from '../../extract/extract.js';
import { runJob } from '../../loop/job.js';
import { API_WORKFLOW, BUSY_RETRY_S } from '../jobs-runner.js';
import type { LoopRuntime } from '../../loop/runtime.js';
import type { MediaSpec } from '../../work/media.js';
import type { Executor } from '../../loop/order.js';
import { requireRuntime, type ApiContext } from '../context.js';

/** Media bodies are passed on as the request stream, unparsed. */
const MEDIA_TYPES = /^(application\/octet-stream|video\/|audio\/)/;

interface ExtractQuery {
  name: string;
  max_frames?: number;
  sample_every?: number;
  second_pass?: boolean;
}

/**
 * Writes an upload to `file`; past `max` bytes it stops with INPUT_TOO_LARGE, leaving the rest of
 * the request unread (not destroyed) so the answer can still be sent.
 */
async function saveUpload(body: Readable, file: string, max: number): Promise<void> {
  const out = createWriteStream(file);
  let seen = 0;
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > max) throw new MotionRegistryError('INPUT_TOO_LARGE', `the upload is larger than ${max} bytes`, { limit: max });
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out);
  }
}

/** Extracted by this process's pool and recorded at once. */
async function here(rt: LoopRuntime, file: string, name: string, options: ExtractOptions) {
  const extraction = await extractFile(file, { config: rt.config, pool: rt.pool, ffmpeg: rt.ffmpeg }, options);
  rt.metrics.extracted(extraction);
  const recorded = await rt.actor.record(extraction.cells.map((c) => ({ ...c.observation, source: { ...c.observation.source, file: name } })));
  return { extraction, recorded };
}

/** Handed to a worker through the media store, as a job of its own (listed with the other jobs). */
async function onWorkers(rt: LoopRuntime, media: NonNullable<Executor['media']>, file: string, name: string, query: ExtractQuery) {
  const object = await media.upload(file, name);
  try {
    const spec: MediaSpec = { kind: 'media', object, name, max_frames: query.max_frames, sample_every: query.sample_every, second_pass: query.second_pass };
    const result = await runJob(rt, { workflow: API_WORKFLOW, mode: 'manual', spec, prompt: `extract ${name}`, seed: 0, targets: [], video_seconds: 0 });
    if (!result.extraction || !result.recorded) throw MotionRegistryError.fromJSON(result.job.error!);
    return { extraction: result.extraction, recorded: result.recorded };
  } finally {
    await media.discard(object);
  }
}

/** A file name safe to write and to keep as the records' source. */
const safeName = (name: string) => basename(name).replace(/[^\w.-]/g, '_').slice(0, 100) || 'upload';

/**
 * Upload a media file as the request body (`application/octet-stream`, `video/*` or `audio/*`):
 * it is streamed to a temp file under the size limit, extracted, recorded and removed.
 */
export function extractRoutes(app: FastifyInstance, ctx: ApiContext): void {
  let uploading = 0;
  app.addContentTypeParser(MEDIA_TYPES, (_request, payload, done) => done(null, payload));

  app.post<{ Querystring: ExtractQuery; Body: Readable }>('/api/extract', {
    schema: {
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 255, default: 'upload' },
          max_frames: { type: 'integer', minimum: 0 },
          sample_every: { type: 'integer', minimum: 1 },
          second_pass: { type: 'boolean' },
        },
      },
    },
  }, async (request, reply) => {
    const rt = requireRuntime(ctx);
    if (!MEDIA_TYPES.test(request.headers['content-type'] ?? '')) {
      throw new MotionRegistryError('INPUT_INVALID', 'send the file as the body, typed application/octet-stream, video/* or audio/*');
    }
    if (uploading >= ctx.config.api.max_uploads) {
      throw new MotionRegistryError('RATE_LIMITED', `${ctx.config.api.max_uploads} uploads are being extracted (api.max_uploads); retry in ${BUSY_RETRY_S} s`, { limit: 'api.max_uploads', retry_after_s: BUSY_RETRY_S });
    }
    const declared = Number(request.headers['content-length']);
    if (declared > ctx.maxUploadBytes) {
      throw new MotionRegistryError('INPUT_TOO_LARGE', `the upload is larger than ${ctx.maxUploadBytes} bytes`, { limit: ctx.maxUploadBytes });
    }
    const name = safeName(request.query.name);
    uploading++;
    const dir = await mkdtemp(join(tmpdir(), 'motionreg-upload-'));
    try {
      const file = join(dir, name);
      await saveUpload(request.body, file, ctx.maxUploadBytes);
      const { max_frames: maxFrames, sample_every: sampleEvery, second_pass: secondPass } = request.query;
      const { extraction, recorded } = rt.executor.media
        ? await onWorkers(rt, rt.executor.media, file, name, request.query)
        : await here(rt, file, name, { maxFrames, sampleEvery, secondPass });
      return reply.status(201).send({
        file: name, frames: extraction.frames, instants: extraction.instants, windows: extraction.windows,
        seconds: Number(extraction.seconds.toFixed(3)), cells: extraction.cells.length,
        new_cells: recorded.discoveries.map(({ registry, domain, key, name: cellName, evidence }) => ({ registry, domain, key, name: cellName, evidence })),
      });
    } finally {
      uploading--;
      await rm(dir, { recursive: true, force: true });
    }
  });
}
