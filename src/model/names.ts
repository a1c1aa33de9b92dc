import { VALUES, NARRATIVE_ASPECTS, narrativeValues } from '../base/values.js';
import { fnv1aUtf16 } from '../base/hash.js';
import { allColorKeys, binCentre, cellFamily, colorKey, OPAQUE_STEP, parseColorKey, rgbToHsl, type ColorFamily } from './color.js';
import { allSoundKeys, parseSoundKey, type ToneBand } from './sound.js';
import { allDynamicKeys, isCombinationDomain } from './dynamic.js';
import { COMBINATION_SEPARATOR } from '../base/values.js';
import { crossProduct } from './combination.js';
import { COLOR_DOMAIN, SOUND_DOMAIN, type RegistryName } from './registries.js';

/**
 * Human names for registry entries (SPEC §3.6).
 *
 * A name is one or more real English words in Title Case separated by single spaces
 * (matches NAME_PATTERN: no digits, underscores or hyphens). Names of the declared space are a
 * pure function of (registry, domain, key) computed from the fixed declared space, and are
 * one-to-one over each registry's whole declared space (all of its domains together). Keys outside
 * the declared space get fallback names that start with FALLBACK_WORD, a word no declared name
 * starts with, so they can never collide with a declared name.
 */

export const NAME_PATTERN = /^[A-Z][a-z]+( [A-Z][a-z]+)*$/;
/** First word of every fallback name; no declared name starts with it. */
export const FALLBACK_WORD = 'Stray';

// ---------------------------------------------------------------- shared helpers

const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();

/** Words of a value: split on `_`, `-` and spaces, each word title-cased. */
function splitWords(value: string): string {
  return value.split(/[_\-\s]+/).filter(Boolean).map(title).join(' ');
}

/** Value spellings that are not plain English words (or read badly), in any registry. */
const VALUE_WORDS: Record<string, string> = {
  sfx: 'Effects',
  pov: 'Viewpoint',
  'b-roll': 'Cutaway',
  'sci-fi': 'Science Fiction',
  ad: 'Advert',
  vlog: 'Video Blog',
  closeup: 'Close Up',
  two_shot: 'Two Person',
  rect: 'Rectangle',
  birds_eye: 'Birds Eye',
};

/** Per-domain spellings where the plain word would read badly next to the domain's label. */
const DOMAIN_VALUE_WORDS: Record<string, Record<string, string>> = {
  motion_directionality: { none: 'No' },
  composition_symmetry: { asymmetric: 'No' },
  composition_balance: { balanced: 'Even' },
  sound_presence: { silence: 'Silent' },
  shape_overlay: { none: 'No' },
  camera_motion: { static: 'Hold', handheld: 'Handheld Roam' },
};

function valueWords(domain: string, value: string): string {
  return DOMAIN_VALUE_WORDS[domain]?.[value] ?? VALUE_WORDS[value] ?? splitWords(value);
}

const ONES = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten',
  'Eleven', 'Twelve', 'Thirteen', 'Fourteen', 'Fifteen', 'Sixteen', 'Seventeen', 'Eighteen', 'Nineteen'];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

/** 0…100 in words: 63 → "Sixty Three", 100 → "One Hundred". */
function numberWords(n: number): string {
  if (n === 100) return 'One Hundred';
  if (n < 20) return ONES[n];
  return n % 10 === 0 ? TENS[Math.floor(n / 10)] : `${TENS[Math.floor(n / 10)]} ${ONES[n % 10]}`;
}

function domainKey(domain: string, key: string): string {
  return `${domain}\n${key}`;
}

/** Adds a name, refusing a duplicate: the tables are one-to-one by construction and checked here. */
function addName(table: Map<string, string>, used: Set<string>, domain: string, key: string, name: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`names: ${name} (${domain}/${key}) is not a valid name`);
  if (name.split(' ')[0] === FALLBACK_WORD) throw new Error(`names: ${name} starts with the fallback word`);
  if (used.has(name)) throw new Error(`names: ${name} (${domain}/${key}) is not unique`);
  used.add(name);
  table.set(domainKey(domain, key), name);
}

// ---------------------------------------------------------------- static color

