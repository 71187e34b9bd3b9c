/**
 * Line-level valence/arousal/dominance by a classical lexicon scorer (eq. 2).
 *
 * The spec's eq. 2 is (v_t, a_t, d_t) = NLU_VAD(S_t) with a fine-tuned language model; this
 * module is the classical stand-in: a hand-made word lexicon (lexicon-data.ts) plus rules for
 * negation, intensifiers, diminishers, punctuation, capitals and imperatives. It is not a
 * learned model; it has no notion of context beyond a few words.
 *
 * Rules (all outputs in [-1, 1]):
 * - Each lexicon word contributes its (v, a, d); the line is the coverage-damped mean.
 * - Negation (not, never, no, …, and any "n't" word) flips and damps the next 3 words:
 *   v → −0.5 v, d → −0.5 d, a → 0.7 a. The scope stops at punctuation.
 * - Intensifiers (very, so, really, extremely …) scale the next content word by 1.3–1.8;
 *   diminishers (slightly, a bit, kind of …) by 0.4–0.9.
 * - '!' raises arousal (+0.12 each, up to 3); words in CAPITALS (2+ letters) raise arousal and
 *   strengthen themselves (in action lines only lexicon words count: capitals there mark names).
 * - '?' raises arousal slightly and lowers dominance.
 * - An imperative (a line opening with a base-form verb, or "don't"/"do not" + verb) raises
 *   arousal and dominance: "Get down!" → high arousal, high dominance.
 * - Action lines count like dialogue ("The car EXPLODES" → high arousal, negative valence).
 * - A line of stop words only (and no '!' or capitals) is neutral: (0, 0, 0); so are scene
 *   headings and transitions (layout, not feeling).
 * Emotion: the label from the VAD region (prototype distance) blended with the lexicon's
 * emotion tags of the words found; 'neutral' when the VAD is weak.
 *
 * Pure and deterministic.
 */
import type { EmotionLabel, LineKind, Vad } from '../../model/artifacts.js';
import { DIMINISHERS, IMPERATIVE_VERBS, INTENSIFIERS, LEXICON_SOURCE, NEGATORS, STOP_WORDS } from './lexicon-data.js';

export interface LexiconEntry {
  readonly v: number;
  readonly a: number;
  readonly d: number;
  readonly emotion: EmotionLabel | undefined;
}

export interface LineScore {
  readonly vad: Vad;
  readonly emotion: { readonly label: EmotionLabel; readonly score: number };
}

const TAGS: Record<string, EmotionLabel | undefined> = {
  j: 'joy',
  f: 'fear',
  a: 'anger',
  s: 'sadness',
  u: 'surprise',
  d: 'disgust',
  '-': undefined,
};

/** Parses the "word v a d tag" lexicon text into a map (word → entry). */
export function parseLexicon(source: string): Map<string, LexiconEntry> {
  const map = new Map<string, LexiconEntry>();
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [word, v, a, d, tag] = line.split(/\s+/);
    map.set(word, { v: Number(v), a: Number(a), d: Number(d), emotion: TAGS[tag ?? '-'] });
  }
  return map;
}

const LEXICON = parseLexicon(LEXICON_SOURCE);
const NEG = new Set(NEGATORS);
const STOP = new Set(STOP_WORDS);
const IMPERATIVE = new Set(IMPERATIVE_VERBS);
/** Words skipped before the verb of an imperative ("Please, get down", "Now run!", "Hey, listen"). */
const IMPERATIVE_LEAD = new Set(['please', 'now', 'just', 'quick', 'quickly', 'oh', 'hey', 'okay', 'ok', 'so']);

