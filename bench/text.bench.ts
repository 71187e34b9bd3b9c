/**
 * `npm run bench:text`: the learned text-emotion model against the lexicon tools, in one run.
 *
 * 1. EmoBank validation split (documents held out of training by isValidationDocument):
 *    Pearson r for V, A, D; valence-sign accuracy on clearly polar sentences (|V − 3| ≥ 0.5 on
 *    the 1–5 scale); the share of polar sentences given no sign; the share called negative.
 *    Tools: the learned model (alone and with the scene prior from the document's earlier
 *    sentences), the project's lexicon scorer, VADER, AFINN, wink-nlp.
 * 2. Hand-labelled short dialogue (test/support/dialogue-emotion-fixture.ts): sign accuracy,
 *    arousal order of pairs, and the scene lines with and without the scene prior.
 * 3. Timing: model load, per-line inference, a 1,000-line script (vs scoreLine in the same run).
 *
 * Needs ../shared/data/emobank-train.csv for part 1 (skipped with a note when absent).
 */
import fs from 'node:fs';
import { scoreLine } from '../src/analysis/text/lexicon-vad.js';
import { createTextEmotionModel, type TextEmotionModel } from '../src/analysis/text/learned/text-emotion-model.js';
import { documentsInOrder, isValidationDocument, parseEmoBankCsv, pearson, type EmoBankRow } from '../src/analysis/text/learned/train-text-model.js';
import { AROUSAL_PAIRS, SCENES, SIGNED_LINES } from '../test/support/dialogue-emotion-fixture.js';
import { lexiconTools, signAccuracy } from '../test/support/sentiment-baselines.js';

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : ' n/a ');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function row(cells: string[]): string {
  return '| ' + cells.join(' | ') + ' |';
}

function validationTable(model: TextEmotionModel, rows: readonly EmoBankRow[]): void {
  const polar = rows.filter((r) => Math.abs(r.v) >= 0.25);
  const truth = { v: rows.map((r) => r.v), a: rows.map((r) => r.a), d: rows.map((r) => r.d) };
  process.stdout.write(`\nEmoBank validation split: ${rows.length} sentences from ${new Set(rows.map((r) => r.doc)).size} held-out documents; ${polar.length} clearly polar (${polar.filter((r) => r.v > 0).length} positive)\n\n`);
  process.stdout.write(row(['tool', 'r V', 'r A', 'r D', 'polar sign acc', 'no sign', 'called negative']) + '\n');
  process.stdout.write(row(['---', '---', '---', '---', '---', '---', '---']) + '\n');
  const report = (name: string, vad: { v: number; a: number; d: number }[] | number[]): void => {
    const isVad = typeof vad[0] === 'object';
    const v = isVad ? (vad as { v: number }[]).map((x) => x.v) : (vad as number[]);
    const polarIdx = rows.map((r, i) => (Math.abs(r.v) >= 0.25 ? i : -1)).filter((i) => i >= 0);
    const s = signAccuracy(polarIdx.map((i) => v[i]), polarIdx.map((i) => rows[i].v));
    const rA = isVad ? pearson((vad as { a: number }[]).map((x) => x.a), truth.a) : NaN;
    const rD = isVad ? pearson((vad as { d: number }[]).map((x) => x.d), truth.d) : NaN;
    process.stdout.write(row([name, f3(pearson(v, truth.v)), f3(rA), f3(rD), pct(s.accuracy), pct(s.noSign), pct(s.negativeShare)]) + '\n');
  };
  report('learned model (this repo)', rows.map((r) => model.predictLine(r.text).vad));
  // With the scene prior: each sentence sees the earlier sentences of its document.
  const withPrior = new Map<string, { v: number; a: number; d: number }>();
  for (const doc of documentsInOrder(rows)) {
    const out = model.predictScene(doc.map((r) => r.text));
    doc.forEach((r, i) => withPrior.set(r.id, out[i].vad));
  }
  report('learned model + scene prior', rows.map((r) => withPrior.get(r.id)!));
  report('lexicon scoreLine (this repo)', rows.map((r) => scoreLine(r.text).vad));
  for (const tool of lexiconTools().slice(1)) report(tool.name, rows.map((r) => tool.valence(r.text)));
}

