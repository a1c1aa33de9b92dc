/**
 * Reading a prompt: the fields it names and the numbers it gives, before anything is filled in.
 *
 * How text is read
 * - Text is lower-cased; apostrophes are dropped ("bird's eye" → "birds eye"); `_`, `-` and
 *   spaces all separate words, so `golden_hour`, `golden-hour` and `golden hour` are one phrase.
 *   Punctuation (, . ; : ! ? brackets) ends a clause: no phrase spans it.
 * - Numbers with a unit are read first and cut out: "4 s"/"2.5 seconds"/"500 ms"/"1 min",
 *   "512x288"/"720p"/"1080p"/"4k", "24 fps", "120 bpm" (tempo), "opacity 0.5"/"50% opacity"/
 *   "30% transparent" (= opacity 0.7), "45 degrees"/"angle 45", "3 shots"/"single shot",
 *   "seed 42". A level may follow a sound layer word: "rumble 0.4", "hiss at 20%".
 * - The rest is matched phrase by phrase, leftmost and longest first, whole words only: in
 *   "zoom out" the phrase zoom_out wins and "zoom" is not matched again; "b-roll" is the scene
 *   type, not the camera move "roll"; "slow build" is a tension curve, not a speed.
 * - A phrase is either **bare** (a canonical value in any spelling, or a synonym) or **qualified**
 *   (a field label next to a value: "camera speed slow", "slow camera", "audio mood dark",
 *   "genre horror", "slow motion", "warm light", "wide shot").
 * - A bare phrase fills **every** field whose list names it: "static" → camera motion, motion
 *   speed and scene type; "slow" → camera speed, motion speed and audio tempo; "dreamy" → audio
 *   mood, narrative mood, theme and palette; "noir" → style and setting; "cinematic" → genre and
 *   style; "handheld" → camera motion and steadiness. Narrative values are intended per aspect,
 *   so one word filling several aspects is by design. A synonym fills the fields listed for it
 *   ("pull back" → camera zoom_out; "sunset" → setting golden_hour and palette warm_sunset).
 * - A qualified phrase fills only the fields its label names, and beats any bare phrase whatever
 *   the order; between two phrases of the same kind the first one in the text wins.
 * - Negations that would otherwise name a value are phrases of their own: "no shape" (shape
 *   none), "no sound"/"silent" (presence silence), "no music" (nothing), "no layers", "opaque".
 */
import { VALUES } from '../../base/values.js';
import { MotionRegistryError } from '../../base/errors.js';
import { DOMAIN_FIELDS, type SceneSpec, type SpecDomain } from '../../model/scene.js';
import { MAX_PHRASE, PHRASES, type Assignment } from './phrases.js';

/** What a prompt names, before defaults, inference and random choices. */
export interface PromptAnalysis {
  /** Enumerated fields named by the prompt (dotted path → canonical value). */
  named: Record<string, string>;
  /** Which of `named` came from qualified phrases. */
  qualified: string[];
  /** Which of `named` came from a bare word that also filled fields of other groups (see `Naming`). */
  loose: string[];
  layers: Array<{ primitive: SceneSpec['audio']['layers'][number]['primitive']; level?: number }>;
  noLayers: boolean;
  alpha?: boolean;
  opacity?: number;
  duration?: number;
  width?: number;
  height?: number;
  fps?: number;
  angle?: number;
  shots?: number;
  seed?: number;
  /** The phrases matched, in order. */
  matched: string[];
}

const NUM = String.raw`(\d+(?:\.\d+)?(?:e-?\d+)?|\.\d+)`;
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen'];
const BOUNDARY = ' , ';

function fraction(n: number, percent: boolean): number {
  return percent || n > 1 ? n / 100 : n;
}

