/**
 * Tokens and hand-made features of one line for the learned text-emotion model. Shared by the
 * training script (scripts/train-text.ts) and run-time inference (text-emotion-model.ts), so
 * both compute the same numbers. Pure and deterministic.
 */

/** Words that open a negation scope (the next 3 content words, stopped by punctuation). */
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'without', 'cannot', 'nowhere', "n't"]);

/** Function words left out of the pooled word features (they carry little feeling). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('the a an of to and in for that on is was with as it by at from his be has are have but were this who they had ' +
    'which will their or its been would there when she her he him i you we me my your our us them do did does am so ' +
    "than then if what can could should 's").split(' '),
);

/**
 * Function words (the stop words and the negators): their embeddings are pooled separately from
 * the content words' (pronouns, negation and modals carry some of a line's tone).
 */
export const FUNCTION_WORDS: readonly string[] = [...new Set([...STOP_WORDS, ...NEGATORS])].sort();

/** The function-word tokens of a line in order ("n't" read as "not"). */
export function functionTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of tokens) if (STOP_WORDS.has(w) || NEGATORS.has(w)) out.push(w === "n't" ? 'not' : w);
  return out;
}

/**
 * SIF weight of a content word (smooth inverse frequency, Arora et al. 2017): a / (a + p(w)),
 * with p(w) estimated from the word's frequency rank by Zipf's law as 1 / (rank + 200), a = 10⁻³.
 */
export function sifWeight(rank: number): number {
  return 1e-3 / (1e-3 + 1 / (rank + 200));
}

const CONTRACTIONS: Record<string, string> = { re: 'are', m: 'am', ll: 'will', ve: 'have', d: 'would', s: "'s" };

/** Lower-case word and punctuation tokens; contractions split ("don't" → do n't, "I'm" → i am). */
export function tokenizeLine(text: string): string[] {
  let t = text.replace(/[’‘]/g, "'").toLowerCase();
  t = t
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, " n't")
    .replace(/'(s|re|m|ll|ve|d)\b/g, (_m, x: string) => ' ' + CONTRACTIONS[x]);
  return t.match(/[a-z0-9]+(?:'[a-z]+)?|n't|[!?.,;:]/g) ?? [];
}

const PUNCT = /^[!?.,;:]$/;

/** A content word of the line and whether it sits in a negation scope. */
export interface ContentWord {
  readonly word: string;
  readonly negated: boolean;
}

/**
 * The content words (not stop words, not negators, not punctuation) in order, each flagged when
 * it is among the 3 words after a negator before the next punctuation mark.
 */
export function contentWords(tokens: readonly string[]): ContentWord[] {
  const out: ContentWord[] = [];
  let scope = 0;
  for (const w of tokens) {
    if (PUNCT.test(w)) {
      scope = 0;
      continue;
    }
    if (NEGATORS.has(w)) {
      scope = 3;
      continue;
    }
    if (!STOP_WORDS.has(w)) out.push({ word: w, negated: scope > 0 });
    if (scope > 0) scope--;
  }
  return out;
}

/** Names of the surface features, in the order surfaceFeatures returns them. */
export const SURFACE_FEATURES = ['exclamations', 'question', 'capsWords', 'logWords', 'noKnownWords', 'ellipsis', 'negators'] as const;

/**
 * Surface cues: '!' count (≤ 3), a '?', words in capitals (≤ 3), log(1 + words), whether no word
 * was known to the model, an ellipsis, and the number of negators (≤ 2).
 */
export function surfaceFeatures(text: string, tokens: readonly string[], knownWords: number): number[] {
  const exclamations = Math.min(3, (text.match(/!/g) ?? []).length);
  const question = text.includes('?') ? 1 : 0;
  const caps = Math.min(3, (text.match(/\b[A-Z]{2,}\b/g) ?? []).length);
  let words = 0;
  let negators = 0;
  for (const w of tokens) {
    if (PUNCT.test(w)) continue;
    words++;
    if (NEGATORS.has(w)) negators++;
  }
  const ellipsis = /\.\.\.|…/.test(text) ? 1 : 0;
  return [exclamations, question, caps, Math.log1p(words), knownWords === 0 ? 1 : 0, ellipsis, Math.min(2, negators)];
}

/** Names of the pooled word-valence features, in the order pooledValence returns them. */
export const POOLED_VALENCE_FEATURES = ['valMean', 'valMax', 'valMin', 'valPosShare', 'valNegShare'] as const;

/**
 * Pools per-word valence scores (negated words flipped and halved): mean, max, min, and the share
 * of clearly positive (> 0.15) and clearly negative (< −0.15) words. All 0 for no words.
 */
export function pooledValence(scores: readonly number[]): number[] {
  if (scores.length === 0) return [0, 0, 0, 0, 0];
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  let pos = 0;
  let neg = 0;
  for (const s of scores) {
    sum += s;
    if (s > max) max = s;
    if (s < min) min = s;
    if (s > 0.15) pos++;
    if (s < -0.15) neg++;
  }
  const n = scores.length;
  return [sum / n, max, min, pos / n, neg / n];
}

/** A negated word's valence: flipped and halved ("not good" is mildly bad, not very bad). */
export function negatedValence(v: number): number {
  return -0.5 * v;
}

/**
 * The n-gram keys of a line for the model's bag-of-n-grams stage: every token (punctuation and
 * stop words included), prefixed 'N_' while inside a negation scope (after a negator, up to the
 * next punctuation mark), and every pair of neighbouring tokens with line-start/end markers
 * ("<s> i", "not good", "! </s>"). Duplicates kept (they count).
 */
export function ngramKeys(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let scope = false;
  for (const w of tokens) {
    if (PUNCT.test(w)) scope = false;
    out.push(scope ? 'N_' + w : w);
    if (NEGATORS.has(w)) scope = true;
  }
  let prev = '<s>';
  for (const w of tokens) {
    out.push(prev + ' ' + w);
    prev = w;
  }
  out.push(prev + ' </s>');
  return out;
}

/** Distinct keys of a line with their counts scaled to unit length (L2), in first-seen order. */
export function ngramCounts(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  let z = 0;
  for (const c of m.values()) z += c * c;
  z = Math.sqrt(z) || 1;
  for (const [k, c] of m) m.set(k, c / z);
  return m;
}
