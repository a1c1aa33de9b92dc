import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import { nanos, StorageType, type NatsConnection, type ObjectStore } from 'nats';
import type { Config } from '../base/config-schema.js';
import { MotionRegistryError } from '../base/errors.js';
import type { WorkOrder } from '../loop/order.js';
import type { Recipe, WorkRuntime } from '../loop/recipe.js';

/** Uploads waiting for a worker are dropped after a day whatever happens to their job. */
const MEDIA_TTL_MS = 24 * 3600 * 1000;

export const mediaBucket = (stream: string) => `${stream}_MEDIA`;

/**
 * Media handed to workers: a JetStream object store beside the work queues, replicated like them.
 * Any worker on any machine can read it, with nothing to mount; the file is chunked by NATS, so
 * no message carries more than the server's payload limit.
 */
export function mediaStore(nc: NatsConnection, config: Config): Promise<ObjectStore> {
  return nc.jetstream().views.os(mediaBucket(config.bus.stream), { replicas: config.bus.replicas, ttl: nanos(MEDIA_TTL_MS), storage: StorageType.File });
}

export async function putMedia(store: ObjectStore, file: string, object: string): Promise<void> {
  await store.put({ name: object }, Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>);
}

/** A media file to extract, as stored with its job. */
export interface MediaSpec {
  kind: 'media';
  /** The object holding the file, in the media store. */
  object: string;
  /** The file's name as uploaded: the records' source. */
  name: string;
  max_frames?: number;
  sample_every?: number;
  second_pass?: boolean;
}

export const isMediaSpec = (spec: unknown): spec is MediaSpec => (spec as { kind?: unknown } | null)?.kind === 'media';

/** Fetches the upload from the media store into the worker's clip dir, then extracts it as given. */
export function mediaRecipe(rt: WorkRuntime, order: WorkOrder, spec: MediaSpec): Recipe {
  return {
    render: async () => {
      if (!rt.media) throw new MotionRegistryError('INPUT_INVALID', `job ${order.job.id} extracts an upload, which only a worker with the media store can fetch`, { job_id: order.job.id });
      const found = await rt.media.get(spec.object);
      if (!found) throw new MotionRegistryError('NOT_FOUND', `job ${order.job.id}: the upload ${spec.name} is no longer in the media store`, { job_id: order.job.id });
      const file = join(rt.clipDir, `media-${order.job.id}`);
      await pipeline(Readable.fromWeb(found.data as unknown as WebReadable<Uint8Array>), createWriteStream(file));
      if (await found.error) throw new MotionRegistryError('NOT_FOUND', `job ${order.job.id}: the upload ${spec.name} could not be read whole`, { job_id: order.job.id });
      return { file };
    },
    extract: { prompt: undefined, maxFrames: spec.max_frames, sampleEvery: spec.sample_every, secondPass: spec.second_pass },
    source: spec.name,
  };
}
