import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { formatError, MotionRegistryError, toMotionRegistryError, type ErrorJSON } from '../base/errors.js';
import type { FfmpegBinary } from '../media/ffmpeg.js';
import { extractFile, type FileExtraction } from '../extract/extract.js';
import { ExtractionPool } from '../extract/pool.js';
import type { RegistryActor } from '../registry/actor.js';
import type { RecordResult, RegistryName } from '../model/records.js';
import { cellId } from '../model/keys.js';
import { contextFrom, ffmpegFor, withActor, type Context } from './context.js';
import { nonNegativeInteger, positiveInteger } from './options.js';
import { columns } from './table.js';
import { print, statusBar, writeErr } from './terminal.js';

type Action = <A extends unknown[]>(body: (...args: A) => Promise<void>) => (...args: A) => Promise<void>;

interface ExtractOptions {
  maxFrames?: number;
  sampleEvery?: number;
  secondPass?: boolean;
  dynamic?: boolean;
  static?: boolean;
  json?: boolean;
  progress?: boolean;
  remote?: string | true;
}

export interface FileReport {
  file: string;
  ok: boolean;
  error?: { code: string; message: string };
  frames?: number;
  instants?: number;
  windows?: number;
  seconds?: number;
  new_cells?: Partial<Record<RegistryName, number>>;
  cells?: Array<{ registry: RegistryName; domain: string; key: string; count: number; new: boolean }>;
}

function report(file: string, extraction: FileExtraction, result: RecordResult): FileReport {
  const fresh = new Set(result.discoveries.map((d) => cellId(d.registry, d.domain, d.key)));
  const newCells: Partial<Record<RegistryName, number>> = {};
  for (const d of result.discoveries) newCells[d.registry] = (newCells[d.registry] ?? 0) + 1;
  return {
    file, ok: true, frames: extraction.frames, instants: extraction.instants, windows: extraction.windows, seconds: Number(extraction.seconds.toFixed(3)),
    new_cells: newCells,
    cells: extraction.cells.map((c) => ({
      registry: c.registry, domain: c.domain, key: c.key, count: c.observation.count, new: fresh.has(cellId(c.registry, c.domain, c.key)),
    })),
  };
}

export function extractCommand(cmd: Command, action: Action): void {
  cmd
    .argument('<files...>', 'media files (any container ffmpeg reads; video, audio or both)')
    .option('--max-frames <n>', 'frames analysed per file; 0 = all (default: learning.max_frames from the config)', nonNegativeInteger)
    .option('--sample-every <n>', 'analyse every Nth frame (default: every frame of clips shorter than learning.short_clip_seconds, else learning.sample_every)', positiveInteger)
    .option('--second-pass', 'a second static pass over other frames of each file')
    .option('--no-dynamic', 'skip the per-window analysis (camera, motion, light, transitions, tempo): static colors and sounds only')
    .option('--no-static', 'skip the per-frame colors and per-instant sounds: window analysis only')
    .option('--json', 'print a JSON report: per file, every cell observed, its count and whether it was new')
    .option('--no-progress', 'no progress bars')
    .option('--remote [url]', 'send the files to a running service (default http://<api.host>:<api.port>) instead of opening the store: it extracts them, or hands them to its workers')
    .action(action(async (files: string[], opts: ExtractOptions, self: Command) => {
      const ctx = contextFrom(self);
      if (opts.dynamic === false && opts.static === false) throw new MotionRegistryError('INPUT_INVALID', '--no-dynamic and --no-static leave nothing to extract');
      if (opts.remote !== undefined) {
        if (opts.dynamic === false || opts.static === false) throw new MotionRegistryError('INPUT_INVALID', '--no-dynamic and --no-static apply to extraction here, not with --remote');
        const url = opts.remote === true ? `http://${ctx.config.api.host}:${ctx.config.api.port}` : opts.remote.replace(/\/$/, '');
        const reports: FileReport[] = [];
        for (const file of files) reports.push(await extractRemote(file, url, opts));
        finish(reports, opts);
        return;
      }
      // ffmpeg is found, the pool's threads start and the store opens at the same time.
      const finding = ffmpegFor(ctx);
      finding.catch(() => undefined);
      const pool = new ExtractionPool(ctx.config.pipeline.workers);
      const reports: FileReport[] = [];
      try {
        await withActor(ctx, async (actor) => {
          const ffmpeg = await finding;
          for (const file of files) reports.push(await extractOne(file, opts, ctx, actor, pool, ffmpeg));
        });
      } finally {
        await pool.close();
      }
      finish(reports, opts);
    }));
}

