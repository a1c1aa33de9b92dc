// Piscina entry point: per-frame color, per-instant sound and per-window dynamic analysis.
import { FrameHistogram } from '../src/extract/color/histogram.js';
import { analyzeFrame, type FrameAnalysis } from '../src/extract/color/frame-analysis.js';
import { SoundAnalyzer, type InstantAnalysis } from '../src/extract/sound/analysis.js';
import { analyzeVisualWindow } from '../src/extract/dynamic/visual.js';
import { windowSubjectTrack } from '../src/extract/dynamic/subject-track.js';
import { analyzeSoundWindow } from '../src/extract/dynamic/sound.js';
import type { DynamicValue } from '../src/extract/dynamic/types.js';
import type { ExtractionTask, WindowAnalysis } from '../src/extract/tasks.js';

const histogram = new FrameHistogram();
const analyzers = new Map<string, SoundAnalyzer>();

function analyzer(sampleRate: number, primitives: string[], silenceAmplitude: number): SoundAnalyzer {
  const id = `${sampleRate}/${primitives.join(',')}/${silenceAmplitude}`;
  let a = analyzers.get(id);
  if (!a) analyzers.set(id, (a = new SoundAnalyzer({ sampleRate, primitives, silenceAmplitude })));
  return a;
}

export default function extract(task: ExtractionTask): FrameAnalysis | InstantAnalysis[] | WindowAnalysis | DynamicValue[] {
  switch (task.kind) {
    case 'frame':
      return analyzeFrame(histogram, new Uint8Array(task.buffer, task.byteOffset, task.byteLength), task.minShare);
    case 'instant': {
      const sound = analyzer(task.sampleRate, task.primitives, task.silenceAmplitude);
      return task.take.map((k) => sound.analyze(new Float32Array(task.buffer, task.byteOffset + k * task.samples * 4, task.samples)));
    }
    case 'window': {
      const frameBytes = task.width * task.height * 4;
      const frames = Array.from({ length: task.frames }, (_, i) => new Uint8Array(task.buffer, task.byteOffset + i * frameBytes, frameBytes));
      const window = { index: task.index, start: task.start, fps: task.fps, width: task.width, height: task.height, frames, previous: task.previous };
      const values = analyzeVisualWindow(window);
      return { values, subject: frames.length > 0 ? windowSubjectTrack(window) : null };
    }
    case 'sound-window':
      return analyzeSoundWindow({
        index: task.index, start: task.start, sampleRate: task.sampleRate, samples: new Float32Array(task.buffer, task.byteOffset, task.samples), previous: task.previous,
      });
  }
}
