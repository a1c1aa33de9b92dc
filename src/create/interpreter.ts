/**
 * Prompt ⇄ scene spec.
 *
 * `interpret(prompt)` maps free text to a valid {@link SceneSpec}; `describe(spec)` writes a prompt
 * that `interpret` maps back to the same spec. Every value list comes from `config/origins.json`
 * (through ORIGINS), so a value added there is reachable by naming it without touching this file.
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
 *
 * Fields the prompt does not name, in order of precedence: `options.defaults`; then values
 * inferred from named ones (INFERENCES: e.g. setting ocean → palette ocean, palette fire → warm
 * light, camera handheld → handheld steadiness, scene type closeup → close framing, audio mood ↔
 * narrative mood, style noir → chiaroscuro); then built-in defaults (duration 4 s, 512×288,
 * 24 fps, opaque at opacity 1 — 0.5 when transparency is asked without a figure — shape none,
 * one shot, or two when a transition is named); then a seeded random choice from the field's
 * list. One mulberry32 stream, seeded by the spec seed, makes one draw per field in a fixed
 * order, so a field's random value depends only on the seed. The seed is `options.seed`, else
 * "seed N" in the prompt, else the FNV-1a hash of the normalised prompt (same prompt → same spec).
 *
 * Then the renderer's holds (`holds.ts`, the table the precision benchmark and the loop render
 * with) keep every named observed value visible: a field the prompt left free is held where it
 * would hide one (a named camera move gets a steady camera, a still subject, balanced composition
 * and normal light; a named subject motion a subject and a locked, static camera; a named tempo
 * beats). Named values win over holds, except a loose reading (a bare word that also filled fields
 * of other groups, as "slowly" fills camera speed, subject speed and tempo; or a field beside the
 * observed one it named, as the steadiness of "handheld") where a firmly named value needs it.
 * Every such clash between named values comes back from `interpretPrompt` as a conflict.
 *
 * Audio layers: named primitives ("rumble", "hiss", "tone", "silence" and synonyms such as
 * "white noise", "hum", "sine") become the layers, in order, at the given or a default level;
 * otherwise layers follow the presence (silence → none, ambient → a low rumble for dark moods or a
 * low hiss, music → tone, sfx → hiss, full → rumble + tone + hiss), louder for intense moods and
 * softer for calm ones. Named layers without a named presence imply it (tone → music, rumble/hiss
 * → ambient, tone with rumble/hiss → full, only silence → silence).
 */
import { ORIGINS, narrativeOrigin, NARRATIVE_ASPECTS, type RGB } from '../base/values.js';
import { mulberry32, SEED_MAX } from '../base/random.js';
import { fnv1aUtf8 } from '../base/hash.js';
import { MotionRegistryError } from '../base/errors.js';
import { DOMAIN_FIELDS, validateSpec, type SceneSpec, type SpecDomain } from './spec.js';
import { applyHolds, type Conflict, type Naming } from './holds.js';

// ───────────────────────────── fields ─────────────────────────────

/** One enumerated field of the spec: its dotted path, its canonical values and its labels. */
export interface SlotDef {
  slot: string;
  values: readonly string[];
  /** Words that name the field in qualified phrases ("camera speed" in "camera speed slow"). */
  labels: readonly string[];
}

const d = ORIGINS.dynamic;
const PRIMITIVES = ORIGINS.static_sound.primitives as Array<SceneSpec['audio']['layers'][number]['primitive']>;

const NARRATIVE_LABELS: Record<string, string[]> = {
  genre: ['genre', 'film', 'movie'],
  mood: ['mood', 'story mood', 'narrative mood', 'narrative tone', 'story tone'],
  style: ['style', 'visual style', 'aesthetic', 'look'],
  plots: ['plot', 'plots', 'tension curve', 'tension', 'story arc', 'pacing'],
  settings: ['setting', 'settings', 'location', 'environment'],
  themes: ['theme', 'themes'],
  scene_type: ['scene type', 'scene', 'shot type', 'shot'],
};