function finish(reports: FileReport[], opts: ExtractOptions): void {
  print(opts.json ? `${JSON.stringify({ files: reports }, null, 2)}\n` : `${summary(reports)}\n`);
  if (reports.some((r) => !r.ok)) process.exitCode = 1;
}

interface ExtractAnswer {
  frames: number;
  instants: number;
  windows: number;
  seconds: number;
  new_cells: Array<{ registry: RegistryName }>;
}

/** One file through a running service's `POST /api/extract`: the same report, without the per-cell list. */
async function extractRemote(file: string, url: string, opts: ExtractOptions): Promise<FileReport> {
  const query = new URLSearchParams({ name: basename(file) });
  if (opts.maxFrames !== undefined) query.set('max_frames', String(opts.maxFrames));
  if (opts.sampleEvery !== undefined) query.set('sample_every', String(opts.sampleEvery));
  if (opts.secondPass) query.set('second_pass', 'true');
  try {
    const size = (await stat(file)).size;
    const res = await fetch(`${url}/api/extract?${query}`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      body: Readable.toWeb(createReadStream(file)) as unknown as ReadableStream<Uint8Array>, duplex: 'half',
    } as RequestInit).catch((err: unknown) => {
      throw new MotionRegistryError('UNAVAILABLE', `no service answers at ${url}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`, { url });
    });
    const body = await res.json() as ExtractAnswer & { error?: ErrorJSON };
    if (!res.ok) throw MotionRegistryError.fromJSON(body.error ?? { code: 'INTERNAL', message: `${res.status} from ${url}` });
    const newCells: Partial<Record<RegistryName, number>> = {};
    for (const d of body.new_cells) newCells[d.registry] = (newCells[d.registry] ?? 0) + 1;
    return { file, ok: true, frames: body.frames, instants: body.instants, windows: body.windows, seconds: body.seconds, new_cells: newCells };
  } catch (err) {
    const e = toMotionRegistryError(err);
    writeErr(`motion-registry: ${file}: ${formatError(e)}\n`);
    return { file, ok: false, error: { code: e.code, message: e.message } };
  }
}

async function extractOne(
  file: string, opts: ExtractOptions, ctx: Context, actor: RegistryActor, pool: ExtractionPool, ffmpeg: FfmpegBinary,
): Promise<FileReport> {
  const bar = opts.progress !== false && !opts.json ? statusBar('{file} [{bar}] {value}/{total} frames  {fps} fps', 1, { file, fps: '0' }) : null;
  const started = performance.now();
  try {
    const extraction = await extractFile(file, {
      config: ctx.config, pool, ffmpeg,
      onProgress: (p) => {
        if (!bar) return;
        bar.setTotal(Math.max(p.expectedFrames ?? p.frames, p.frames, 1));
        bar.update(p.frames || p.instants, { fps: ((p.frames || p.instants) / ((performance.now() - started) / 1000)).toFixed(0) });
      },
    }, { maxFrames: opts.maxFrames, sampleEvery: opts.sampleEvery, secondPass: opts.secondPass, dynamic: opts.dynamic, static: opts.static });
    bar?.stop();
    const result = await actor.record(extraction.cells.map((c) => c.observation), { file });
    return report(file, extraction, result);
  } catch (err) {
    bar?.stop();
    const e = toMotionRegistryError(err);
    writeErr(`motion-registry: ${file}: ${formatError(e)}\n`);
    ctx.log.debug({ err: e.toJSON(), file }, 'extract failed');
    return { file, ok: false, error: { code: e.code, message: e.message } };
  }
}

function summary(reports: FileReport[]): string {
  // New cells per registry under short headers, so that the table fits 80 columns.
  const rows = [['file', 'frames', 'instants', 'windows', 'colors', 'sounds', 'dynamic', 'status']];
  for (const r of reports) {
    rows.push([
      r.file, String(r.frames ?? '-'), String(r.instants ?? '-'), String(r.windows ?? '-'),
      String(r.new_cells?.static_color ?? 0), String(r.new_cells?.static_sound ?? 0), String(r.new_cells?.dynamic ?? 0),
      r.ok ? 'ok' : r.error!.code,
    ]);
  }
  return columns(rows);
}
