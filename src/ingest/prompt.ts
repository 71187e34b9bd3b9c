/**
 * Prompt parser: a sentence about the wanted music → PromptSpec, by hand-written rules and
 * small word tables (classical, no language model).
 *
 * `parsePrompt(text, {fps, duration})` returns `{ spec, warnings }`:
 * - styles ('hybrid', 'orchestral', 'ambient', 'electronic', 'piano', 'strings', 'jazz', 'suspense');
 *   "hybrid" or orchestral + electronic together give 'hybrid' alone.
 * - traits from composer references (a small table; we describe traits, never claim imitation).
 * - tempo: a word ('fast', 'slow', 'moderate') and/or a number ("around 90 bpm" → 90).
 * - moods (canonical names) and moodVad, the mean of their VAD points (each in [-1, 1]).
 * - instruments wanted / unwanted ("no drums", "without brass") and a lead instrument
 *   ("main instrument piano", "featuring cello", "solo piano").
 * - timecoded cues. The prompt is split into clauses at punctuation and at the words
 *   and/then/with/but/while/plus; each time is attached to the cue word of its clause
 *   (build, hit, drop, swell, fade-out, subtle, intense). A clause with times but no cue word
 *   reuses the previous clause's cue kind ("hits at 0:10, 0:20"); a clause with a cue word but no
 *   time takes the next clause's time. "at the end"/"at the start" use duration/0.
 *   Ranges ("from 00:40 to 01:00", "between 1:00 and 1:10", "0:40-1:00") give subtle/intense/drop
 *   cues {t: start, end}; a build/swell/fade-out over a range lands at its end (t = end, the peak).
 * - unknownWords: content words no rule understood (stop words ignored), never silently dropped.
 * Warnings (returned, not thrown): times not attached to any cue word, cue words without a time,
 * implausible bpm. Diagnostics (returned): one per cue outside [0, duration], kept, with its time.
 * A timecode that cannot be valid ("01:75") throws UserInputError (field 'prompt').
 *
 * Timecodes are read by `parseLooseTime` (src/time/timecode.ts): 1:32, 01:32, 01:32.5, 1:02:03(.5),
 * 00:01:32:12 (frames at the video's rate, default 24; ';' before frames = drop-frame at
 * 29.97/59.94), 92s, 92 sec, 1 min 32, 1m32s, 2 min.
 * Pure.
 */
import type { CueKind, PromptCue, PromptSpec, Rational, Vad } from '../model/artifacts.js';
import { bpm as toBpm, seconds, type Seconds } from '../model/units.js';
import { UserInputError, type Diagnostic } from '../model/errors.js';
import { parseLooseTime } from '../time/timecode.js';

export interface PromptOptions {
  /** Frame rate for frame-count timecodes (hh:mm:ss:ff); default 24/1. */
  readonly fps?: Rational;
  /** Video duration; cues outside [0, duration] are kept and reported. */
  readonly duration?: Seconds;
}

export interface PromptParseResult {
  readonly spec: PromptSpec;
  readonly warnings: string[];
  /** One per cue outside [0, duration] (kept, not dropped), with the cue's time. */
  readonly diagnostics: Diagnostic[];
}

// ------------------------------------------------------------------ time

/**
 * Reads a time written in a prompt through the one loose-time reader, `parseLooseTime`
 * (src/time/timecode.ts): 1:32, 01:32.5, 1:02:03.5, 00:01:32:12 (frames at the video's rate,
 * default 24/1), 00:01:32;12 (drop-frame at 29.97/59.94), 92s, 1 min 32, 1m32s, 2 min.
 * Throws UserInputError (field 'prompt', at the text) when the text is not a valid time.
 */
function readPromptTime(text: string, fps: Rational = { num: 24, den: 1 }): Seconds {
  const place = { field: 'prompt', at: text.trim() };
  const t = parseLooseTime(text, fps, place);
  if (t === null) throw new UserInputError(`cannot read time "${text.trim()}" (expected 1:32, 01:32.5, 00:01:32:12, 92s or 1 min 32)`, place);
  return t;
}

/** Time expressions inside free text (longest forms first). */
const TIME_IN_TEXT = new RegExp(
  [
    String.raw`\b\d{1,2}:\d{2}:\d{2}[:;]\d{1,2}\b`,
    String.raw`\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?![\d:])`,
    String.raw`\b\d{1,3}:\d{2}(?:\.\d+)?(?![\d:])`,
    String.raw`\b\d+(?:\.\d+)?\s*(?:minutes?|mins?|m)\s*(?:and\s+)?\d+(?:\.\d+)?\s*(?:seconds?|secs?|s)?\b`,
    String.raw`\b\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b`,
    String.raw`\b\d+(?:\.\d+)?\s*(?:seconds?|secs?|s)\b`,
  ].join('|'),
  'g',
);
/**
 * A tempo range, "60-70 bpm", "60 to 70 bpm", "between 60 and 70 bpm": read as its midpoint
 * (65), which the planner's ±15 % tempo window then spans (see fusion/curves tempoConstants).
 */
const BPM_RANGE_IN_TEXT =
  /(?<![\d:.])\b(\d{2,3}(?:\.\d+)?)\s*(?:-|–|—|to)\s*(\d{2,3}(?:\.\d+)?)\s*-?\s*(?:bpm|beats per minute|beats a minute)\b|\bbetween\s+(\d{2,3}(?:\.\d+)?)\s+and\s+(\d{2,3}(?:\.\d+)?)\s*-?\s*(?:bpm|beats per minute|beats a minute)\b/g;