/** Every enumerated field, in the fixed order of the random draws. */
export const SLOTS: readonly SlotDef[] = [
  { slot: 'palette', values: Object.keys(ORIGINS.palettes), labels: ['palette', 'colors', 'colours', 'color palette', 'colour palette', 'color scheme', 'colour scheme'] },
  { slot: 'gradient.type', values: d.gradient_type, labels: ['gradient', 'gradient type'] },
  { slot: 'camera.motion', values: d.camera_motion, labels: ['camera', 'camera motion', 'camera move', 'camera movement'] },
  { slot: 'camera.speed', values: d.camera_speed, labels: ['camera', 'camera speed', 'speed'] },
  { slot: 'camera.steadiness', values: d.camera_steadiness, labels: ['camera', 'camera steadiness', 'steadiness'] },
  { slot: 'motion.speed', values: d.motion_speed, labels: ['motion', 'motion speed', 'movement', 'movement speed', 'speed'] },
  { slot: 'motion.rhythm', values: d.motion_rhythm, labels: ['motion', 'motion rhythm', 'movement', 'rhythm'] },
  { slot: 'motion.smoothness', values: d.motion_smoothness, labels: ['motion', 'motion smoothness', 'movement', 'smoothness'] },
  { slot: 'motion.directionality', values: d.motion_directionality, labels: ['motion', 'motion direction', 'motion directionality', 'movement', 'direction', 'directionality'] },
  { slot: 'motion.acceleration', values: d.motion_acceleration, labels: ['motion', 'motion acceleration', 'movement', 'acceleration', 'easing'] },
  { slot: 'lighting.contrast', values: d.lighting_contrast_ratio, labels: ['contrast', 'lighting contrast', 'lighting', 'light'] },
  { slot: 'lighting.temperature', values: d.lighting_color_temperature, labels: ['temperature', 'color temperature', 'colour temperature', 'lighting temperature', 'lighting', 'light', 'white balance'] },
  { slot: 'composition.framing', values: d.composition_framing, labels: ['framing', 'frame', 'shot'] },
  { slot: 'composition.balance', values: d.composition_balance, labels: ['balance', 'composition balance', 'composition'] },
  { slot: 'composition.symmetry', values: d.composition_symmetry, labels: ['symmetry', 'composition symmetry', 'composition'] },
  { slot: 'transition.type', values: d.transition_type, labels: ['transition', 'transitions', 'transition type'] },
  { slot: 'shape', values: d.shape_overlay, labels: ['shape', 'shapes', 'shape overlay', 'overlay'] },
  { slot: 'audio.tempo', values: d.sound_tempo, labels: ['tempo', 'audio tempo', 'sound tempo', 'music tempo', 'beat'] },
  { slot: 'audio.mood', values: d.sound_mood, labels: ['mood', 'audio mood', 'sound mood', 'music mood', 'audio', 'sound'] },
  { slot: 'audio.presence', values: d.sound_presence, labels: ['presence', 'audio presence', 'sound presence', 'audio', 'sound'] },
  ...NARRATIVE_ASPECTS.map((aspect) => ({ slot: `narrative.${aspect}`, values: narrativeOrigin(aspect), labels: NARRATIVE_LABELS[aspect] ?? [aspect.replaceAll('_', ' ')] })),
];

/** Pseudo fields reached only through phrases: sound layers (repeatable), "no layers", alpha, one shot. */
const PSEUDO: Record<string, readonly string[]> = {
  layer: PRIMITIVES,
  layers: ['none'],
  alpha: ['true', 'false'],
  shots: ['1'],
};
const LAYER_SLOT: SlotDef = { slot: 'layer', values: PRIMITIVES, labels: ['layer', 'sound layer', 'audio layer'] };

const SLOT_VALUES = new Map<string, readonly string[]>([
  ...SLOTS.map((s): [string, readonly string[]] => [s.slot, s.values]),
  ...Object.entries(PSEUDO),
]);

// ───────────────────────────── synonyms ─────────────────────────────

/** A synonym's target: a canonical value (every field whose list holds it) or explicit fields. */
type Target = string | Record<string, string>;

const CAM = (v: string) => ({ 'camera.motion': v });
const DIR = (v: string) => ({ 'motion.directionality': v });

/**
 * Synonyms and common phrasings, beyond the canonical values (which need no entry: every value
 * is a phrase in its exact, spaced, hyphenated and joined forms).
 */