/** Looks a word up, trying simple inflection strips (-s, -es, -ed, -ing, -ly, -ier …). */
export function lookupWord(word: string): LexiconEntry | undefined {
  const w = word.toLowerCase().replace(/['’]s$/, '');
  const direct = LEXICON.get(w);
  if (direct) return direct;
  const candidates: string[] = [];
  const add = (s: string): void => {
    if (s.length >= 2) candidates.push(s);
  };
  if (w.endsWith('ies')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('ied')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s')) add(w.slice(0, -1));
  if (w.endsWith('ed')) {
    add(w.slice(0, -2));
    add(w.slice(0, -1));
    if (/(.)\1ed$/.test(w)) add(w.slice(0, -3));
  }
  if (w.endsWith('ing')) {
    add(w.slice(0, -3));
    add(w.slice(0, -3) + 'e');
    if (/(.)\1ing$/.test(w)) add(w.slice(0, -4));
  }
  if (w.endsWith('ily')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('ly')) add(w.slice(0, -2));
  if (w.endsWith('ier')) add(w.slice(0, -3) + 'y');
  if (w.endsWith('iest')) add(w.slice(0, -4) + 'y');
  if (w.endsWith('er')) add(w.slice(0, -2));
  if (w.endsWith('est')) add(w.slice(0, -3));
  if (w.endsWith('ness')) add(w.slice(0, -4));
  for (const c of candidates) {
    const e = LEXICON.get(c);
    if (e) return e;
  }
  return undefined;
}

interface Token {
  readonly kind: 'word' | 'punct';
  readonly text: string;
  readonly lower: string;
}

/**
 * A few idioms whose words mislead a word-by-word scorer, rewritten to one lexicon word
 * before scoring ("can't stand" is not a negated "stand").
 */
const IDIOMS: readonly [RegExp, string][] = [
  [/\b(?:can't|cannot|can not|can’t) stand\b/gi, 'hate'],
  [/\b(?:don't|don’t|do not) (?:leave|go|die)\b/gi, 'beg'],
  [/\bno way\b/gi, 'unbelievable'],
  [/\b(?:can't|cannot|can not|can’t) find\b/gi, 'lost'],
  [/\bnot (?:your|my|his|her|our|their) fault\b/gi, 'forgive'],
  [/\bthank god\b/gi, 'relief'],
  [/\boh my god\b/gi, 'shock'],
  [/\bshut up\b/gi, 'angry'],
  [/\b(?:watch|look) out\b/gi, 'danger'],
];

function tokenize(text: string): Token[] {
  for (const [re, rep] of IDIOMS) text = text.replace(re, (m) => (m === m.toUpperCase() && /\p{L}/u.test(m) ? rep.toUpperCase() : rep));
  const out: Token[] = [];
  const re = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[!?.,;:—–]/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const t = m[0].replace(/’/g, "'");
    const isWord = /[\p{L}\p{N}]/u.test(t);
    out.push({ kind: isWord ? 'word' : 'punct', text: t, lower: t.toLowerCase() });
  }
  return out;
}

function isNegator(lower: string): boolean {
  return NEG.has(lower) || lower.endsWith("n't");
}

function isCaps(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  return letters.length >= 2 && !/\p{Ll}/u.test(text) && /\p{Lu}/u.test(text);
}

const clamp = (x: number): number => Math.max(-1, Math.min(1, x));

/** Emotion prototypes in VAD space (a hand-placed region centre per label). */
const PROTOTYPES: Record<Exclude<EmotionLabel, 'neutral'>, Vad> = {
  joy: { v: 0.8, a: 0.5, d: 0.4 },
  anger: { v: -0.6, a: 0.8, d: 0.6 },
  fear: { v: -0.7, a: 0.7, d: -0.6 },
  sadness: { v: -0.7, a: -0.3, d: -0.5 },
  surprise: { v: 0.1, a: 0.8, d: -0.1 },
  disgust: { v: -0.7, a: 0.3, d: 0.2 },
};

/**
 * Scores one line (eq. 2, classical lexicon variant, not a learned model): VAD each in [-1, 1]
 * and a discrete emotion with a score in [0, 1] ('neutral' when the VAD is weak).
 */
export function scoreLine(text: string, kind: LineKind = 'dialogue'): LineScore {
  // Scene headings and transitions are layout, not feeling ("EXT. ROAD - NIGHT", "CUT TO:").
  if (kind === 'heading' || kind === 'transition') return { vad: { v: 0, a: 0, d: 0 }, emotion: { label: 'neutral', score: 1 } };
  const tokens = tokenize(text);
  const words = tokens.filter((t) => t.kind === 'word');
  const rawWords = text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  const exclamations = Math.min(3, (text.match(/!/g) ?? []).length);
  const question = text.includes('?');
  const lineAllCaps = isCaps(text) && words.length > 3;

  let sumV = 0;
  let sumA = 0;
  let sumD = 0;
  let n = 0;
  let capsBoost = 0;
  const votes = new Map<EmotionLabel, number>();
  let negScope = 0;
  let scale = 1;
  let contentWords = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'punct') {
      if (tok.text !== ',' || negScope > 0) negScope = 0;
      scale = 1;
      continue;
    }
    const lower = tok.lower;
    const caps = isCaps(tok.text) && !lineAllCaps && lower !== 'i' && lower !== 'ok';
    if (isNegator(lower)) {
      negScope = 3;
      contentWords++;
      continue;
    }
    const next = tokens[i + 1]?.lower;
    if (INTENSIFIERS[lower] !== undefined && next !== undefined && !STOP.has(next)) {
      scale *= INTENSIFIERS[lower];
      if (negScope > 0) negScope--;
      continue;
    }
    if ((lower === 'a' && next === 'bit') || (lower === 'kind' && next === 'of') || (lower === 'sort' && next === 'of') || (lower === 'a' && next === 'little')) {
      scale *= lower === 'a' ? 0.5 : 0.6;
      i++;
      if (negScope > 0) negScope--;
      continue;
    }
    if (DIMINISHERS[lower] !== undefined) {
      scale *= DIMINISHERS[lower];
      if (negScope > 0) negScope--;
      continue;
    }
    const entry = lookupWord(lower);
    if (!STOP.has(lower)) contentWords++;
    const inScope = negScope > 0;
    if (negScope > 0) negScope--;
    if (!entry) {
      if (caps && kind !== 'action') capsBoost += 0.12;
      continue;
    }
    let k = scale;
    if (caps) {
      k *= 1.3;
      capsBoost += 0.12;
    }
    let v = entry.v * k;
    let a = entry.a * (k > 1 ? Math.min(k, 1.5) : k);
    let d = entry.d * k;
    if (inScope) {
      v = -0.5 * v;
      d = -0.5 * d;
      a = 0.7 * a;
    }
    sumV += clamp(v);
    sumA += clamp(a);
    sumD += clamp(d);
    n++;
    scale = 1;
    const strength = Math.min(1, Math.hypot(entry.v, entry.a) * k);
    if (entry.emotion && !inScope) votes.set(entry.emotion, (votes.get(entry.emotion) ?? 0) + strength);
    else if (inScope && entry.emotion === 'joy') votes.set('sadness', (votes.get('sadness') ?? 0) + 0.5 * strength);
  }

  // Imperative: first word (after lead words) is a base-form verb, or "don't"/"do not" + verb.
  let imperative = false;
  if (kind === 'dialogue' || kind === 'parenthetical') {
    const raw = rawWords.map((w) => w.toLowerCase().replace(/’/g, "'"));
    let j = 0;
    while (j < raw.length - 1 && IMPERATIVE_LEAD.has(raw[j])) j++;
    const w0 = raw[j];
    const w1 = raw[j + 1];
    if (w0 !== undefined && IMPERATIVE.has(w0) && !question) imperative = true;
    if ((w0 === "don't" || w0 === 'never' || (w0 === 'do' && w1 === 'not')) && !question) {
      const verb = w0 === 'do' ? raw[j + 2] : w1;
      if (verb !== undefined && (IMPERATIVE.has(verb) || lookupWord(verb) !== undefined)) imperative = true;
    }
  }

  const hasContent = n > 0 || contentWords > 0;
  if (!hasContent && exclamations === 0 && capsBoost === 0 && !imperative) {
    return { vad: { v: 0, a: 0, d: 0 }, emotion: { label: 'neutral', score: 1 } };
  }
  const coverage = n / (n + 0.3);
  let v = n > 0 ? (sumV / n) * coverage : 0;
  let a = n > 0 ? (sumA / n) * coverage : 0;
  let d = n > 0 ? (sumD / n) * coverage : 0;
  a += 0.12 * exclamations + Math.min(0.3, capsBoost);
  if (lineAllCaps && exclamations > 0) a += 0.1;
  if (question) {
    a += 0.05;
    d -= 0.1;
  }
  if (imperative) {
    a += 0.25;
    d += exclamations > 0 ? 0.45 : 0.35;
  }
  if (kind === 'action' && n > 0) a *= 1.1;
  const vad: Vad = { v: round(clamp(v)), a: round(clamp(a)), d: round(clamp(d)) };
  return { vad, emotion: classifyEmotion(vad, votes) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000 + 0; // + 0 turns -0 into 0
}

/**
 * Discrete emotion from a VAD point plus cue-word votes: each label scores
 * 0.5·(closeness to its VAD prototype) + 0.5·(its share of the votes). 'neutral' when the
 * point is within 0.2 of the origin in the valence/arousal plane, or when no cue word voted and
 * the point is not clearly inside a region (closeness < 0.7; surprise/disgust need a cue word).
 * Score in [0, 1].
 */
export function classifyEmotion(vad: Vad, votes: ReadonlyMap<EmotionLabel, number> = new Map()): {
  label: EmotionLabel;
  score: number;
} {
  const magnitude = Math.hypot(vad.v, Math.max(0, vad.a));
  if (magnitude < 0.2) return { label: 'neutral', score: round(1 - magnitude) };
  let total = 0;
  for (const x of votes.values()) total += x;
  let best: EmotionLabel = 'neutral';
  let bestScore = -1;
  for (const [label, p] of Object.entries(PROTOTYPES) as [Exclude<EmotionLabel, 'neutral'>, Vad][]) {
    // Surprise and disgust are not separable by VAD alone: they need a cue word.
    if (total === 0 && (label === 'surprise' || label === 'disgust')) continue;
    const dist = Math.hypot(vad.v - p.v, vad.a - p.a, vad.d - p.d);
    const closeness = Math.max(0, 1 - dist / 2);
    const share = total > 0 ? (votes.get(label) ?? 0) / total : 0;
    const s = total > 0 ? 0.5 * closeness + 0.5 * share : closeness;
    if (s > bestScore) {
      best = label;
      bestScore = s;
    }
  }
  // Without cue words the region alone must be clearly matched.
  if (bestScore < (total === 0 ? 0.7 : 0.3)) return { label: 'neutral', score: round(1 - Math.max(0, bestScore)) };
  return { label: best, score: round(Math.min(1, bestScore)) };
}