/**
 * Nouns per family, ordered from the darkest to the lightest cells of the family. No noun is shared
 * between families and every noun is a single word, so `adjective noun` pairs are unique per family.
 */
const FAMILY_NOUNS: Record<ColorFamily, readonly string[]> = {
  red: ['Oxblood', 'Garnet', 'Burgundy', 'Ruby', 'Cranberry', 'Crimson', 'Cherry', 'Cardinal', 'Scarlet', 'Ember',
    'Poppy', 'Flame', 'Strawberry'],
  orange: ['Rust', 'Copper', 'Pumpkin', 'Carrot', 'Tangerine', 'Amber', 'Marigold', 'Mango', 'Papaya', 'Apricot',
    'Melon', 'Peach'],
  yellow: ['Olive', 'Brass', 'Mustard', 'Ochre', 'Gold', 'Honey', 'Sunflower', 'Canary', 'Lemon', 'Daffodil',
    'Butter', 'Straw', 'Custard'],
  green: ['Pine', 'Spruce', 'Ivy', 'Forest', 'Basil', 'Moss', 'Emerald', 'Fern', 'Clover', 'Jade', 'Meadow', 'Leaf',
    'Sage', 'Lime', 'Pistachio', 'Mint'],
  teal: ['Abyss', 'Petrol', 'Peacock', 'Verdigris', 'Patina', 'Lagoon', 'Reef', 'Teal', 'Turquoise', 'Aqua', 'Surf',
    'Aquamarine', 'Seafoam'],
  blue: ['Midnight', 'Navy', 'Sapphire', 'Cobalt', 'Ocean', 'Denim', 'Marine', 'Azure', 'Cerulean', 'Cornflower',
    'Sky', 'Glacier', 'Powder'],
  purple: ['Eggplant', 'Plum', 'Grape', 'Indigo', 'Amethyst', 'Violet', 'Iris', 'Heather', 'Orchid', 'Wisteria',
    'Lilac', 'Lavender', 'Thistle'],
  pink: ['Mulberry', 'Beetroot', 'Raspberry', 'Magenta', 'Fuchsia', 'Cerise', 'Peony', 'Rose', 'Flamingo',
    'Bubblegum', 'Carnation', 'Blossom', 'Blush', 'Petal'],
  brown: ['Espresso', 'Umber', 'Chocolate', 'Mahogany', 'Walnut', 'Coffee', 'Cocoa', 'Chestnut', 'Leather',
    'Tobacco', 'Sienna', 'Bronze', 'Caramel', 'Toffee'],
  gray: ['Charcoal', 'Graphite', 'Iron', 'Slate', 'Flint', 'Steel', 'Pewter', 'Stone', 'Cement', 'Ash', 'Nickel',
    'Silver', 'Platinum'],
  white: ['Alabaster', 'Ivory', 'Linen', 'Chalk', 'Porcelain', 'Cotton', 'Cloud', 'Lily', 'Milk', 'Frost', 'Pearl',
    'Snow'],
  black: ['Pitch', 'Tar', 'Soot', 'Coal', 'Ink', 'Raven', 'Onyx', 'Obsidian', 'Jet', 'Ebony', 'Sable', 'Crow'],
};

/** Adjectives, ordered from the least to the most saturated cells of a lightness group. */
const COLOR_ADJECTIVES: readonly string[] = ['Faded', 'Dusty', 'Weathered', 'Muted', 'Mellow', 'Soft', 'Quiet',
  'Gentle', 'Calm', 'Plain', 'Classic', 'Velvet', 'Smooth', 'True', 'Pure', 'Rich', 'Strong', 'Bold', 'Lively',
  'Vivid', 'Brilliant', 'Electric', 'Radiant', 'Blazing'];

/** Opacity words for steps 0…19 (opacity 0.0 … 0.95), transparent to nearly opaque; 1.0 has none. */
const OPACITY_WORDS: readonly string[] = ['Vanished', 'Invisible', 'Ghostly', 'Phantom', 'Spectral', 'Ethereal',
  'Gossamer', 'Sheer', 'Glassy', 'Translucent', 'Veiled', 'Misty', 'Hazy', 'Filmy', 'Cloudy', 'Milky', 'Smoky',
  'Shaded', 'Dense', 'Heavy'];

