import { colorKey } from '../model/color.js';
import { COLOR_DOMAIN, SOUND_DOMAIN } from '../model/registries.js';
import type { ColorObservation, DynamicObservation, Observation, RegistryName, SoundObservation } from '../model/records.js';
import { dynamicKey } from '../model/dynamic.js';
import { combinationKey } from '../model/combination.js';
import { cellId } from '../model/keys.js';
import type { DynamicValue } from './dynamic/types.js';
import type { FrameAnalysis, InstantAnalysis } from './tasks.js';

/**
 * Folds an input's observations per cell as they arrive: the earliest observation of each cell
 * in the media is kept with a count, so memory is bounded by the cell space whatever the input
 * length, and the result does not depend on the order in which the workers finish.
 */
export interface FoldedCell {
  registry: RegistryName;
  domain: string;
  key: string;
  observation: Observation & { count: number };
}

export class ObservationFold {
  private readonly cells = new Map<string, FoldedCell>();

  constructor(private readonly file: string, private readonly prompt?: string) {}

  private add(registry: RegistryName, domain: string, key: string, o: Observation): void {
    const id = cellId(registry, domain, key);
    const known = this.cells.get(id);
    const kept = (count: number) => ({ ...o, count, ...(this.prompt ? { prompt: this.prompt } : {}) });
    if (!known) this.cells.set(id, { registry, domain, key, observation: kept(1) });
    else if ((o.source?.time ?? Infinity) < (known.observation.source?.time ?? Infinity)) known.observation = kept(known.observation.count + 1);
    else known.observation.count += 1;
  }

  frame(result: FrameAnalysis, time: number): void {
    const color = ([r, g, b, a]: number[]): ColorObservation => ({
      registry: 'static_color', r, g, b, opacity: a / 255, source: { file: this.file, time },
    });
    this.add('static_color', COLOR_DOMAIN, colorKey(result.mean[0], result.mean[1], result.mean[2], result.mean[3] / 255), color(result.mean));
    for (const cell of result.dominant) this.add('static_color', COLOR_DOMAIN, colorKey(cell[0], cell[1], cell[2], cell[3] / 255), color(cell));
  }

  instant(result: InstantAnalysis, time: number): void {
    if (result.timbre === 'unclassified') return;
    const o: SoundObservation = {
      registry: 'static_sound', amplitude: Math.min(1, result.amplitude), tone: result.tone, timbre: result.timbre,
      peak_hz: result.peak_hz, flatness: Math.min(1, Math.max(0, result.flatness)), source: { file: this.file, time },
    };
    this.add('static_sound', SOUND_DOMAIN, result.key, o);
  }

  /**
   * Dynamic values of one window, plus the combination cells they complete: gradient × camera
   * from the window itself, tempo × mood × presence with the mood the clip was made with.
   */
  window(values: DynamicValue[], time: number, mood?: string): void {
    const add = (domain: string, value: string, fields: Partial<DynamicValue> = {}) => {
      const o: DynamicObservation = { registry: 'dynamic', domain, value, ...fields, source: { file: this.file, time } };
      this.add('dynamic', domain, dynamicKey(domain, value, fields), o);
    };
    const of = (domain: string) => values.find((v) => v.domain === domain)?.value;
    for (const { domain, value, ...fields } of values) add(domain, value, fields);
    const gradient = of('gradient_type');
    const camera = of('camera_motion');
    if (gradient && camera) add('gradient_camera', combinationKey([gradient, camera]));
    const tempo = of('sound_tempo');
    const presence = of('sound_presence');
    if (tempo && presence && mood) add('sound_tempo_mood_presence', combinationKey([tempo, mood, presence]));
  }

  /** Every observed cell with its key and its folded observation, in first-seen order. */
  folded(): FoldedCell[] {
    return [...this.cells.values()];
  }

  get size(): number {
    return this.cells.size;
  }
}