function dialogueTable(model: TextEmotionModel): void {
  const labels = SIGNED_LINES.map(([, s]) => s);
  const sceneLines = SCENES.flat();
  process.stdout.write(`\nHand-labelled dialogue: ${SIGNED_LINES.length} lines (sign), ${AROUSAL_PAIRS.length} arousal pairs, ${sceneLines.length} scene lines\n\n`);
  process.stdout.write(row(['tool', 'sign acc', 'no sign', 'called negative', 'arousal pairs', 'scene lines sign acc']) + '\n');
  process.stdout.write(row(['---', '---', '---', '---', '---', '---']) + '\n');
  const ours = signAccuracy(SIGNED_LINES.map(([t]) => model.predictLine(t).vad.v), labels);
  const pairs = AROUSAL_PAIRS.filter(([hi, lo]) => model.predictLine(hi).vad.a > model.predictLine(lo).vad.a).length / AROUSAL_PAIRS.length;
  const sceneAlone = signAccuracy(sceneLines.map(([t]) => model.predictLine(t).vad.v), sceneLines.map(([, s]) => s));
  const scenePrior = signAccuracy(SCENES.flatMap((scene) => model.predictScene(scene.map(([t]) => t)).map((p) => p.vad.v)), sceneLines.map(([, s]) => s));
  process.stdout.write(row(['learned model', pct(ours.accuracy), pct(ours.noSign), pct(ours.negativeShare), pct(pairs), pct(sceneAlone.accuracy)]) + '\n');
  process.stdout.write(row(['learned model + scene prior', '', '', '', '', pct(scenePrior.accuracy)]) + '\n');
  for (const tool of lexiconTools()) {
    const s = signAccuracy(SIGNED_LINES.map(([t]) => tool.valence(t)), labels);
    const sc = signAccuracy(sceneLines.map(([t]) => tool.valence(t)), sceneLines.map(([, x]) => x));
    const ap = tool.name.startsWith('lexicon')
      ? pct(AROUSAL_PAIRS.filter(([hi, lo]) => scoreLine(hi).vad.a > scoreLine(lo).vad.a).length / AROUSAL_PAIRS.length)
      : 'n/a (no arousal)';
    process.stdout.write(row([tool.name, pct(s.accuracy), pct(s.noSign), pct(s.negativeShare), ap, pct(sc.accuracy)]) + '\n');
  }
}

function timing(): void {
  const t0 = performance.now();
  const model = createTextEmotionModel();
  const load = performance.now() - t0;
  const lines: string[] = [];
  const pool = [...SIGNED_LINES.map(([t]) => t), ...AROUSAL_PAIRS.flat(), ...SCENES.flat().map(([t]) => t)];
  for (let i = 0; lines.length < 1000; i++) lines.push(`${pool[i % pool.length]}${i >= pool.length ? ` (${i})` : ''}`);
  model.predictScene(lines.slice(0, 50)); // warm-up
  const t1 = performance.now();
  model.predictScene(lines);
  const ours = performance.now() - t1;
  const t2 = performance.now();
  for (const l of lines) scoreLine(l);
  const lex = performance.now() - t2;
  process.stdout.write(`\nTiming (one core, shared machine — re-measure on a quiet one):\n`);
  process.stdout.write(`  model load (weights JSON, lazy on first use): ${load.toFixed(0)} ms\n`);
  process.stdout.write(`  1,000-line script with scene prior: ${ours.toFixed(0)} ms (${(ours / 1000).toFixed(3)} ms/line); scoreLine alone on the same lines: ${lex.toFixed(0)} ms (model/scoreLine = ${(ours / lex).toFixed(2)}×)\n`);
}

function main(): void {
  const model = createTextEmotionModel();
  process.stdout.write(`model: ${model.description}\n`);
  if (!model.lexiconMatchesTraining) process.stdout.write('WARNING: scoreLine changed since training: run `npm run train:text`\n');
  const csv = '../shared/data/emobank-train.csv';
  if (fs.existsSync(csv)) validationTable(model, parseEmoBankCsv(fs.readFileSync(csv, 'utf8'), csv).filter((r) => isValidationDocument(r.doc)));
  else process.stdout.write(`\n(skipped the EmoBank validation table: ${csv} is absent)\n`);
  dialogueTable(model);
  timing();
}

main();