const BPM_IN_TEXT = /\b(\d{2,3}(?:\.\d+)?)\s*-?\s*(?:bpm|beats per minute|beats a minute)\b|\btempo\s*(?:of|at|around|about|:|=)?\s*(\d{2,3})\b/g;
/** "80s synthwave", "the 90s": a decade, not a time. */
const DECADE = /^(?:19|20)?[1-9]0['’]?s$/;

// ------------------------------------------------------------------ tables

type Phrase = readonly string[];
const words = (s: string): Phrase => s.split(' ');

const STYLE_TABLE: Record<string, readonly string[]> = {
  hybrid: ['hybrid'],
  orchestral: ['orchestral', 'orchestra', 'symphonic', 'symphony', 'full orchestra'],
  ambient: ['ambient', 'drone', 'drones', 'droning', 'atmospheric', 'soundscape', 'textural'],
  electronic: ['electronic', 'electronica', 'electronics', 'synthwave', 'synth wave', 'retrowave', 'edm', 'techno', 'cyberpunk', 'synth pop', 'synthpop'],
  piano: ['solo piano', 'piano solo', 'piano only', 'just piano'],
  strings: ['chamber', 'string quartet', 'string orchestra', 'strings only', 'just strings', 'string ensemble'],
  jazz: ['jazz', 'jazzy', 'noir', 'film noir', 'swing', 'bebop', 'big band'],
  suspense: ['suspense', 'suspenseful', 'minimal', 'minimalist', 'minimalistic', 'thriller'],
};

/**
 * Instrument families a refused style takes with it ("no orchestra" → no strings, brass or
 * woodwinds; "no electronics" → no synths), in the canonical names of INSTRUMENTS, which the
 * planner maps to stems (plan.ts chooseInstrumentation). Other refused styles (jazz, ambient…)
 * name no instruments of their own: they are only kept out of `styles`.
 */
const REFUSED_STYLE_INSTRUMENTS: Readonly<Record<string, readonly string[]>> = {
  orchestral: ['strings', 'brass', 'woodwinds', 'timpani'],
  electronic: ['synth'],
};

/** Composer → traits (what the music tends to do; we describe, we do not imitate). */
const COMPOSERS: readonly { names: readonly string[]; traits: readonly string[] }[] = [
  { names: ['hans zimmer', 'zimmer'], traits: ['string ostinatos', 'synth bass', 'big brass', 'low drones'] },
  { names: ['john williams'], traits: ['heroic brass fanfares', 'soaring string melodies', 'leitmotifs', 'full symphonic orchestra'] },
  { names: ['vangelis'], traits: ['analog synth pads', 'slow evolving chords', 'long reverb', 'soaring synth leads'] },
  { names: ['ennio morricone', 'morricone'], traits: ['solo whistle or voice', 'twangy guitar', 'sparse dramatic orchestration', 'bold percussion hits'] },
  { names: ['johann johannsson', 'jóhann jóhannsson', 'johannsson'], traits: ['slow string drones', 'minimal repeating motifs', 'processed textures', 'long sustained tones'] },
  { names: ['trent reznor', 'reznor', 'atticus ross'], traits: ['dark synth textures', 'distorted pulses', 'sparse piano', 'industrial percussion'] },
];

const TEMPO_WORDS: Record<string, readonly string[]> = {
  fast: ['high bpm', 'fast', 'faster', 'uptempo', 'up tempo', 'quick', 'rapid', 'driving', 'brisk', 'fast paced', 'high tempo', 'frantic'],
  slow: ['slow', 'slower', 'low bpm', 'downtempo', 'down tempo', 'languid', 'leisurely', 'slow paced', 'low tempo'],
  moderate: ['moderate', 'mid tempo', 'midtempo', 'medium tempo', 'moderate tempo', 'medium paced'],
};

/** Canonical mood → VAD (hand-set, each in [-1, 1]) and the words that name it. */
const MOODS: Record<string, { vad: Vad; words: readonly string[] }> = {
  tense: { vad: { v: -0.4, a: 0.6, d: -0.2 }, words: ['tense', 'tension', 'suspenseful', 'uneasy', 'edgy', 'taut', 'nervous'] },
  sad: { vad: { v: -0.7, a: -0.4, d: -0.4 }, words: ['sad', 'sadness', 'sorrowful', 'mournful', 'tragic', 'heartbreaking', 'grief'] },
  melancholic: { vad: { v: -0.5, a: -0.4, d: -0.3 }, words: ['melancholic', 'melancholy', 'wistful', 'somber', 'sombre'] },
  joyful: { vad: { v: 0.8, a: 0.5, d: 0.3 }, words: ['joyful', 'joyous', 'happy', 'cheerful', 'upbeat', 'jubilant', 'fun'] },
  triumphant: { vad: { v: 0.8, a: 0.7, d: 0.7 }, words: ['triumphant', 'triumph', 'victorious', 'victory'] },
  heroic: { vad: { v: 0.7, a: 0.7, d: 0.8 }, words: ['heroic', 'hero', 'heroes'] },
  calm: { vad: { v: 0.4, a: -0.7, d: 0.2 }, words: ['calm', 'serene', 'tranquil', 'relaxed', 'relaxing', 'peaceful', 'soothing', 'gentle'] },
  dark: { vad: { v: -0.6, a: 0.2, d: 0.1 }, words: ['dark', 'brooding', 'grim', 'gloomy', 'bleak'] },
  romantic: { vad: { v: 0.7, a: 0, d: 0.1 }, words: ['romantic', 'romance', 'tender', 'loving', 'love'] },
  eerie: { vad: { v: -0.5, a: 0.2, d: -0.4 }, words: ['eerie', 'creepy', 'spooky', 'haunting', 'unsettling', 'uncanny', 'ghostly'] },
  epic: { vad: { v: 0.4, a: 0.8, d: 0.7 }, words: ['epic', 'grand', 'grandiose', 'majestic'] },
  hopeful: { vad: { v: 0.6, a: 0.2, d: 0.2 }, words: ['hopeful', 'hope', 'optimistic'] },
  uplifting: { vad: { v: 0.7, a: 0.4, d: 0.4 }, words: ['uplifting', 'inspiring', 'inspirational'] },
  mysterious: { vad: { v: -0.1, a: 0.2, d: -0.2 }, words: ['mysterious', 'mystery', 'enigmatic'] },
  playful: { vad: { v: 0.7, a: 0.5, d: 0.2 }, words: ['playful', 'whimsical', 'quirky', 'comedic', 'lighthearted', 'light hearted'] },
  aggressive: { vad: { v: -0.4, a: 0.9, d: 0.7 }, words: ['aggressive', 'fierce', 'violent', 'brutal', 'angry'] },
  ominous: { vad: { v: -0.6, a: 0.4, d: 0.3 }, words: ['ominous', 'menacing', 'threatening', 'sinister', 'foreboding'] },
  nostalgic: { vad: { v: 0.3, a: -0.3, d: 0 }, words: ['nostalgic', 'nostalgia', 'bittersweet'] },
  dreamy: { vad: { v: 0.5, a: -0.5, d: 0 }, words: ['dreamy', 'dreamlike', 'ethereal'] },
  anxious: { vad: { v: -0.5, a: 0.7, d: -0.5 }, words: ['anxious', 'panicked', 'panic', 'paranoid'] },
  scary: { vad: { v: -0.7, a: 0.7, d: -0.5 }, words: ['scary', 'frightening', 'terrifying', 'horror'] },
  energetic: { vad: { v: 0.5, a: 0.8, d: 0.5 }, words: ['energetic', 'energy', 'pumping', 'exciting', 'action', 'action packed'] },
  intense: { vad: { v: -0.2, a: 0.8, d: 0.4 }, words: ['intense', 'intensity', 'loud', 'louder', 'full force', 'chaotic'] },
  subtle: { vad: { v: 0, a: -0.5, d: -0.2 }, words: ['subtle', 'understated', 'restrained', 'quiet', 'quieter', 'soft', 'softer', 'sparse', 'low key', 'lowkey'] },
};

/** Canonical instrument → words (longest phrases are matched first). */
const INSTRUMENTS: Record<string, readonly string[]> = {
  piano: ['piano', 'pianos', 'grand piano'],
  strings: ['strings', 'string section'],
  violin: ['violin', 'violins', 'fiddle'],
  viola: ['viola', 'violas'],
  cello: ['cello', 'cellos', 'celli'],
  'double bass': ['double bass', 'contrabass', 'upright bass'],
  brass: ['brass', 'brass section'],
  trumpet: ['trumpet', 'trumpets'],
  horn: ['horn', 'horns', 'french horn', 'french horns'],
  trombone: ['trombone', 'trombones'],
  tuba: ['tuba'],
  woodwinds: ['woodwinds', 'woodwind', 'winds'],
  flute: ['flute', 'flutes'],
  clarinet: ['clarinet', 'clarinets'],
  oboe: ['oboe', 'oboes'],
  bassoon: ['bassoon', 'bassoons'],
  choir: ['choir', 'choral', 'chorus', 'voices', 'vocals'],
  drums: ['drums', 'drum', 'drum kit', 'drumkit'],
  percussion: ['percussion', 'taiko', 'taikos'],
  timpani: ['timpani'],
  guitar: ['guitar', 'guitars', 'acoustic guitar'],
  'electric guitar': ['electric guitar', 'electric guitars'],
  'bass guitar': ['bass guitar', 'electric bass'],
  synth: ['synth', 'synths', 'synthesizer', 'synthesizers', 'synthesiser', 'synthesisers'],
  'synth bass': ['synth bass'],
  'synth pad': ['pad', 'pads', 'synth pad', 'synth pads'],
  harp: ['harp', 'harps'],
  organ: ['organ', 'pipe organ'],
  celesta: ['celesta'],
  glockenspiel: ['glockenspiel'],
  bells: ['bells', 'tubular bells'],
  saxophone: ['saxophone', 'sax'],
  harmonica: ['harmonica'],
  whistle: ['whistle', 'whistling'],
  accordion: ['accordion'],
  marimba: ['marimba'],
  vibraphone: ['vibraphone', 'vibes'],
  bass: ['bass'],
};

const CUE_WORDS: Record<CueKind, readonly string[]> = {
  'fade-out': ['fade out', 'fades out', 'fading out', 'fade away', 'fades away', 'fade to black', 'fade to silence', 'fade into silence', 'fade to nothing', 'die away', 'dies away', 'die out'],
  drop: ['drop', 'drops', 'dropping', 'drop out', 'drops out', 'cut to silence', 'cuts to silence', 'cut out', 'cuts out', 'go silent', 'goes silent', 'stop', 'stops'],
  build: ['build', 'builds', 'building', 'build up', 'crescendo', 'crescendos', 'rise', 'rises', 'rising', 'escalate', 'escalates', 'escalating', 'ramp', 'ramps', 'ramp up', 'grow', 'grows', 'growing', 'climax'],
  swell: ['swell', 'swells', 'swelling', 'bloom', 'blooms', 'surge', 'surges'],
  hit: ['hit', 'hits', 'sting', 'stings', 'stinger', 'stab', 'stabs', 'accent', 'impact', 'slam', 'hit point'],
  subtle: ['subtle', 'quiet', 'quieter', 'soft', 'softer', 'gentle', 'understated', 'restrained', 'sparse', 'minimal', 'low key', 'lowkey', 'pull back', 'hold back', 'back off'],
  intense: ['intense', 'intensify', 'intensifies', 'loud', 'louder', 'full force', 'all out', 'aggressive', 'chaotic'],
};
/** Cue kinds that stand for an event; without a time they wait for the next clause's time. */
const EVENT_KINDS: ReadonlySet<CueKind> = new Set(['build', 'hit', 'drop', 'swell', 'fade-out']);
/** Words that link a cue to an on-screen event named in words ("after the crash"). */
const EVENT_LINKS = new Set(['as', 'after', 'when', 'once', 'whenever', 'where']);
/** Words that only name a drop's target. */
const SILENCE_WORDS = new Set(['silence', 'silent', 'nothing']);
const DRONE_WORDS = new Set(['drone', 'drones', 'ambient', 'pad', 'pads', 'hum', 'atmosphere', 'atmospheric']);

/** Words understood as glue in a music prompt (not reported as unknown). */
const FILLERS = new Set(
  (
    'generate create make compose write produce give want need like score music soundtrack track cue piece ' +
    'style styles sound sounds sounding feel feeling vibe vibes please scene film movie moment part section keep ' +
    'use using featuring feature features featured massive huge big sudden suddenly gradual gradually slowly ' +
    'strong heavy light lots lot very really bit high low main lead leading instrument instruments only just no ' +
    'without not avoid exclude excluding minus any start end beginning ending finale opening top whole entire ' +
    'throughout overall mostly mainly quite tempo pace paced bpm around about roughly approximately at in ' +
    'inspired reminiscent la style mood moods tone tones texture textures layer layers layered solo ' +
    'backed background underscore underscoring cinematic dramatic emotional atmosphere hans john ennio trent ' +
    'peak peaks theme themes gradual slow-building sudden slight slightly little more less much bit maybe perhaps also kind sort type rich lush sparse ' +
    'elements vein leave out skip nor sure something somewhat towards toward into onto during over under until till ' +
    'from between through thru to by after before when as it its it\'s the a an'
  ).split(/\s+/),
);

/** Stop words: never reported as unknown. */
const STOP = new Set(
  (
    'a an the of to in on at as for by from into onto over after before during it its is are be been being ' +
    'was were this that these those i me my we our us you your he she they them their should would could can ' +
    'will shall may might must some there here when where which who whom while so very really also just but ' +
    'and or nor then with up down out than more less most all any each every both through until till around ' +
    'about please let lets let\'s want need have has had do does did get go make give s t same other such own ' +
    'what how why if else not no yes one two three first second last next now again once'
  ).split(/\s+/),
);

// ------------------------------------------------------------------ tokens

interface Tok {
  readonly type: 'word' | 'time' | 'bpm' | 'punct' | 'range';
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** time/bpm value; range [start, end]. */
  readonly value?: number;
  readonly range?: readonly [number, number];
  used: boolean;
  /** Which rule took this token (for rules that may share a word, e.g. "solo piano"). */
  owner?: string;
}

/** Lower-cases and strips diacritics one character at a time (keeps offsets). */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += base.length === ch.length ? base : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

function tokenizePrompt(folded: string, fps: Rational | undefined): Tok[] {
  const spans: Tok[] = [];
  const taken = (a: number, b: number): boolean => spans.some((s) => a < s.end && b > s.start);
  let m: RegExpExecArray | null;
  BPM_RANGE_IN_TEXT.lastIndex = 0;
  while ((m = BPM_RANGE_IN_TEXT.exec(folded)) !== null) {
    const lo = m[1] ?? m[3];
    const hi = m[2] ?? m[4];
    const at = m.index + m[0].indexOf(lo);
    const a = Number(lo);
    const b = Number(hi);
    // value: the midpoint; range: both ends as written (checked against 20–300 like a single bpm)
    spans.push({ type: 'bpm', text: m[0], start: at, end: m.index + m[0].length, value: (a + b) / 2, range: [a, b], used: true });
  }
  BPM_IN_TEXT.lastIndex = 0;
  while ((m = BPM_IN_TEXT.exec(folded)) !== null) {
    const num = m[1] ?? m[2];
    const at = m.index + m[0].indexOf(num);
    if (taken(at, m.index + m[0].length)) continue; // the upper end of a range already read
    spans.push({ type: 'bpm', text: m[0], start: at, end: m.index + m[0].length, value: Number(num), used: true });
    // "tempo" itself stays a word token (a filler); "bpm" is inside the span.
  }
  TIME_IN_TEXT.lastIndex = 0;
  while ((m = TIME_IN_TEXT.exec(folded)) !== null) {
    const a = m.index;
    const b = a + m[0].length;
    if (taken(a, b)) continue;
    // "80s synthwave" / "the '90s" are decades; "at 30s" / "by 20s" are times
    const before = folded.slice(Math.max(0, a - 12), a);
    const timeWord = /\b(?:at|by|until|till|to|from|after|before|around|about|and)\s+$/.test(before);
    if ((DECADE.test(m[0]) && !timeWord) || /['’]$/.test(before)) continue;
    spans.push({ type: 'time', text: m[0], start: a, end: b, value: readPromptTime(m[0], fps), used: false });
  }
  const toks: Tok[] = [...spans];
  const wordRe = /[a-z0-9\u00c0-\u024f]+(?:['’][a-z]+)?|[,;.!?:—–-]/g;
  while ((m = wordRe.exec(folded)) !== null) {
    const a = m.index;
    const b = a + m[0].length;
    if (taken(a, b)) continue;
    const t = m[0];
    if (/^[,;.!?:—–-]$/.test(t)) {
      if (t === '-') {
        // an intra-word hyphen ("high-BPM") joins words: no token; a spaced dash is punctuation
        const before = folded[a - 1] ?? ' ';
        const after = folded[b] ?? ' ';
        if (/\S/.test(before) && /\S/.test(after) && !/\d/.test(before)) continue;
      }
      if (t === '.' && /\d/.test(folded[a - 1] ?? '') && /\d/.test(folded[b] ?? '')) continue;
      toks.push({ type: 'punct', text: t, start: a, end: b, used: true });
    } else {
      toks.push({ type: 'word', text: t.replace(/’/g, "'"), start: a, end: b, used: false });
    }
  }
  toks.sort((x, y) => x.start - y.start);
  return toks;
}

/** Merges "from T to T", "between T and T", "T-T", "T to T" into one range token. */
function mergeRanges(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  const CONNECT = new Set(['to', 'and', 'until', 'till', 'through', 'thru', '-', '–', '—']);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const lead = t.type === 'word' && (t.text === 'from' || t.text === 'between');
    const first = lead ? toks[i + 1] : t;
    const conn = lead ? toks[i + 2] : toks[i + 1];
    const second = lead ? toks[i + 3] : toks[i + 2];
    if (first?.type === 'time' && conn && CONNECT.has(conn.text) && second?.type === 'time') {
      if (!lead && conn.text === 'and') {
        out.push(t); // "at 0:10 and 0:20" are two times, not a range
        continue;
      }
      out.push({
        type: 'range',
        text: toks.slice(i, i + (lead ? 4 : 3)).map((x) => x.text).join(' '),
        start: t.start,
        end: second.end,
        range: [first.value!, second.value!],
        used: false,
      });
      i += lead ? 3 : 2;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Finds a phrase (word tokens in a row) starting at index i; returns its length or 0. */
function phraseAt(toks: readonly Tok[], i: number, phrase: Phrase, allowUsed = false): number {
  for (let k = 0; k < phrase.length; k++) {
    const t = toks[i + k];
    if (!t || t.type !== 'word' || t.text !== phrase[k] || (t.used && !allowUsed)) return 0;
  }
  return phrase.length;
}

/** All phrases of a table, longest first, with their key. */
function phraseList<K extends string>(table: Record<K, readonly string[]>): { key: K; phrase: Phrase }[] {
  const list: { key: K; phrase: Phrase }[] = [];
  for (const key of Object.keys(table) as K[]) for (const p of table[key]) list.push({ key, phrase: words(p) });
  return list.sort((a, b) => b.phrase.length - a.phrase.length);
}

const STYLE_PHRASES = phraseList(STYLE_TABLE);
const TEMPO_PHRASES = phraseList(TEMPO_WORDS);
const MOOD_PHRASES = phraseList(Object.fromEntries(Object.entries(MOODS).map(([k, v]) => [k, v.words])) as Record<string, readonly string[]>);
const INSTRUMENT_PHRASES = phraseList(INSTRUMENTS);
const CUE_PHRASES = phraseList(CUE_WORDS);
const COMPOSER_PHRASES = COMPOSERS.flatMap((c, idx) => c.names.map((n) => ({ key: String(idx), phrase: words(fold(n)) }))).sort(
  (a, b) => b.phrase.length - a.phrase.length,
);

/**
 * Scans tokens for table phrases; calls hit(key, i, len) for each and marks them used by
 * `owner`. Tokens already used are skipped unless their owner is in `shareWith`.
 */
function scan<K extends string>(
  toks: Tok[],
  list: readonly { key: K; phrase: Phrase }[],
  hit: (key: K, i: number, len: number) => void,
  owner: string,
  shareWith: readonly string[] = [],
): void {
  const free = (t: Tok | undefined): boolean => t !== undefined && (!t.used || (t.owner !== undefined && shareWith.includes(t.owner)));
  for (let i = 0; i < toks.length; i++) {
    for (const { key, phrase } of list) {
      let len = phrase.length;
      for (let k = 0; k < phrase.length; k++) {
        const t = toks[i + k];
        if (!free(t) || t.type !== 'word' || t.text !== phrase[k]) {
          len = 0;
          break;
        }
      }
      if (len > 0) {
        for (let k = 0; k < len; k++) {
          toks[i + k].used = true;
          toks[i + k].owner ??= owner;
        }
        hit(key, i, len);
        i += len - 1;
        break;
      }
    }
  }
}

function fmt(t: number): string {
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${String(m).padStart(2, '0')}:${s.toFixed(s % 1 === 0 ? 0 : 2).padStart(s % 1 === 0 ? 2 : 5, '0')}`;
}

// ------------------------------------------------------------------ parse

/**
 * Parses a music prompt (module doc). Times are seconds on the film timeline; moodVad in [-1, 1].
 * Returns the spec and a list of warnings (cues outside [0, duration] are kept and warned).
 */
export function parsePrompt(text: string, opts: PromptOptions = {}): PromptParseResult {
  const warnings: string[] = [];
  const folded = fold(text);
  const toks = mergeRanges(tokenizePrompt(folded, opts.fps));

  // ---- composers (before styles: "style of Hans Zimmer")
  const traits: string[] = [];
  scan(toks, COMPOSER_PHRASES, (key) => {
    for (const t of COMPOSERS[Number(key)].traits) if (!traits.includes(t)) traits.push(t);
  }, 'composer');

  // ---- instruments: found now, resolved (wanted / unwanted / lead) after the cue pass
  const instruments: { i: number; len: number; key: string; dropTarget?: boolean }[] = [];
  scan(toks, INSTRUMENT_PHRASES, (key, i, len) => {
    instruments.push({ i, len, key });
  }, 'instrument');

  // ---- "slow build", "gradual swell", "quick fade": how a cue moves, not the tempo
  for (let i = 0; i + 1 < toks.length; i++) {
    if (toks[i].type !== 'word' || !['slow', 'slowly', 'gradual', 'gradually', 'quick', 'quickly', 'fast', 'long', 'steady'].includes(toks[i].text)) continue;
    if (CUE_PHRASES.some(({ key, phrase }) => (key === 'build' || key === 'swell' || key === 'fade-out') && phraseAt(toks, i + 1, phrase) > 0)) {
      toks[i].used = true;
      toks[i].owner = 'cue';
    }
  }

  // ---- cues, clause by clause
  const clauses: [number, number][] = [];
  const SPLIT = new Set(['and', 'then', 'with', 'but', 'while', 'plus']);
  let cs = 0;
  for (let i = 0; i <= toks.length; i++) {
    const t = toks[i];
    const boundary =
      i === toks.length ||
      (t.type === 'punct' && t.text !== ':' && t.text !== '-') ||
      (t.type === 'punct' && t.text === '-' && !(toks[i - 1]?.type === 'time' && toks[i + 1]?.type === 'time')) ||
      (t.type === 'word' && SPLIT.has(t.text));
    if (boundary) {
      if (i > cs) clauses.push([cs, i]);
      if (t && t.type === 'word') t.used = true;
      cs = i + 1;
    }
  }
  const cues: PromptCue[] = [];
  let pending: { kind: CueKind; target?: 'silence' | 'drone'; text: string; toks: number[]; event?: string } | undefined;
  let lastKind: { kind: CueKind; target?: 'silence' | 'drone' } | undefined;
  const clauseText = (a: number, b: number): string => text.slice(toks[a].start, toks[b - 1].end).trim();
  let clauseEvent: string | undefined;
  const emit = (kind: CueKind, t: number, start: number | undefined, end: number | undefined, target: 'silence' | 'drone' | undefined, words: string): void => {
    cues.push({
      kind,
      t: seconds(t),
      ...(start !== undefined ? { start: seconds(start) } : {}),
      ...(end !== undefined ? { end: seconds(end) } : {}),
      ...(target ? { target } : {}),
      ...(clauseEvent !== undefined ? { event: clauseEvent } : {}),
      text: words,
    });
  };
  const placeCue = (kind: CueKind, target: 'silence' | 'drone' | undefined, times: Tok[], words: string): void => {
    for (const tt of times) {
      if (tt.type === 'range') {
        const [a, b] = tt.range!;
        if (kind === 'build' || kind === 'swell' || kind === 'fade-out') emit(kind, b, a, undefined, target, words);
        else emit(kind, a, a, b, target, words);
      } else emit(kind, tt.value!, undefined, undefined, target, words);
      tt.used = true;
    }
  };
  /**
   * An on-screen event named in words: "as the car goes over the bridge at 01:32", "after the
   * crash at 01:45", "when the door opens". The words after the linking word up to the time (or
   * the clause end) name the event; they are understood, not unknown.
   */
  const findEvent = (a: number, b: number): string | undefined => {
    for (let i = a; i < b; i++) {
      const t = toks[i];
      if (t.type !== 'word' || !EVENT_LINKS.has(t.text)) continue;
      let j = i + 1;
      while (j < b && toks[j].type === 'word' && !(toks[j].text === 'at' && toks[j + 1]?.type === 'time')) j++;
      // keep only phrases that hold a content word ("after that" names nothing)
      const span = toks.slice(i + 1, j).filter((x) => x.type === 'word');
      if (span.length === 0 || span.every((x) => STOP.has(x.text))) continue;
      for (let k = i; k < j; k++) toks[k].used = true;
      return text.slice(toks[i + 1].start, toks[j - 1].end).trim();
    }
    return undefined;
  };
  for (const [a, b] of clauses) {
    let kind: CueKind | undefined;
    const kindToks: number[] = [];
    for (let i = a; i < b && kind === undefined; i++) {
      for (const { key, phrase } of CUE_PHRASES) {
        const len = phraseAt(toks, i, phrase);
        if (len > 0 && i + len <= b) {
          kind = key;
          for (let k = 0; k < len; k++) kindToks.push(i + k);
          break;
        }
      }
    }
    let target: 'silence' | 'drone' | undefined;
    const targetToks: number[] = [];
    if (kind === 'drop' || kind === 'fade-out') {
      for (let i = a; i < b; i++) {
        const w = toks[i].text;
        if (toks[i].type !== 'word' || kindToks.includes(i)) continue;
        if (SILENCE_WORDS.has(w) || (w === 'quiet' && kind === 'drop')) {
          target ??= 'silence';
          targetToks.push(i);
        } else if (DRONE_WORDS.has(w)) {
          target ??= 'drone';
          targetToks.push(i);
          for (const x of instruments) if (x.i === i) x.dropTarget = true;
        }
      }
      if (kind === 'fade-out') target = undefined;
      else if (target === undefined && kindToks.some((i) => /^(?:stops?|silent|silence)$/.test(toks[i].text))) target = 'silence';
    }
    if (kind === undefined) {
      // a bare "silence at 01:00" is a drop to silence
      for (let i = a; i < b; i++) if (toks[i].type === 'word' && SILENCE_WORDS.has(toks[i].text)) {
        kind = 'drop';
        target = 'silence';
        kindToks.push(i);
        break;
      }
    }
    let times = toks.slice(a, b).filter((t) => t.type === 'time' || t.type === 'range');
    const clauseWords = clauseText(a, b);
    if (times.length === 0 && kind !== undefined && cues.length > 0) {
      // "…, quiet after that" / "then intense afterwards": from the previous cue to the end
      for (let i = a; i < b; i++) {
        const w = toks[i].text;
        const afterThat = (w === 'after' && (toks[i + 1]?.text === 'that' || toks[i + 1]?.text === 'this')) || w === 'afterwards' || w === 'afterward';
        if (!afterThat) continue;
        const prev = cues[cues.length - 1];
        const from = prev.end ?? prev.t;
        toks[i].used = true;
        if (w === 'after') toks[i + 1].used = true;
        const until = opts.duration !== undefined && opts.duration > from && (kind === 'subtle' || kind === 'intense') ? opts.duration : undefined;
        times = [until !== undefined
          ? { type: 'range', text: w, start: toks[i].start, end: toks[i].end, range: [from, until], used: false }
          : { type: 'time', text: w, start: toks[i].start, end: toks[i].end, value: from, used: false }];
        break;
      }
    }
    clauseEvent = kind !== undefined || times.length > 0 ? findEvent(a, b) : undefined;
    if (times.length === 0 && kind !== undefined) {
      for (let i = a; i < b; i++) {
        const w = toks[i].text;
        const prev = toks[i - 1]?.text;
        if (prev !== 'the' && prev !== 'its') continue;
        if (w === 'end' || w === 'ending' || w === 'finale' || w === 'finish') {
          if (opts.duration === undefined) warnings.push(`"${clauseWords}": cannot place "the end" without the video duration; not placed`);
          else times = [{ type: 'time', text: w, start: toks[i].start, end: toks[i].end, value: opts.duration, used: false }];
          toks[i].used = true;
          toks[i - 1].used = true;
        } else if (w === 'start' || w === 'beginning' || w === 'opening' || w === 'top') {
          times = [{ type: 'time', text: w, start: toks[i].start, end: toks[i].end, value: 0, used: false }];
          toks[i].used = true;
          toks[i - 1].used = true;
        }
      }
    }
    const markUsed = (): void => {
      for (const i of [...kindToks, ...targetToks]) toks[i].used = true;
      // other cue words of the clause ("building to a crescendo") are understood too
      for (let i = a; i < b; i++) {
        for (const { phrase } of CUE_PHRASES) {
          const len = phraseAt(toks, i, phrase);
          if (len > 0 && i + len <= b) for (let k = 0; k < len; k++) toks[i + k].used = true;
        }
      }
    };
    if (kind !== undefined && times.length > 0) {
      placeCue(kind, target, times, clauseWords);
      markUsed();
      lastKind = { kind, target };
      pending = undefined;
    } else if (kind !== undefined && EVENT_KINDS.has(kind)) {
      if (pending) warnings.push(`"${pending.text}": cue word without a time; not placed`);
      pending = { kind, target, text: clauseWords, toks: [...kindToks, ...targetToks], ...(clauseEvent !== undefined ? { event: clauseEvent } : {}) };
      markUsed();
    } else if (kind === undefined && times.length > 0) {
      const use = pending ?? lastKind;
      if (use) {
        clauseEvent = pending?.event ?? clauseEvent;
        placeCue(use.kind, use.target, times, pending ? `${pending.text} … ${clauseWords}` : clauseWords);
        lastKind = { kind: use.kind, target: use.target };
        pending = undefined;
      } else {
        for (const t of times) warnings.push(`time "${t.text}" is not attached to a cue word (build, hit, drop, swell, fade out, subtle…); ignored`);
        for (const t of times) t.used = true;
      }
    }
  }
  if (pending) warnings.push(`"${pending.text}": cue word without a time; not placed`);


  // ---- instruments: unwanted scopes ("no drums or brass"), lead, wanted
  const unwanted: string[] = [];
  const wanted: string[] = [];
  let lead: string | undefined;
  const instAt = new Map<number, { i: number; len: number; key: string }>();
  for (const x of instruments) if (!x.dropTarget) instAt.set(x.i, x);
  const NEGATE = new Set(['no', 'without', 'avoid', 'exclude', 'excluding', 'minus', 'not', 'skip', 'lose', 'ditch', "don't", 'dont', 'never']);
  const SCOPE_GLUE = new Set(['or', 'and', 'nor', ',', 'any', 'the', 'heavy', 'loud', 'big', 'obvious', 'real', 'too', 'much', 'many', 'live', 'out', 'want', 'need', 'use', 'like', 'include', 'add']);
  const negated = new Set<number>();
  /** Token index → a style/ensemble phrase refused there ("no orchestra", "no drums or orchestra"). */
  const negatedStyle = new Set<number>();
  const styleAt = (j: number): number => {
    for (const { phrase } of STYLE_PHRASES) {
      const len = phraseAt(toks, j, phrase, true);
      if (len > 0) return len;
    }
    return 0;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const isNeg = t.type === 'word' && (NEGATE.has(t.text) || (t.text === 'leave' && toks[i + 1]?.text === 'out'));
    if (!isNeg) continue;
    let j = i + 1;
    let found = false;
    let afterComma = false;
    const styleToks = new Set<number>();
    while (j < toks.length) {
      const inst = instAt.get(j);
      const styleLen = inst ? 0 : styleAt(j);
      if (inst) {
        negated.add(j);
        found = true;
        j += inst.len;
      } else if (styleLen > 0 && !afterComma) {
        // A style word right before an instrument only qualifies it ("no electronic drums"):
        // the instrument is refused, not the style. Otherwise the style itself is refused.
        if (!instAt.has(j + styleLen)) {
          negatedStyle.add(j);
          for (let k = j; k < j + styleLen; k++) styleToks.add(k);
        }
        // an instrument inside the style phrase ("no solo piano") is refused with it
        for (let k = j; k < j + styleLen; k++) if (instAt.has(k)) negated.add(k);
        found = true;
        j += styleLen;
      } else if (styleLen > 0) break; // "no drums, ambient pads": a comma ends a refused style list
      else if (SCOPE_GLUE.has(toks[j].text)) {
        if (toks[j].text === ',') afterComma = true;
        j++;
      } else break;
    }
    if (found) {
      t.used = true;
      // refused style words are left for the style scan below, which records them
      for (let k = i + 1; k < j; k++) if (!styleToks.has(k)) toks[k].used = true;
    }
  }
  const LEAD_BEFORE = ['main instrument', 'lead instrument', 'leading instrument', 'featuring', 'featured', 'led by', 'solo', 'lead', 'main', 'feature', 'features'].map(words);
  const LEAD_SKIP = new Set(['is', 'should', 'be', 'a', 'an', 'the', ':', 'on', 'of', 'as']);
  for (const { i, len, key } of instAt.values()) {
    if (negated.has(i)) {
      if (!unwanted.includes(key)) unwanted.push(key);
      continue;
    }
    if (!wanted.includes(key)) wanted.push(key);
    if (lead !== undefined) continue;
    let j = i - 1;
    while (j >= 0 && LEAD_SKIP.has(toks[j].text)) j--;
    for (const p of LEAD_BEFORE) {
      const s0 = j - p.length + 1;
      if (s0 >= 0 && phraseAt(toks, s0, p, true) === p.length) {
        lead = key;
        for (let k = s0; k <= j; k++) toks[k].used = true;
        break;
      }
    }
    const after = toks[i + len];
    if (lead === undefined && after && after.type === 'word' && (after.text === 'lead' || after.text === 'solo')) {
      lead = key;
      after.used = true;
    }
  }

  // ---- styles, tempo, moods over what is left
  const styles: string[] = [];
  const stylesUnwanted: string[] = [];
  let pianoStyleLead = false;
  scan(toks, STYLE_PHRASES, (key, i) => {
    // "no orchestra", "without electronic elements", "no piano solo": a style refused — a
    // directive (stylesUnwanted, and its instrument families below), not a style
    if (negatedStyle.has(i) || negated.has(i)) {
      if (!stylesUnwanted.includes(key)) stylesUnwanted.push(key);
      return;
    }
    if (!styles.includes(key)) styles.push(key);
    if (key === 'piano') pianoStyleLead = true;
  }, 'style', ['instrument']);
  for (const key of stylesUnwanted) {
    if (styles.includes(key)) styles.splice(styles.indexOf(key), 1); // refused wins
    // the planner obeys instrumentsUnwanted (stems): an orchestra refused takes its strings,
    // brass and woodwinds (not percussion: that stem also carries the electronic drums); a
    // named wanted instrument ("no orchestra, just strings") stays wanted
    for (const family of REFUSED_STYLE_INSTRUMENTS[key] ?? []) {
      if (!unwanted.includes(family) && !wanted.includes(family)) unwanted.push(family);
    }
  }
  if (pianoStyleLead) {
    lead ??= 'piano';
    if (!wanted.includes('piano') && !unwanted.includes('piano')) wanted.push('piano');
  }
  if (styles.includes('hybrid') || (styles.includes('orchestral') && styles.includes('electronic'))) {
    const rest = styles.filter((s) => s !== 'hybrid' && s !== 'orchestral' && s !== 'electronic');
    styles.length = 0;
    styles.push('hybrid', ...rest);
  }
  if (styles.length === 0) {
    const only = wanted.length === 1 ? wanted[0] : lead;
    if (only === 'piano') styles.push('piano');
    else if (only === 'strings' || (wanted.length > 0 && wanted.every((w) => ['strings', 'violin', 'viola', 'cello', 'double bass'].includes(w)))) styles.push('strings');
  }

  // "just strings and piano": a one-family style only when nothing outside that family is wanted
  const STRING_FAMILY = ['strings', 'violin', 'viola', 'cello', 'double bass', 'harp'];
  if (styles.includes('strings') && wanted.some((w) => !STRING_FAMILY.includes(w))) styles.splice(styles.indexOf('strings'), 1);
  if (styles.includes('piano') && wanted.some((w) => w !== 'piano')) styles.splice(styles.indexOf('piano'), 1);

  let tempoWord: string | undefined;
  scan(toks, TEMPO_PHRASES, (key) => {
    tempoWord ??= key;
  }, 'tempo');
  let tempoBpm: number | undefined;
  for (const t of toks) {
    if (t.type !== 'bpm') continue;
    const ends = t.range ?? [t.value!, t.value!];
    if (ends.some((x) => x < 20 || x > 300)) warnings.push(`tempo ${t.range ? `${t.range[0]}–${t.range[1]}` : t.value} bpm is outside 20–300; ignored`);
    else tempoBpm ??= t.value;
  }

  const moods: string[] = [];
  scan(toks, MOOD_PHRASES, (key) => {
    if (!moods.includes(key)) moods.push(key);
  }, 'mood');
  let moodVad: Vad | undefined;
  if (moods.length) {
    const sum = moods.reduce((acc, m) => ({ v: acc.v + MOODS[m].vad.v, a: acc.a + MOODS[m].vad.a, d: acc.d + MOODS[m].vad.d }), { v: 0, a: 0, d: 0 });
    const r = (x: number): number => Math.round((x / moods.length) * 1000) / 1000 + 0;
    moodVad = { v: r(sum.v), a: r(sum.a), d: r(sum.d) };
  }

  // ---- unknown words
  const unknownWords: string[] = [];
  for (const t of toks) {
    if (t.type !== 'word' || t.used) continue;
    const w = t.text;
    if (STOP.has(w) || FILLERS.has(w) || /^\d/.test(w) || DECADE.test(w) || w.length < 2) continue;
    if (!unknownWords.includes(w)) unknownWords.push(w);
  }

  // ---- cues: order and range checks
  const sorted = cues.map((c, i) => ({ c, i })).sort((x, y) => x.c.t - y.c.t || x.i - y.i).map((x) => x.c);
  const diagnostics: Diagnostic[] = [];
  if (opts.duration !== undefined) {
    for (const c of sorted) {
      const last = c.end ?? c.t;
      if (c.t < 0 || last > opts.duration + 1e-9) {
        diagnostics.push({
          level: 'warning',
          stage: 'prompt',
          message: `${c.kind} cue "${c.text}" at ${fmt(c.t)}${c.end !== undefined ? `–${fmt(c.end)}` : ''} lies ${c.t > opts.duration ? 'after the video ends' : 'partly outside the video'} (0–${fmt(opts.duration)}); kept`,
          place: { field: 'prompt', at: fmt(c.t) },
        });
      }
    }
  }

  const spec: PromptSpec = {
    text,
    styles,
    stylesUnwanted,
    traits,
    moods,
    ...(moodVad ? { moodVad } : {}),
    ...(tempoWord !== undefined || tempoBpm !== undefined
      ? { tempo: { ...(tempoBpm !== undefined ? { bpm: toBpm(tempoBpm) } : {}), ...(tempoWord !== undefined ? { word: tempoWord } : {}) } }
      : {}),
    instrumentsWanted: wanted.filter((w) => !unwanted.includes(w)),
    instrumentsUnwanted: unwanted,
    ...(lead !== undefined && !unwanted.includes(lead) ? { leadInstrument: lead } : {}),
    cues: sorted,
    unknownWords,
  };
  return { spec, warnings, diagnostics };
}