export const SYNONYMS: ReadonlyArray<readonly [readonly string[], Target]> = [
  // camera motion
  [['locked off', 'lock off', 'locked down', 'locked-off shot', 'fixed camera', 'still camera', 'stationary camera'], { 'camera.motion': 'static', 'camera.steadiness': 'locked' }],
  [['stationary', 'motionless', 'frozen'], 'static'],
  [['panning', 'pans', 'panned', 'pan left', 'pan right', 'pan across'], CAM('pan')],
  [['tilting', 'tilts', 'tilted', 'tilt up', 'tilt down'], CAM('tilt')],
  [['dolly in', 'dolly out', 'dollying', 'push in', 'pushing in', 'pushes in', 'push forward'], CAM('dolly')],
  [['jib', 'crane shot', 'crane up', 'crane down', 'jib shot', 'jib up', 'jib down', 'boom up', 'boom down'], CAM('crane')],
  [['zoom in', 'zooming in', 'zooms in', 'zooming', 'zoomed in', 'punch in'], CAM('zoom')],
  [['pull back', 'pulls back', 'pulling back', 'pull out', 'pulling out', 'zooming out', 'zooms out', 'zoomed out', 'zoom back'], CAM('zoom_out')],
  [['hand held', 'handheld camera'], { 'camera.motion': 'handheld', 'camera.steadiness': 'handheld' }],
  [['rolling', 'rolls', 'dutch roll', 'barrel roll', 'dutch angle', 'dutch tilt'], CAM('roll')],
  [['trucking', 'trucks', 'truck left', 'truck right', 'crab', 'crabbing'], CAM('truck')],
  [['pedestal up', 'pedestal down', 'ped up', 'ped down', 'pedestalling', 'pedestaling'], CAM('pedestal')],
  [['orbit', 'orbiting', 'orbits', 'arc shot', 'arcing', 'circle around', 'circling'], CAM('arc')],
  [['follow', 'following', 'follows', 'follow shot', 'follow cam', 'tracking shot'], CAM('tracking')],
  [['overhead', 'overhead shot', 'top down', 'birds eye view', 'bird eye', 'from above', 'gods eye'], CAM('birds_eye')],
  [['aerial', 'aerial shot', 'drone', 'drone shot'], { 'camera.motion': 'birds_eye', 'narrative.scene_type': 'aerial' }],
  [['whip', 'swish pan', 'whip pans', 'flash pan'], CAM('whip_pan')],
  [['rotating', 'rotates', 'rotation', 'spin', 'spinning', 'spins', 'revolve', 'revolving'], CAM('rotate')],
  [['no camera movement', 'no camera motion', 'no camera move'], CAM('static')],
  // speeds (camera, motion, tempo)
  [['slowly', 'unhurried', 'leisurely'], 'slow'],
  [['quick', 'quickly', 'rapid', 'rapidly', 'swift', 'swiftly', 'fast paced', 'speedy', 'hurried'], 'fast'],
  [['moderate', 'moderately', 'mid speed', 'mid paced'], 'medium'],
  // steadiness
  [['tripod'], { 'camera.steadiness': 'locked' }],
  [['stabilized', 'stabilised', 'gimbal', 'steadicam', 'steady cam'], { 'camera.steadiness': 'stable' }],
  [['shaking', 'shake', 'camera shake', 'jittery', 'wobbly', 'unsteady', 'shakey'], { 'camera.steadiness': 'shaky' }],
  // motion
  [['no movement', 'no motion'], { 'motion.speed': 'static' }],
  [['pulse', 'pulses', 'pulsating', 'pulsate', 'throbbing', 'beating'], 'pulsing'],
  [['waves', 'wavy', 'undulating', 'undulate', 'oscillating'], 'wave'],
  [['erratic', 'irregular', 'randomly', 'unpredictable'], 'random'],
  [['steadily', 'regular rhythm', 'even rhythm'], 'steady'],
  [['choppy', 'stuttering', 'stutter', 'jerking', 'jerkily'], 'jerky'],
  [['bumpy', 'roughly'], 'rough'],
  [['smoothly', 'silky'], 'smooth'],
  [['flowing', 'fluidly', 'liquid'], 'fluid'],
  [['side to side', 'left to right', 'right to left', 'sideways', 'lateral', 'horizontally'], DIR('horizontal')],
  [['up and down', 'rising', 'falling', 'top to bottom', 'bottom to top', 'vertically'], DIR('vertical')],
  [['diagonally', 'corner to corner'], DIR('diagonal')],
  [['outward', 'outwards', 'inward', 'inwards', 'from the center', 'from the centre', 'expanding', 'radiating', 'radially'], DIR('radial')],
  [['no direction', 'directionless', 'undirected'], DIR('none')],
  [['easing in', 'eases in', 'ease into', 'accelerating', 'accelerate', 'accelerates', 'speeding up', 'speeds up'], 'ease_in'],
  [['easing out', 'eases out', 'decelerating', 'decelerate', 'decelerates', 'slowing down', 'slows down'], 'ease_out'],
  [['ease in and out', 'easing in and out', 'eases in and out', 'ease inout', 'ease in ease out'], 'ease_in_out'],
  [['linear', 'constant speed', 'uniform speed', 'uniform'], 'constant'],
  // lighting
  [['contrasty', 'punchy', 'hard light', 'hard lighting'], { 'lighting.contrast': 'high' }],
  [['low contrast', 'soft light', 'soft lighting', 'washed out', 'high key'], { 'lighting.contrast': 'flat' }],
  [['rembrandt lighting', 'low key'], { 'lighting.contrast': 'chiaroscuro' }],
  [['standard contrast', 'natural light', 'natural lighting'], { 'lighting.contrast': 'normal' }],
  [['cold', 'icy', 'chilly', 'bluish', 'cool toned', 'cool tones'], { 'lighting.temperature': 'cool' }],
  [['warmth', 'golden light', 'warm toned', 'warm tones', 'amber'], { 'lighting.temperature': 'warm' }],
  [['daylight balanced', 'white light'], { 'lighting.temperature': 'neutral' }],
  // composition
  [['long shot', 'full shot', 'wide angle'], 'wide'],
  [['close up', 'close ups', 'closeups'], { 'composition.framing': 'close', 'narrative.scene_type': 'closeup' }],
  [['extreme close up', 'extreme closeup', 'extreme close ups', 'ecu', 'macro'], { 'composition.framing': 'extreme_close' }],
  [['point of view', 'first person'], 'pov'],
  [['mid shot', 'midshot', 'waist shot'], 'medium'],
  [['medium close up', 'medium closeup', 'mcu'], { 'composition.framing': 'close', 'narrative.scene_type': 'closeup' }],
  ...(['left', 'right', 'top', 'bottom'] as const).map((side): readonly [readonly string[], Target] => [
    [`weighted ${side}`, `${side} weighted`, `heavy on the ${side}`, `${side} leaning`], { 'composition.balance': `${side}_heavy` },
  ]),
  [['centered', 'centred', 'evenly balanced'], 'balanced'],
  [['asymmetrical', 'asymmetry', 'lopsided', 'off center', 'off centre'], 'asymmetric'],
  [['symmetric', 'symmetrical', 'mirrored', 'mirror symmetry', 'perfectly symmetric', 'perfect symmetry'], 'bilateral'],
  [['slightly symmetric', 'slightly symmetrical', 'nearly symmetric', 'nearly symmetrical', 'roughly symmetric', 'partial symmetry'], 'slight'],
  // transitions
  [['cuts', 'hard cut', 'jump cut', 'straight cut'], 'cut'],
  [['no transition', 'no transitions', 'one continuous shot', 'continuous shot'], { 'transition.type': 'cut', shots: '1' }],
  [['fades', 'fade in', 'fade out', 'fade to black', 'fading'], 'fade'],
  [['crossfade', 'cross fade', 'cross dissolve', 'dissolves', 'dissolving'], 'dissolve'],
  [['wipes', 'wiping'], 'wipe'],
  // shape overlay
  [['circles', 'circular', 'ring', 'dot', 'disc', 'disk', 'ball', 'orb'], 'circle'],
  [['rectangle', 'rectangles', 'rectangular', 'square', 'squares', 'box', 'boxes', 'rects'], 'rect'],
  [['arrows', 'pointer'], 'arrow'],
  [['characters', 'figure', 'stick figure', 'person', 'people', 'human', 'silhouette', 'man', 'woman'], 'character'],
  [['no shape', 'no shapes', 'no overlay', 'no overlays', 'without overlay', 'no shape overlay'], { shape: 'none' }],
  // audio tempo and presence
  [['upbeat'], { 'audio.tempo': 'fast', 'audio.mood': 'uplifting', 'narrative.mood': 'uplifting' }],
  [['downtempo', 'adagio', 'largo'], { 'audio.tempo': 'slow' }],
  [['allegro', 'presto'], { 'audio.tempo': 'fast' }],
  [['moderato', 'andante', 'mid tempo', 'midtempo'], { 'audio.tempo': 'medium' }],
  [['silent', 'mute', 'muted', 'no sound', 'no audio', 'without sound', 'without audio', 'soundless'], { 'audio.presence': 'silence' }],
  [['ambience', 'ambiance', 'atmos', 'room tone', 'ambient sound'], { 'audio.presence': 'ambient' }],
  [['background noise'], { 'audio.presence': 'ambient', layer: 'hiss' }],
  [['soundtrack', 'score', 'song', 'melody'], { 'audio.presence': 'music' }],
  [['music video'], { 'audio.presence': 'music', 'narrative.genre': 'music' }],
  [['musical'], 'music'],
  [['sound effects', 'sound effect', 'foley', 'effects'], { 'audio.presence': 'sfx' }],
  [['full mix', 'full soundscape'], { 'audio.presence': 'full' }],
  [['no music'], {}],
  // sound layers
  [['rumbling', 'rumbles', 'hum', 'humming', 'low hum', 'bass drone', 'sub bass', 'thunder', 'low drone'], { layer: 'rumble' }],
  [['hissing', 'hisses', 'white noise', 'pink noise', 'noise', 'static noise', 'tape hiss'], { layer: 'hiss' }],
  [['tones', 'sine', 'sine wave', 'sine tone', 'beep', 'pure tone'], { layer: 'tone' }],
  [['no layers', 'no layer', 'no sound layers', 'no audio layers'], { layers: 'none' }],
  // alpha
  [['transparent', 'transparency', 'translucent', 'semi transparent', 'semitransparent', 'see through', 'alpha', 'alpha channel', 'with alpha', 'opacity', 'partially transparent'], { alpha: 'true' }],
  [['opaque', 'fully opaque', 'no alpha', 'without alpha', 'no transparency', 'without transparency', 'full opacity'], { alpha: 'false' }],
  // moods (audio and narrative)
  [['happy', 'joyful', 'joyous', 'cheerful', 'inspiring', 'uplifted'], 'uplifting'],
  [['sad', 'sorrowful', 'melancholic', 'mournful', 'somber', 'sombre', 'wistful'], 'melancholy'],
  [['scary', 'creepy', 'eerie', 'menacing', 'foreboding', 'sinister'], 'ominous'],
  [['relaxed', 'relaxing', 'serene', 'tranquil', 'restful'], 'peaceful'],
  [['calming', 'soothing', 'chill'], 'calm'],
  [['angry', 'aggressive', 'fierce', 'powerful'], 'intense'],
  [['whimsical', 'fun', 'silly', 'lighthearted', 'light hearted'], 'playful'],
  [['funny', 'humorous', 'humourous'], { 'narrative.genre': 'comedy', 'audio.mood': 'playful', 'narrative.mood': 'playful' }],
  [['mysterious', 'suspense', 'nail biting'], 'suspenseful'],
  [['gloomy', 'grim', 'bleak'], 'dark'],
  [['tension', 'nervous', 'anxious', 'uneasy'], 'tense'],
  [['exciting', 'energizing', 'energising', 'lively', 'vibrant'], 'energetic'],
  [['epic', 'grand'], 'dramatic'],
  [['optimistic'], 'hopeful'],
  [['frantic', 'chaos', 'hectic'], 'chaotic'],
  [['gentle', 'delicate', 'tender'], 'soft'],
  [['abrasive', 'brutal', 'gritty'], 'harsh'],
  [['dreamlike', 'dream like', 'ethereal', 'dreams', 'dreaming'], 'dreamy'],
  [['luminous', 'sunny'], 'bright'],
  [['brooding', 'atmospheric'], 'moody'],
  [['sarcastic', 'wry'], 'ironic'],
  [['grave', 'solemn', 'earnest'], 'serious'],
  // genre
  [['doc', 'docu', 'docuseries'], 'documentary'],
  [['advert', 'advertisement', 'advertising', 'commercial', 'promo', 'promotional'], 'ad'],
  [['how to', 'walkthrough', 'step by step'], 'tutorial'],
  [['education', 'instructional', 'teaching'], 'educational'],
  [['explanatory', 'explained'], 'explainer'],
  [['melodrama'], 'drama'],
  [['slasher', 'scary movie'], 'horror'],
  [['comedic'], 'comedy'],
  [['fantastical', 'magical', 'magic'], 'fantasy'],
  [['avant garde', 'experimentation'], 'experimental'],
  [['filmic', 'film like', 'movie like', 'cinema'], 'cinematic'],
  [['science fiction'], 'sci-fi'],
  [['video blog', 'vlogging', 'vlogger'], 'vlog'],
  [['newscast', 'news report', 'breaking news'], 'news'],
  [['sport', 'athletic'], 'sports'],
  [['interviews', 'talking head'], 'interview'],
  [['podcasting', 'podcasts'], 'podcast'],
  [['storytelling'], { 'narrative.genre': 'narrative' }],
  [['business', 'enterprise'], 'corporate'],
  [['thrilling'], 'thriller'],
  [['minimalist', 'minimalistic'], 'minimal'],
  [['abstraction'], 'abstract'],
  // style
  [['photorealistic', 'photoreal', 'lifelike', 'realism', 'naturalistic'], 'realistic'],
  [['film noir', 'neo noir'], 'noir'],
  [['eighties', 'synthwave', 'nostalgic'], 'retro'],
  [['old fashioned', 'antique', 'sepia', 'old school'], 'vintage'],
  [['contemporary', 'sleek'], 'modern'],
  [['artsy', 'arty', 'painterly', 'fine art'], 'artistic'],
  [['manga', 'japanese animation'], 'anime'],
  // tension curve
  [['slow burn', 'gradual build', 'builds up', 'build up', 'crescendo', 'rising tension'], 'slow_build'],
  [['instant', 'in medias res', 'sudden', 'right away', 'immediately'], 'immediate'],
  [['conventional', 'classic arc', 'three act'], 'standard'],
  [['no tension', 'flat arc'], { 'narrative.plots': 'flat' }],
  // settings
  [['outdoors', 'outside', 'open air'], 'outdoor'],
  [['indoors', 'inside'], 'indoor'],
  [['interiors'], 'interior'],
  [['exteriors'], 'exterior'],
  [['sea', 'seas', 'seaside'], 'ocean'],
  [['woods', 'woodland', 'jungle', 'trees'], 'forest'],
  [['mountains', 'alpine'], 'mountain'],
  [['nighttime', 'night time', 'at night', 'midnight', 'nocturnal'], 'night'],
  [['daytime', 'day time', 'daylight', 'midday', 'noon'], 'day'],
  [['outer space', 'cosmos', 'galaxy', 'cosmic', 'starfield'], 'space'],
  [['under water', 'under the sea', 'undersea'], 'underwater'],
  [['magic hour', 'sunrise', 'dusk', 'dawn'], 'golden_hour'],
  [['sunset', 'sunsets'], { 'narrative.settings': 'golden_hour', palette: 'warm_sunset' }],
  [['neon lights', 'neon lit'], 'neon'],
  [['dunes', 'sand dunes'], 'desert'],
  [['shore', 'coast', 'seashore'], 'beach'],
  [['cityscape', 'metropolis', 'downtown', 'skyline'], 'city'],
  [['street', 'streets'], 'urban'],
  [['wilderness', 'natural world'], 'nature'],
  [['sound stage', 'soundstage'], 'studio'],
  [['generic'], 'general'],
  // themes
  [['transformations', 'metamorphosis', 'change', 'changing', 'evolution', 'transform'], 'transformation'],
  [['conflicts', 'struggle', 'fight', 'clash'], 'conflict'],
  [['travel', 'voyage', 'quest'], 'journey'],
  [['selfhood', 'self discovery'], 'identity'],
  [['connections', 'togetherness', 'bond', 'relationship', 'relationships', 'friendship'], 'connection'],
  [['grief', 'mourning', 'losing'], 'loss'],
  [['hopes', 'optimism'], 'hope'],
  [['romance', 'romantic', 'love story'], 'love'],
  [['battle', 'warfare', 'combat'], 'war'],
  [['passage of time', 'timelapse', 'time lapse', 'clock'], 'time'],
  [['shadows'], 'shadow'],
  [['illumination'], 'light'],
  [['movement'], { 'narrative.themes': 'motion' }],
  // scene type
  [['opening shot', 'intro shot'], 'establishing'],
  [['dialog', 'conversation', 'talking'], 'dialogue'],
  [['action sequence', 'fight scene', 'chase'], 'action'],
  [['montage sequence', 'montages'], 'montage'],
  [['cutaway', 'cutaways', 'b roll footage'], 'b-roll'],
  [['detail shot'], 'insert'],
  [['wide master'], 'master'],
  [['2 shot'], 'two_shot'],
  [['over the shoulder', 'ots'], 'over_shoulder'],
  // palettes
  [['fiery', 'flames', 'flame', 'lava', 'inferno'], { palette: 'fire' }],
  [['monochrome', 'monochromatic', 'black and white', 'b and w', 'grayscale', 'greyscale'], { palette: 'mono' }],
];