/** Reads the numbers with units out of the text; returns the text with them cut out. */
function readNumbers(text: string, out: PromptAnalysis): string {
  const take = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    text = text.replace(re, (...args) => { fn(args.slice(0, -2) as unknown as RegExpExecArray); return BOUNDARY; });
  };
  take(/\bseed\s*[:=#]?\s*(\d+)\b/g, (m) => { out.seed ??= Number(m[1]); });
  take(new RegExp(String.raw`\b(\d+)\s*[x×]\s*(\d+)\b`, 'g'), (m) => { out.width ??= Number(m[1]); out.height ??= Number(m[2]); });
  take(/\b(\d{3,4})p\b/g, (m) => {
    const h = Number(m[1]);
    out.height ??= h; out.width ??= 2 * Math.round((h * 16) / 9 / 2);
  });
  take(/\b(?:4k|uhd)\b/g, () => { out.width ??= 3840; out.height ??= 2160; });
  take(/\bfull\s*hd\b/g, () => { out.width ??= 1920; out.height ??= 1080; });
  take(new RegExp(String.raw`${NUM}\s*-?\s*(?:fps|frames?\s*(?:per\s*second|\/\s*s))\b`, 'g'), (m) => { out.fps ??= Math.round(Number(m[1])); });
  take(new RegExp(String.raw`${NUM}\s*-?\s*bpm\b`, 'g'), (m) => {
    const bpm = Number(m[1]);
    out.named['audio.tempo'] ??= bpm < 90 ? 'slow' : bpm < 130 ? 'medium' : 'fast';
  });
  take(new RegExp(String.raw`\b(\d+|${NUMBER_WORDS.join('|')})\s*-?\s*shots\b`, 'g'), (m) => {
    out.shots ??= /\d/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS.indexOf(m[1]);
  });
  take(/\b(?:single|one)[\s_-]*shot\b/g, () => { out.shots ??= 1; });
  take(new RegExp(String.raw`${NUM}\s*-?\s*(?:ms|milliseconds?)\b`, 'g'), (m) => { out.duration ??= Number(m[1]) / 1000; });
  take(new RegExp(String.raw`${NUM}\s*-?\s*(?:mins?|minutes?)\b`, 'g'), (m) => { out.duration ??= Number(m[1]) * 60; });
  take(new RegExp(String.raw`${NUM}\s*-?\s*(?:s|secs?|seconds?)\b`, 'g'), (m) => { out.duration ??= Number(m[1]); });
  take(new RegExp(String.raw`\bopacity\s*(?:of|at|=|:)?\s*${NUM}\s*(%)?`, 'g'), (m) => { out.opacity ??= fraction(Number(m[1]), !!m[2]); });
  take(new RegExp(String.raw`${NUM}\s*(%|percent)?\s*(?:opacity|opaque)\b`, 'g'), (m) => { out.opacity ??= fraction(Number(m[1]), !!m[2]); });
  take(new RegExp(String.raw`${NUM}\s*(%|percent)?\s*(?:transparent|transparency)\b`, 'g'), (m) => { out.opacity ??= 1 - fraction(Number(m[1]), !!m[2]); });
  take(new RegExp(String.raw`${NUM}\s*(?:°|-?\s*(?:degrees?|deg)\b)`, 'g'), (m) => { out.angle ??= Number(m[1]); });
  take(new RegExp(String.raw`\bangle\s*(?:of|=|:)?\s*${NUM}`, 'g'), (m) => { out.angle ??= Number(m[1]); });
  return text;
}

/** The words, numbers and clause breaks of a text. */
function tokens(text: string): string[] {
  return text.toLowerCase().replace(/['’`]/g, '').replace(/&/g, ' and ')
    .match(new RegExp(String.raw`${NUM}\s*%?|[a-z]+|\d+|[,.;:!?()\[\]{}|/"]`, 'g'))?.map((t) => t.replace(/\s+/g, '')) ?? [];
}
/** The spec groups a scene is rendered from. */
const SCENE_GROUPS = new Set(['gradient', 'camera', 'motion', 'lighting', 'composition', 'transition', 'audio']);
/** Fields whose values extraction observes. */
const OBSERVED_FIELDS = new Set((Object.keys(DOMAIN_FIELDS) as SpecDomain[])
  .filter((domain) => VALUES.dynamic_domains[domain] === 'observed')
  .map((domain) => DOMAIN_FIELDS[domain].join('.')));

/**
 * The fields a phrase names loosely: all of them when a bare phrase fills fields of several groups
 * ("slowly": camera speed, subject speed and tempo); else those beside an observed field, which is
 * what the phrase names ("handheld camera": the camera move; its steadiness is a reading that can
 * yield).
 */
function looseSlots(found: readonly Assignment[]): Set<string> {
  const scene = found.filter((a) => SCENE_GROUPS.has(a.slot.split('.')[0]));
  const bare = scene.filter((a) => !a.qualified);
  if (new Set(bare.map((a) => a.slot.split('.')[0])).size > 1) return new Set(bare.map((a) => a.slot));
  return scene.some((a) => OBSERVED_FIELDS.has(a.slot)) ? new Set(scene.filter((a) => !OBSERVED_FIELDS.has(a.slot)).map((a) => a.slot)) : new Set();
}
const isNumber = (t: string) => /^[\d.]/.test(t) && /\d/.test(t);
const isBreak = (t: string) => !/[a-z\d]/.test(t);

/** Reads a prompt: the fields it names and the numbers it gives. Does not fill anything in. */
export function analyze(prompt: string): PromptAnalysis {
  checkPrompt(prompt);
  const out: PromptAnalysis = { named: {}, qualified: [], loose: [], layers: [], noLayers: false, matched: [] };
  const text = readNumbers(prompt.toLowerCase(), out);
  const qualified = new Set<string>();
  const loose = new Set<string>();
  const tempoFromBpm = out.named['audio.tempo'] !== undefined;
  if (tempoFromBpm) qualified.add('audio.tempo');
  const toks = tokens(text);
  let i = 0;
  while (i < toks.length) {
    if (isBreak(toks[i])) { i++; continue; }
    let len = 0;
    let found: readonly Assignment[] | undefined;
    for (let n = Math.min(MAX_PHRASE, toks.length - i); n >= 1 && !found; n--) {
      const slice = toks.slice(i, i + n);
      if (slice.some(isBreak)) continue;
      const hit = PHRASES.get(slice.join(' '));
      if (hit) { found = hit; len = n; }
    }
    if (!found) { i++; continue; }
    out.matched.push(toks.slice(i, i + len).join(' '));
    i += len;
    const loosely = looseSlots(found);
    for (const a of found) {
      if (a.slot === 'layer') {
        // An optional level follows: "rumble 0.4", "hiss at 20%", "tone level 0.3".
        let j = i;
        while (j < toks.length && (toks[j] === 'at' || toks[j] === 'level' || toks[j] === 'of')) j++;
        let level: number | undefined;
        if (j < toks.length && isNumber(toks[j])) {
          level = fraction(Number(toks[j].replace('%', '')), toks[j].endsWith('%'));
          i = j + 1;
        }
        if (out.layers.length < 8) out.layers.push({ primitive: a.value as PromptAnalysis['layers'][number]['primitive'], ...(level === undefined ? {} : { level }) });
      } else if (a.slot === 'layers') out.noLayers = true;
      else if (a.slot === 'alpha') out.alpha ??= a.value === 'true';
      else if (a.slot === 'shots') out.shots ??= Number(a.value);
      else if (out.named[a.slot] === undefined || (a.qualified && !qualified.has(a.slot))) {
        out.named[a.slot] = a.value;
        if (a.qualified) qualified.add(a.slot);
        if (loosely.has(a.slot)) loose.add(a.slot);
        else loose.delete(a.slot);
      }
    }
  }
  out.qualified = [...qualified];
  out.loose = [...loose];
  return out;
}

function checkPrompt(prompt: unknown): asserts prompt is string {
  if (typeof prompt !== 'string') throw new MotionRegistryError('INPUT_INVALID', `prompt must be a string, got ${prompt === null ? 'null' : typeof prompt}`);
  if (prompt.trim() === '') throw new MotionRegistryError('INPUT_INVALID', 'prompt is empty');
}
