// Piscina entry point: per-frame color and per-instant sound analysis.
import { FrameHistogram } from '../src/pipeline/histogram.js';
import { analyzeFrame, type FrameAnalysis } from '../src/pipeline/frame-analysis.js';
import { SoundAnalyzer, type InstantAnalysis } from '../src/pipeline/sound-analysis.js';
import type { ExtractionTask } from '../src/pipeline/tasks.js';

const histogram = new FrameHistogram();
const analyzers = new Map<string, SoundAnalyzer>();

function analyzer(sampleRate: number, primitives: string[], silenceAmplitude: number): SoundAnalyzer {
  const id = `${sampleRate}/${primitives.join(',')}/${silenceAmplitude}`;
  let a = analyzers.get(id);
  if (!a) analyzers.set(id, (a = new SoundAnalyzer({ sampleRate, primitives, silenceAmplitude })));
  return a;
}

export default function extract(task: ExtractionTask): FrameAnalysis | InstantAnalysis {
  if (task.kind === 'frame') {
    return analyzeFrame(histogram, new Uint8Array(task.buffer, task.byteOffset, task.byteLength), task.minShare);
  }
  const samples = new Float32Array(task.buffer, task.byteOffset, task.samples);
  return analyzer(task.sampleRate, task.primitives, task.silenceAmplitude).analyze(samples);
}