// ───────────────────────────── phrase table ─────────────────────────────

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
const MAX_PHRASE = Math.max(...[...PHRASES.keys()].map((k) => k.split(' ').length));

/** The bare (unqualified) phrases that name `value` in `slot`: its spellings and synonyms. */
export function phrasesFor(slot: string, value: string): string[] {
  return [...PHRASES].filter(([, as]) => as.some((a) => a.slot === slot && a.value === value && !a.qualified)).map(([k]) => k);
}

// ───────────────────────────── reading a prompt ─────────────────────────────

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
  .filter((domain) => ORIGINS.dynamic_domains[domain] === 'observed')
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

// ───────────────────────────── filling a spec ─────────────────────────────

/** Caller defaults: any part of a spec; the prompt's named values take precedence over them. */
export type SpecDefaults = {
  [K in keyof SceneSpec]?: SceneSpec[K] extends readonly unknown[] ? SceneSpec[K]
    : SceneSpec[K] extends object ? Partial<SceneSpec[K]> : SceneSpec[K];
};

export interface InterpretOptions {
  /** The spec seed (0 … 2³²−1); default: "seed N" in the prompt, else FNV-1a of the prompt. */
  seed?: number;
  defaults?: SpecDefaults;
}

/** Built-in values for the fields that are not drawn at random. */
export const DEFAULTS = {
  duration: 4,
  width: 512,
  height: 288,
  fps: 24,
  alpha: false,
  opacity: 1,
  /** Opacity when transparency is asked for without a figure. */
  alphaOpacity: 0.5,
  shape: 'none',
  shots: 1,
  /** Shots when the prompt names a transition but no count. */
  transitionShots: 2,
} as const;