/** `adjective noun` per RGB cell (`R,G,B`), unique over all 1,331 cells. */
function colorCellNames(): Map<string, string> {
  const byFamily = new Map<ColorFamily, Array<{ rgb: string; l: number; s: number }>>();
  for (const key of allColorKeys()) {
    const cell = parseColorKey(key)!;
    if (cell.step !== 0) continue;
    const { family } = cellFamily(cell);
    const { l, s } = rgbToHsl(binCentre(cell.r), binCentre(cell.g), binCentre(cell.b));
    const list = byFamily.get(family) ?? [];
    list.push({ rgb: `${cell.r},${cell.g},${cell.b}`, l, s });
    byFamily.set(family, list);
  }
  const byKey = (a: { rgb: string }, b: { rgb: string }) => (a.rgb < b.rgb ? -1 : a.rgb > b.rgb ? 1 : 0);
  const names = new Map<string, string>();
  for (const [family, cells] of byFamily) {
    const nouns = FAMILY_NOUNS[family];
    cells.sort((a, b) => a.l - b.l || byKey(a, b));
    // Split the family's lightness order into contiguous groups, one per noun (centred, so small
    // families spread over the whole dark-to-light noun list).
    const groups: Array<typeof cells> = nouns.map(() => []);
    cells.forEach((c, i) => groups[Math.floor(((i + 0.5) * nouns.length) / cells.length)].push(c));
    groups.forEach((group, g) => {
      if (group.length > COLOR_ADJECTIVES.length) throw new Error(`names: too many ${family} cells for noun ${nouns[g]}`);
      group.sort((a, b) => a.s - b.s || byKey(a, b));
      group.forEach((c, j) => {
        const adjective = COLOR_ADJECTIVES[Math.floor(((j + 0.5) * COLOR_ADJECTIVES.length) / group.length)];
        names.set(c.rgb, `${adjective} ${nouns[g]}`);
      });
    });
  }
  return names;
}

function buildColor(table: Map<string, string>, used: Set<string>): void {
  const cellNames = colorCellNames();
  for (const key of allColorKeys()) {
    const cell = parseColorKey(key)!;
    const base = cellNames.get(`${cell.r},${cell.g},${cell.b}`)!;
    addName(table, used, COLOR_DOMAIN, key, cell.step === OPAQUE_STEP ? base : `${OPACITY_WORDS[cell.step]} ${base}`);
  }
}

// ---------------------------------------------------------------- static sound

/** Amplitude words for bands 0.0 … 1.0. */
const AMPLITUDE_WORDS: readonly string[] = ['Faint', 'Hushed', 'Quiet', 'Soft', 'Gentle', 'Moderate', 'Full',
  'Strong', 'Loud', 'Booming', 'Deafening'];
const SILENCE_NAME = 'Stillness';

/** A noun per (tone band, timbre) pair; default and extended primitives. */
const SOUND_NOUNS: Record<string, Partial<Record<ToneBand, string>>> = {
  rumble: { low: 'Rumble', mid: 'Growl', high: 'Roar' },
  tone: { low: 'Drone', mid: 'Chime', high: 'Whistle' },
  hiss: { low: 'Wind', mid: 'Whisper', high: 'Hiss' },
  hum: { low: 'Hum', mid: 'Buzz', high: 'Whine' },
  rustle: { low: 'Shuffle', mid: 'Rustle', high: 'Crackle' },
  thump: { low: 'Thump', mid: 'Knock', high: 'Tap' },
  click: { low: 'Clunk', mid: 'Click', high: 'Tick' },
  whoosh: { low: 'Whoosh', mid: 'Swoosh', high: 'Swish' },
  drip: { low: 'Plop', mid: 'Drip', high: 'Plink' },
};
const TONE_WORDS: Record<ToneBand, string> = { silent: 'Silent', low: 'Low', mid: 'Middle', high: 'High' };

function soundNoun(tone: ToneBand, timbre: string): string {
  return SOUND_NOUNS[timbre]?.[tone] ?? `${TONE_WORDS[tone]} ${title(timbre)}`;
}

