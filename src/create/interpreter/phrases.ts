/** The phrase table: every phrase the interpreter matches, and the fields it fills. */
import { LAYER_SLOT, PSEUDO, SLOTS, SLOT_VALUES } from './slots.js';
import { SYNONYMS } from './synonyms.js';

export interface Assignment {
  /** Dotted spec path ("camera.motion", "narrative.settings", "palette") or a pseudo field. */
  slot: string;
  value: string;
  /** True when the phrase names the field with a label ("camera speed slow"). */
  qualified: boolean;
}

/** Lower-cased words of a text; `_`, `-`, spaces and apostrophes never part of a word. */
function words(text: string): string[] {
  return text.toLowerCase().replace(/['’`]/g, '').replace(/&/g, ' and ').match(/[a-z]+|\d+/g) ?? [];
}
const key = (text: string) => words(text).join(' ');

/** The spellings of a canonical value: spaced ("zoom out") and joined ("zoomout"). */
function valueForms(value: string): string[] {
  const w = words(value);
  return w.length > 1 ? [w.join(' '), w.join('')] : [w.join(' ')];
}

function buildPhrases(): Map<string, Assignment[]> {
  const table = new Map<string, Assignment[]>();
  const add = (phrase: string, slot: string, value: string, qualified: boolean) => {
    const k = key(phrase);
    if (!k || !SLOT_VALUES.get(slot)?.includes(value)) return;
    const list = table.get(k) ?? [];
    if (!table.has(k)) table.set(k, list);
    const same = list.find((a) => a.slot === slot);
    if (!same) list.push({ slot, value, qualified });
    else if (qualified && !same.qualified) Object.assign(same, { value, qualified });
  };
  const block = (phrase: string) => { if (!table.has(key(phrase))) table.set(key(phrase), []); };

  // Per slot: the forms that name each value (canonical spellings, then synonyms).
  const forms = new Map<string, Array<[form: string, value: string]>>();
  const formsOf = (slot: string) => { const f = forms.get(slot) ?? []; forms.set(slot, f); return f; };
  for (const s of [...SLOTS, LAYER_SLOT]) for (const v of s.values) for (const f of valueForms(v)) {
    add(f, s.slot, v, false);
    formsOf(s.slot).push([f, v]);
  }
  for (const [phrases, target] of SYNONYMS) {
    const pairs: Array<[string, string]> = typeof target === 'string'
      ? [...SLOT_VALUES].filter(([slot, values]) => values.includes(target) && !(slot in PSEUDO && slot !== 'layer')).map(([slot]) => [slot, target])
      : Object.entries(target);
    for (const p of phrases) {
      if (pairs.length === 0) block(p);
      for (const [slot, value] of pairs) { add(p, slot, value, false); formsOf(slot).push([key(p), value]); }
    }
  }
  // Qualified phrases: label + form and form + label.
  for (const s of [...SLOTS, LAYER_SLOT]) for (const label of s.labels) for (const [form, value] of forms.get(s.slot) ?? []) {
    add(`${label} ${form}`, s.slot, value, true);
    add(`${form} ${label}`, s.slot, value, true);
  }
  return table;
}

/** Every phrase the interpreter knows (normalised words joined by one space) and what it fills. */
export const PHRASES: ReadonlyMap<string, readonly Assignment[]> = buildPhrases();
/** The most words in one phrase: no longer run of the text can match. */
export const MAX_PHRASE = Math.max(...[...PHRASES.keys()].map((k) => k.split(' ').length));

/** The bare (unqualified) phrases that name `value` in `slot`: its spellings and synonyms. */
export function phrasesFor(slot: string, value: string): string[] {
  return [...PHRASES].filter(([, as]) => as.some((a) => a.slot === slot && a.value === value && !a.qualified)).map(([k]) => k);
}