/** Fixed (non-random) enumerated defaults, by slot. */
const FIXED: Record<string, string> = { shape: DEFAULTS.shape };

/** [from slot, from value, to slot, to value]: applied when the target is neither named nor defaulted; the first rule per target wins. */
export const INFERENCES: ReadonlyArray<readonly [string, string, string, string]> = [
  ...d.sound_mood.filter((m) => narrativeOrigin('mood').includes(m)).flatMap((m) => [
    ['audio.mood', m, 'narrative.mood', m] as const, ['narrative.mood', m, 'audio.mood', m] as const,
  ]),
  ['narrative.genre', 'horror', 'narrative.mood', 'ominous'], ['narrative.genre', 'horror', 'audio.mood', 'ominous'],
  ['narrative.genre', 'thriller', 'narrative.mood', 'tense'], ['narrative.genre', 'thriller', 'audio.mood', 'suspenseful'],
  ['narrative.genre', 'comedy', 'narrative.mood', 'playful'], ['narrative.genre', 'comedy', 'audio.mood', 'playful'],
  ['narrative.genre', 'drama', 'narrative.mood', 'dramatic'], ['narrative.genre', 'drama', 'audio.mood', 'dramatic'],
  ['camera.motion', 'handheld', 'camera.steadiness', 'handheld'],
  ['camera.motion', 'static', 'camera.steadiness', 'locked'],
  ['camera.motion', 'whip_pan', 'camera.speed', 'fast'],
  ['camera.motion', 'tracking', 'narrative.scene_type', 'tracking'],
  ['camera.motion', 'dolly', 'narrative.scene_type', 'dolly'],
  ['camera.motion', 'static', 'narrative.scene_type', 'static'],
  ['camera.motion', 'birds_eye', 'narrative.scene_type', 'aerial'],
  ['narrative.scene_type', 'tracking', 'camera.motion', 'tracking'],
  ['narrative.scene_type', 'dolly', 'camera.motion', 'dolly'],
  ['narrative.scene_type', 'static', 'camera.motion', 'static'],
  ['narrative.scene_type', 'aerial', 'camera.motion', 'birds_eye'],
  ['narrative.scene_type', 'closeup', 'composition.framing', 'close'],
  ['narrative.scene_type', 'insert', 'composition.framing', 'extreme_close'],
  ['narrative.scene_type', 'wide', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'establishing', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'aerial', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'master', 'composition.framing', 'wide'],
  ['narrative.scene_type', 'medium', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'two_shot', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'over_shoulder', 'composition.framing', 'medium'],
  ['narrative.scene_type', 'pov', 'composition.framing', 'pov'],
  ['composition.framing', 'close', 'narrative.scene_type', 'closeup'],
  ['composition.framing', 'extreme_close', 'narrative.scene_type', 'insert'],
  ['composition.framing', 'wide', 'narrative.scene_type', 'wide'],
  ['composition.framing', 'medium', 'narrative.scene_type', 'medium'],
  ['composition.framing', 'pov', 'narrative.scene_type', 'pov'],
  ['narrative.style', 'noir', 'lighting.contrast', 'chiaroscuro'],
  ['narrative.style', 'noir', 'palette', 'mono'],
  ['narrative.settings', 'noir', 'palette', 'mono'],
  ['narrative.settings', 'ocean', 'palette', 'ocean'],
  ['narrative.settings', 'underwater', 'palette', 'ocean'],
  ['narrative.settings', 'beach', 'palette', 'ocean'],
  ['narrative.settings', 'neon', 'palette', 'neon'],
  ['narrative.settings', 'forest', 'palette', 'forest'],
  ['narrative.settings', 'nature', 'palette', 'forest'],
  ['narrative.settings', 'night', 'palette', 'night'],
  ['narrative.settings', 'space', 'palette', 'night'],
  ['narrative.settings', 'golden_hour', 'palette', 'warm_sunset'],
  ['narrative.settings', 'desert', 'palette', 'warm_sunset'],
  ['narrative.themes', 'dreamy', 'palette', 'dreamy'],
  ['narrative.mood', 'dreamy', 'palette', 'dreamy'],
  ['audio.mood', 'dreamy', 'palette', 'dreamy'],
  ['palette', 'warm_sunset', 'lighting.temperature', 'warm'],
  ['palette', 'fire', 'lighting.temperature', 'warm'],
  ['palette', 'ocean', 'lighting.temperature', 'cool'],
  ['palette', 'night', 'lighting.temperature', 'cool'],
  ['palette', 'mono', 'lighting.temperature', 'neutral'],
  ['narrative.settings', 'golden_hour', 'lighting.temperature', 'warm'],
  ['narrative.settings', 'desert', 'lighting.temperature', 'warm'],
  ['narrative.settings', 'night', 'lighting.temperature', 'cool'],
  ['narrative.settings', 'underwater', 'lighting.temperature', 'cool'],
  ['narrative.settings', 'space', 'lighting.temperature', 'cool'],
].filter(([fs, fv, ts, tv]) => SLOT_VALUES.get(fs)?.includes(fv) && SLOT_VALUES.get(ts)?.includes(tv)) as Array<readonly [string, string, string, string]>;