/** Every primitive the config knows (default and extended); keys of unused ones are still named. */
function soundPrimitives(): string[] {
  return [...new Set([...VALUES.static_sound.primitives, ...VALUES.static_sound.extended_primitives])];
}

function buildSound(table: Map<string, string>, used: Set<string>): void {
  for (const key of allSoundKeys(soundPrimitives())) {
    const cell = parseSoundKey(key)!;
    const name = cell.timbre === 'silence' ? SILENCE_NAME : `${AMPLITUDE_WORDS[cell.band]} ${soundNoun(cell.tone, cell.timbre)}`;
    addName(table, used, SOUND_DOMAIN, key, name);
  }
}

// ---------------------------------------------------------------- dynamic

/** The label word that follows a value of a plain dynamic domain (e.g. "Fast Pace"). */
const DYNAMIC_LABELS: Record<string, string> = {
  motion_speed: 'Pace',
  motion_rhythm: 'Rhythm',
  motion_smoothness: 'Motion',
  motion_directionality: 'Direction',
  motion_acceleration: 'Acceleration',
  lighting_contrast_ratio: 'Contrast',
  lighting_color_temperature: 'Light',
  composition_balance: 'Balance',
  composition_symmetry: 'Symmetry',
  composition_framing: 'Framing',
  transition_type: 'Transition',
  sound_tempo: 'Tempo',
  sound_presence: 'Mix',
  sound_mood: 'Score',
  shape_overlay: 'Overlay',
};
/** The label that closes a combination name (none for gradient × camera: "Radial Pan"). */
const COMBINATION_LABELS: Record<string, string> = { gradient_camera: '', sound_tempo_mood_presence: 'Mix' };

function dynamicLabel(domain: string): string {
  return DYNAMIC_LABELS[domain] ?? title(domain.split('_').pop() ?? domain);
}

function dynamicName(domain: string, key: string): string {
  if (domain === 'gradient_type') {
    const m = /^(.+)_(\d\.\d\d)$/.exec(key)!;
    return `${valueWords(domain, m[1])} Gradient ${numberWords(Math.round(Number(m[2]) * 100))}`;
  }
  if (domain === 'camera_motion') {
    const parts = key.split('_');
    const [speed, steadiness] = parts.slice(-2);
    return `${title(speed)} ${title(steadiness)} ${valueWords(domain, parts.slice(0, -2).join('_'))}`;
  }
  if (isCombinationDomain(domain)) {
    const partDomains = VALUES.dynamic_combinations[domain];
    const words = key.split(COMBINATION_SEPARATOR).map((value, i) => valueWords(partDomains[i], value));
    const label = COMBINATION_LABELS[domain] ?? 'Blend';
    return [...words, ...(label ? [label] : [])].join(' ');
  }
  return `${valueWords(domain, key)} ${dynamicLabel(domain)}`;
}

function buildDynamic(table: Map<string, string>, used: Set<string>): void {
  for (const domain of [...Object.keys(VALUES.dynamic_domains), ...Object.keys(VALUES.dynamic_combinations)]) {
    for (const key of allDynamicKeys(domain)) addName(table, used, domain, key, dynamicName(domain, key));
  }
}

// ---------------------------------------------------------------- narrative

const ASPECT_LABELS: Record<string, string> = {
  genre: 'Genre',
  mood: 'Mood',
  style: 'Style',
  plots: 'Plot',
  settings: 'Setting',
  themes: 'Theme',
  scene_type: 'Shot',
};

function narrativeName(domain: string, key: string): string {
  const aspects = VALUES.narrative.combinations[domain];
  if (!aspects) return `${valueWords(domain, key)} ${ASPECT_LABELS[domain] ?? title(domain)}`;
  const values = key.split(COMBINATION_SEPARATOR);
  const words = (aspect: string) => valueWords(aspect, values[aspects.indexOf(aspect)]);
  if (domain === 'genre_mood_themes') {
    // "Tense Thriller With Loss Theme"
    return `${words('mood')} ${words('genre')} With ${words('themes')} Theme`;
  }
  return `${values.map((v, i) => valueWords(aspects[i], v)).join(' ')} Blend`;
}

