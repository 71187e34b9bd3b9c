/**
 * The lexicon sentiment tools the learned text model is measured against, each reduced to one
 * signed valence number per line (0 = no sign): VADER's compound score (vader-sentiment), AFINN's
 * summed score (the `sentiment` package), wink-nlp's sentiment, and the project's own lexicon
 * scorer (scoreLine). Dev dependencies only: used by tests and bench/text.bench.ts.
 */
import { createRequire } from 'node:module';
import { scoreLine } from '../../src/analysis/text/lexicon-vad.js';

const require = createRequire(import.meta.url);

export interface ValenceTool {
  readonly name: string;
  valence(text: string): number;
}

interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}
interface SentimentCtor {
  new (): { analyze(text: string): { score: number; comparative: number } };
}
interface WinkNlp {
  readDoc(text: string): { out(f: unknown): unknown };
  its: { sentiment: unknown };
}

/** VADER, AFINN, wink-nlp and scoreLine as valence scorers (loaded on first call). */
export function lexiconTools(): ValenceTool[] {
  const vader = require('vader-sentiment') as VaderModule;
  const Sentiment = require('sentiment') as SentimentCtor;
  const afinn = new Sentiment();
  const winkNLP = require('wink-nlp') as (model: unknown) => WinkNlp;
  const nlp = winkNLP(require('wink-eng-lite-web-model'));
  return [
    { name: 'lexicon scoreLine (ours, classical)', valence: (t) => scoreLine(t).vad.v },
    { name: 'VADER (vader-sentiment)', valence: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound },
    { name: 'AFINN (sentiment)', valence: (t) => afinn.analyze(t).score },
    { name: 'wink-nlp sentiment', valence: (t) => Number(nlp.readDoc(t).out(nlp.its.sentiment)) },
  ];
}

/** Share of lines whose valence sign matches the label (a 0 counts as wrong) and share with no sign. */
export function signAccuracy(values: readonly number[], labels: readonly number[]): { accuracy: number; noSign: number; negativeShare: number } {
  let right = 0;
  let none = 0;
  let negative = 0;
  values.forEach((v, i) => {
    if (v === 0) none++;
    else if (Math.sign(v) === Math.sign(labels[i])) right++;
    if (v < 0) negative++;
  });
  const n = Math.max(1, values.length);
  return { accuracy: right / n, noSign: none / n, negativeShare: negative / n };
}