/** FNV-1a (32-bit) over the UTF-8 bytes of the lower-cased, space-collapsed prompt. */
export function promptSeed(prompt: string): number {
  return fnv1aUtf8(prompt.trim().toLowerCase().replace(/\s+/g, ' '));
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const LOUD = new Set(['intense', 'energetic', 'chaotic', 'harsh', 'dramatic', 'tense']);
const QUIET = new Set(['soft', 'calm', 'peaceful', 'dreamy', 'melancholy']);
const DARK = new Set(['dark', 'ominous', 'tense', 'suspenseful', 'moody', 'dramatic', 'melancholy', 'intense']);
const BASE_LEVEL: Record<string, number> = { silence: 0, rumble: 0.5, tone: 0.35, hiss: 0.25 };

function level(primitive: string, mood: string, scale = 1): number {
  const factor = LOUD.has(mood) ? 1.3 : QUIET.has(mood) ? 0.6 : 1;
  return Math.min(1, Math.round((BASE_LEVEL[primitive] ?? 0.3) * factor * scale * 100) / 100);
}

function layersFor(presence: string, mood: string): SceneSpec['audio']['layers'] {
  const l = (primitive: SceneSpec['audio']['layers'][number]['primitive'], scale = 1) => ({ primitive, level: level(primitive, mood, scale) });
  switch (presence) {
    case 'silence': return [];
    case 'ambient': return [DARK.has(mood) ? l('rumble', 0.5) : l('hiss', 0.8)];
    case 'music': return [l('tone')];
    case 'sfx': return [l('hiss', 1.4)];
    case 'full': return [l('rumble', 0.6), l('tone'), l('hiss')];
    default: return [l('tone')];
  }
}

function checkSeed(seed: unknown): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > SEED_MAX) {
    throw new MotionRegistryError('INPUT_INVALID', `seed must be an integer from 0 to ${SEED_MAX}, got ${String(seed)}`);
  }
}