function buildNarrative(table: Map<string, string>, used: Set<string>): void {
  for (const aspect of NARRATIVE_ASPECTS) {
    for (const key of narrativeValues(aspect)) addName(table, used, aspect, key, narrativeName(aspect, key));
  }
  for (const [domain, aspects] of Object.entries(VALUES.narrative.combinations)) {
    for (const key of crossProduct(aspects.map(narrativeValues))) addName(table, used, domain, key, narrativeName(domain, key));
  }
}

// ---------------------------------------------------------------- declared names

const BUILDERS: Record<RegistryName, (table: Map<string, string>, used: Set<string>) => void> = {
  static_color: buildColor,
  static_sound: buildSound,
  dynamic: buildDynamic,
  narrative: buildNarrative,
};

const TABLES = new Map<RegistryName, Map<string, string>>();

function table(registry: RegistryName): Map<string, string> {
  let names = TABLES.get(registry);
  if (!names) {
    const builder = BUILDERS[registry];
    if (!builder) throw new Error(`names: unknown registry ${String(registry)}`);
    names = new Map();
    builder(names, new Set());
    TABLES.set(registry, names);
  }
  return names;
}

/** The name of a key of the registry's declared space, or null when the key lies outside it. */
export function declaredName(registry: RegistryName, domain: string, key: string): string | null {
  return table(registry).get(domainKey(domain, key)) ?? null;
}

/** Every declared name of a registry: `domain\nkey` → name (built once, cached). */
export function declaredNames(registry: RegistryName): ReadonlyMap<string, string> {
  return table(registry);
}

// ---------------------------------------------------------------- fallback names

/** Fixed vocabulary for hash-picked words (order is part of the contract: do not reorder). */
const FALLBACK_VOCABULARY: readonly string[] = ['Acorn', 'Anchor', 'Arrow', 'Aspen', 'Badger', 'Beacon', 'Birch',
  'Bramble', 'Brook', 'Canyon', 'Cedar', 'Comet', 'Coral', 'Cove', 'Crane', 'Creek', 'Dawn', 'Delta', 'Dune',
  'Eagle', 'Echo', 'Falcon', 'Feather', 'Field', 'Fjord', 'Fox', 'Garden', 'Glade', 'Granite', 'Grove', 'Harbor',
  'Hawk', 'Hazel', 'Heron', 'Hollow', 'Island', 'Juniper', 'Kestrel', 'Lantern', 'Larch', 'Lark', 'Maple', 'Marsh',
  'Meteor', 'Mesa', 'Mill', 'Nettle', 'Oak', 'Orbit', 'Otter', 'Owl', 'Pebble', 'Prairie', 'Quarry', 'Rain',
  'Ridge', 'River', 'Robin', 'Saddle', 'Shore', 'Sparrow', 'Spring', 'Summit', 'Thicket', 'Thunder', 'Timber',
  'Valley', 'Wren'];

/** Key tokens that are recognisable without being words as written. */
const TOKEN_WORDS: Record<string, string> = {
  ...VALUE_WORDS,
  mid: 'Middle',
  fx: 'Effects',
  bw: 'Monochrome',
};

let knownWords: Set<string> | null = null;

/** Words a key token may be taken as: every word of any declared name or of the fixed vocabularies. */
function recognisedWords(): Set<string> {
  if (!knownWords) {
    const words = new Set<string>();
    const addAll = (text: string) => text.split(' ').forEach((w) => words.add(w.toLowerCase()));
    for (const registry of Object.keys(BUILDERS) as RegistryName[]) table(registry).forEach(addAll);
    for (const list of [FALLBACK_VOCABULARY, ...Object.values(FAMILY_NOUNS), COLOR_ADJECTIVES, OPACITY_WORDS, AMPLITUDE_WORDS]) {
      list.forEach(addAll);
    }
    Object.values(SOUND_NOUNS).forEach((m) => Object.values(m).forEach((w) => addAll(w!)));
    Object.values(TONE_WORDS).forEach(addAll);
    // Raw value tokens of the canonical lists are words too (their overrides are in TOKEN_WORDS).
    for (const list of Object.values(VALUES.dynamic)) list.forEach((v) => v.split(/[_\-]+/).forEach((w) => words.add(w)));
    for (const w of words) if (!/^[a-z]{2,}$/.test(w) || w in TOKEN_WORDS) words.delete(w);
    words.delete(FALLBACK_WORD.toLowerCase());
    knownWords = words;
  }
  return knownWords;
}