/** Maps free text to a valid scene spec (see the module comment for how the text is read). */
export function interpret(prompt: string, options: InterpretOptions = {}): SceneSpec {
  return interpretPrompt(prompt, options).spec;
}

/** A prompt's spec, and the named values in it that the renderer cannot show together. */
export interface Interpretation {
  spec: SceneSpec;
  conflicts: Conflict[];
}

/** How each field the prompt or the defaults fixed was named. */
function namings(a: PromptAnalysis, fixed: ReadonlySet<string>, shotsNamed: boolean): Map<string, Naming> {
  const out = new Map<string, Naming>([...fixed].map((slot) => [slot, a.loose.includes(slot) ? 'loose' : 'firm']));
  if (shotsNamed) out.set('transition.shots', 'firm');
  return out;
}

/** {@link interpret}, with the clashes between named values it could not hold away. */
export function interpretPrompt(prompt: string, options: InterpretOptions = {}): Interpretation {
  const a = analyze(prompt);
  const defaults = options.defaults ?? {};
  const seed = options.seed ?? a.seed ?? defaults.seed ?? promptSeed(prompt);
  checkSeed(seed);
  const rand = mulberry32(seed);

  // One draw per slot, in a fixed order, whether or not the slot needs it.
  const draws = new Map(SLOTS.map((s) => [s.slot, rand()]));
  const angleDraw = rand();
  const chosen: Record<string, string> = {};
  const fixed = new Set<string>();
  for (const s of SLOTS) {
    const dv = s.slot === 'palette' ? defaults.palette?.name : getPath(defaults, s.slot);
    const v = a.named[s.slot] ?? (typeof dv === 'string' ? dv : undefined);
    if (v !== undefined) { chosen[s.slot] = v; fixed.add(s.slot); }
  }
  if (a.angle !== undefined && !fixed.has('gradient.type') && SLOT_VALUES.get('gradient.type')!.includes('angled')) {
    chosen['gradient.type'] = 'angled'; fixed.add('gradient.type');
  }
  // Presence implied by named layers.
  if (!fixed.has('audio.presence') && (a.layers.length > 0 || a.noLayers)) {
    const kinds = new Set(a.layers.map((l) => l.primitive).filter((p) => p !== 'silence'));
    const presence = kinds.size === 0 ? 'silence' : kinds.has('tone') ? (kinds.size > 1 ? 'full' : 'music') : 'ambient';
    if (SLOT_VALUES.get('audio.presence')!.includes(presence)) { chosen['audio.presence'] = presence; fixed.add('audio.presence'); }
  }
  for (const [fs, fv, ts, tv] of INFERENCES) {
    if (chosen[ts] === undefined && fixed.has(fs) && chosen[fs] === fv) chosen[ts] = tv;
  }
  for (const s of SLOTS) {
    if (chosen[s.slot] !== undefined) continue;
    const fixedDefault = FIXED[s.slot];
    chosen[s.slot] = fixedDefault !== undefined && s.values.includes(fixedDefault)
      ? fixedDefault
      : s.values[Math.min(s.values.length - 1, Math.floor(draws.get(s.slot)! * s.values.length))];
  }

  const paletteName = chosen.palette;
  const stops = defaults.palette?.stops && defaults.palette.name === paletteName && a.named.palette === undefined
    ? defaults.palette.stops
    : ORIGINS.palettes[paletteName];
  if (!stops) throw new MotionRegistryError('INPUT_INVALID', `unknown palette "${paletteName}" and no stops given`, { palette: paletteName });

  const gradientType = chosen['gradient.type'];
  const angle = a.angle ?? (a.named['gradient.type'] === undefined ? defaults.gradient?.angle : undefined) ?? (
    gradientType === 'angled' ? 15 * (1 + Math.floor(angleDraw * 11)) : gradientType === 'vertical' ? 90 : 0);

  const shots = a.shots ?? (a.named['transition.type'] !== undefined ? DEFAULTS.transitionShots : defaults.transition?.shots ?? DEFAULTS.shots);

  const alpha = a.alpha ?? (a.opacity !== undefined ? true : defaults.alpha ?? DEFAULTS.alpha);
  const opacity = a.opacity ?? defaults.opacity ?? (alpha ? DEFAULTS.alphaOpacity : DEFAULTS.opacity);

  const mood = chosen['audio.mood'];

  const spec: SceneSpec = {
    version: 1,
    seed,
    duration: a.duration ?? defaults.duration ?? DEFAULTS.duration,
    width: a.width ?? defaults.width ?? DEFAULTS.width,
    height: a.height ?? defaults.height ?? DEFAULTS.height,
    fps: a.fps ?? defaults.fps ?? DEFAULTS.fps,
    alpha,
    opacity,
    palette: { name: paletteName, stops: stops.map((c) => [c[0], c[1], c[2]] as RGB) },
    gradient: { type: gradientType, angle },
    camera: { motion: chosen['camera.motion'], speed: chosen['camera.speed'], steadiness: chosen['camera.steadiness'] },
    motion: {
      speed: chosen['motion.speed'], rhythm: chosen['motion.rhythm'], smoothness: chosen['motion.smoothness'],
      directionality: chosen['motion.directionality'], acceleration: chosen['motion.acceleration'],
    },
    lighting: { contrast: chosen['lighting.contrast'], temperature: chosen['lighting.temperature'] },
    composition: { framing: chosen['composition.framing'], balance: chosen['composition.balance'], symmetry: chosen['composition.symmetry'] },
    transition: { type: chosen['transition.type'], shots },
    shape: chosen.shape,
    audio: { tempo: chosen['audio.tempo'], mood, presence: chosen['audio.presence'], layers: [] },
    narrative: Object.fromEntries(NARRATIVE_ASPECTS.map((aspect) => [aspect, chosen[`narrative.${aspect}`]])) as SceneSpec['narrative'],
  };
  const shotsNamed = a.shots !== undefined || (a.named['transition.type'] === undefined && defaults.transition?.shots !== undefined);
  const conflicts = applyHolds(spec, namings(a, fixed, shotsNamed));
  // Layers follow the presence the holds left, unless the prompt or the defaults gave them.
  spec.audio.layers = a.noLayers && a.layers.length === 0 ? []
    : a.layers.length > 0 ? a.layers.map((l) => ({ primitive: l.primitive, level: l.level ?? level(l.primitive, mood) }))
      : defaults.audio?.layers && a.named['audio.presence'] === undefined ? defaults.audio.layers.map((l) => ({ ...l }))
        : layersFor(spec.audio.presence, mood);
  return { spec: validateSpec(spec), conflicts };
}

// ───────────────────────────── spec → prompt ─────────────────────────────

/** The label `describe` writes for each slot: specific enough to name that slot alone. */
const DESCRIBE_LABEL: Record<string, string> = {
  palette: 'palette',
  'gradient.type': 'gradient type',
  'camera.motion': 'camera motion',
  'camera.speed': 'camera speed',
  'camera.steadiness': 'camera steadiness',
  'motion.speed': 'motion speed',
  'motion.rhythm': 'motion rhythm',
  'motion.smoothness': 'motion smoothness',
  'motion.directionality': 'motion direction',
  'motion.acceleration': 'motion acceleration',
  'lighting.contrast': 'lighting contrast',
  'lighting.temperature': 'color temperature',
  'composition.framing': 'framing',
  'composition.balance': 'composition balance',
  'composition.symmetry': 'composition symmetry',
  'transition.type': 'transition',
  shape: 'shape overlay',
  'audio.tempo': 'audio tempo',
  'audio.mood': 'audio mood',
  'audio.presence': 'audio presence',
  'narrative.genre': 'genre',
  'narrative.mood': 'story mood',
  'narrative.style': 'style',
  'narrative.plots': 'tension curve',
  'narrative.settings': 'setting',
  'narrative.themes': 'theme',
  'narrative.scene_type': 'scene type',
};

/**
 * A prompt naming every field of `spec`, one comma-separated clause per field, each a qualified
 * phrase, so that `interpret(describe(spec))` gives back the spec (palette stops come from config,
 * so a palette outside config keeps its name only).
 */
export function describe(spec: SceneSpec): string {
  const s = validateSpec(spec);
  const clause = (slot: string) => {
    const value = slot === 'palette' ? s.palette.name : String(getPath(s, slot));
    return `${DESCRIBE_LABEL[slot] ?? slot.split('.').pop()!.replaceAll('_', ' ')} ${value.replaceAll('_', ' ')}`;
  };
  const parts = [
    `seed ${s.seed}`, `${s.duration} seconds`, `${s.width}x${s.height}`, `${s.fps} fps`,
    s.alpha ? `transparent, opacity ${s.opacity}` : s.opacity === 1 ? 'opaque' : `opaque, opacity ${s.opacity}`,
    ...SLOTS.map((x) => clause(x.slot)),
    `${s.gradient.angle} degrees`,
    s.transition.shots === 1 ? 'single shot' : `${s.transition.shots} shots`,
    s.audio.layers.length === 0 ? 'no sound layers' : `sound layers: ${s.audio.layers.map((l) => `${l.primitive} ${l.level}`).join(', ')}`,
  ];
  return parts.join(', ');
}