/** n ≥ 1 in bijective base-V over the fallback vocabulary: distinct n give distinct word sequences. */
function vocabularyWords(n: number): string[] {
  const v = FALLBACK_VOCABULARY.length;
  const words: string[] = [];
  while (n > 0) {
    n -= 1;
    words.unshift(FALLBACK_VOCABULARY[n % v]);
    n = Math.floor(n / v);
  }
  return words;
}

const MAX_KEY_WORDS = 6;

/** The words a key reads as, before the tie-break suffix. */
function fallbackBase(registry: RegistryName, domain: string, key: string): string[] {
  if (registry === 'static_color') {
    // An off-grid or unclamped color key: named after the cell it falls in.
    const m = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*(?:_(\d+(?:\.\d+)?))?\s*$/.exec(key);
    if (m) {
      const name = declaredName('static_color', COLOR_DOMAIN, colorKey(Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])));
      if (name) return name.split(' ');
    }
  }
  const known = recognisedWords();
  const words: string[] = [];
  for (const token of key.toLowerCase().split(/[^a-z]+/).filter(Boolean)) {
    const word = TOKEN_WORDS[token] ?? (known.has(token) ? title(token) : null);
    if (word) words.push(...word.split(' '));
    if (words.length >= MAX_KEY_WORDS) break;
  }
  if (words.length > 0) return words.slice(0, MAX_KEY_WORDS);
  // Nothing recognisable: two words picked by a stable hash of the registry, domain and key.
  const h = fnv1aUtf16(`${registry}\n${domain}\n${key}`);
  const v = FALLBACK_VOCABULARY.length;
  return [FALLBACK_VOCABULARY[h % v], FALLBACK_VOCABULARY[Math.floor(h / v) % v]];
}

/**
 * Candidate `attempt` (0, 1, 2, …) of the name of a key outside the declared space: "Stray" then the
 * words the key reads as, then for attempt ≥ 1 a suffix of vocabulary words that is distinct for every
 * attempt. Deterministic; never equal to a declared name (none starts with "Stray"). The caller picks
 * the first candidate its store has not used yet.
 */
export function fallbackName(registry: RegistryName, domain: string, key: string, attempt = 0): string {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError(`names: attempt must be a whole number ≥ 0, got ${attempt}`);
  const base = [FALLBACK_WORD, ...fallbackBase(registry, domain, key)];
  if (attempt === 0) return base.join(' ');
  // Start the suffix sequence at a key-dependent offset so different keys spread over the vocabulary.
  const offset = fnv1aUtf16(`${domain}\n${key}`) % FALLBACK_VOCABULARY.length;
  return [...base, ...vocabularyWords(offset + attempt)].join(' ');
}

/** The fallback candidates of a key, attempt 0, 1, 2, … (endless). */
export function* fallbackNames(registry: RegistryName, domain: string, key: string): Generator<string> {
  for (let attempt = 0; ; attempt++) yield fallbackName(registry, domain, key, attempt);
}

/**
 * The name of a key: its declared name, else the first fallback candidate that `isTaken` does not
 * report as used (the first candidate when no `isTaken` is given).
 */
export function nameFor(registry: RegistryName, domain: string, key: string, isTaken?: (name: string) => boolean): string {
  const declared = declaredName(registry, domain, key);
  if (declared !== null) return declared;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const name = fallbackName(registry, domain, key, attempt);
    if (!isTaken || !isTaken(name)) return name;
  }
  throw new Error(`names: no free name for ${registry} ${domain}/${key} after ${MAX_ATTEMPTS} attempts`);
}

/** nameFor gives up (throws) after this many taken candidates: isTaken is then surely wrong. */
const MAX_ATTEMPTS = 100_000;
