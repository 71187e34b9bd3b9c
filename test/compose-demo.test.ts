/**
 * The demo scene measured as the user gets it: `filmscore demo` builds the scene with
 * makeDemoScene, analyses it (runAnalyze, the same analysis `demo` runs before planning) and
 * plans and composes it with the default seed; score.mid is written and read back and
 * measured section by section (test/support/section-measures.ts). The done-when of the
 * compose issue on the real demo: tempo and loudness follow the arc's arousal (r ≥ 0.7 over
 * sections), the key finder agrees with the plan's mode in ≥ 90 % of sections, in-key ≥ 0.95
 * outside chromatic sections; the tempo steps at the drop cue (a reported break) and
 * nowhere else moves more than 8 % at once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDemoScene } from '../src/demo/make-demo.js';
import { runAnalyze } from '../src/pipeline/score.js';
import { Progress } from '../src/pipeline/progress.js';
import { planScore, MAX_SMOOTH_CHANGE } from '../src/plan/plan.js';
import { composeScore } from '../src/compose/compose.js';
import { writeMidi } from '../src/compose/midi-writer.js';
import type { Analysis, Score, ScorePlan } from '../src/model/artifacts.js';
import { measureSections, sectionFigures } from './support/section-measures.js';

let dir = '';
let analysis: Analysis;
let plan: ScorePlan;
let score: Score;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-compose-demo-'));
  const scene = await makeDemoScene(path.join(dir, 'demo'));
  const out = path.join(dir, 'analysis');
  await runAnalyze({ video: scene.video, script: scene.script, prompt: scene.prompt, out }, new Progress(false));
  analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as Analysis;
  // As runScore does for `filmscore demo` (default seed 1).
  plan = planScore(analysis, { seed: 1 });
  score = composeScore(plan, { seed: 1 });
});
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

const r2 = (x: number): number => Math.round(x * 100) / 100;

test('demo: tempo and loudness follow the arousal, the key finder the plan, in key outside chromatic sections', () => {
  const { sections } = measureSections(plan, score);
  const f = sectionFigures(sections);
  const sol = plan.tempoSolution!;
  console.log(`demo (${sections.length} sections): r(tempo,a)=${r2(f.rTempo)} r(loud,a)=${r2(f.rLoud)} r(emo.a,a)=${r2(f.rEmoA)} r(emo.v,v)=${r2(f.rEmoV)} mode match=${r2(f.modeMatch)} inKey=${r2(f.inKey)}; tempo map ${plan.tempoMap.map((p) => `${p.t}s ${p.bpm}`).join(', ')}; largest change ${(sol.maxChange * 100).toFixed(1)} %, breaks ${sol.breaks.map((b) => `${b.t} s ${(b.change * 100).toFixed(1)} % (${b.reason})`).join('; ') || 'none'}; hits ${plan.hitPoints.map((h) => `${h.t} s ${h.lock} ${h.errorMs} ms`).join(', ')}\n${f.table}`);
  assert.ok(sections.length >= 5, `${sections.length} sections`);
  assert.ok(f.rTempo >= 0.7, `tempo vs arousal r=${f.rTempo}\n${f.table}`);
  assert.ok(f.rLoud >= 0.7, `loudness vs arousal r=${f.rLoud}\n${f.table}`);
  assert.ok(f.modeMatch >= 0.9, `mode match ${f.modeMatch}\n${f.table}`);
  for (const s of sections.filter((x) => !x.chromatic)) assert.ok(s.inKey >= 0.95, `${s.name}: in-key ${s.inKey}\n${f.table}`);
  // The aftermath (after the drop) is the slowest section, the climax among the fastest.
  const slowest = sections.reduce((a, b) => (b.bpm < a.bpm ? b : a));
  assert.ok(/aftermath/.test(slowest.name), `slowest section ${slowest.name}`);
});

test('demo: every hit within 1 ms, the tempo steps only at the drop cue', () => {
  const sol = plan.tempoSolution!;
  assert.ok(sol.maxAbsErrorMs <= 1);
  for (const h of plan.hitPoints) assert.ok(Math.abs(h.errorMs) <= 1, `${h.t}: ${h.errorMs} ms`);
  const drop = analysis.prompt.cues.find((c) => c.kind === 'drop')!;
  for (const b of sol.breaks) {
    assert.equal(b.reason, 'cue', `break at ${b.t}`);
    assert.ok(Math.abs(b.t - drop.t) < 1e-3, `break at ${b.t}, drop at ${drop.t}`);
  }
  const pts = plan.tempoMap;
  for (let i = 1; i < pts.length; i++) {
    const change = Math.abs(pts[i - 1]!.usPerQuarter / pts[i]!.usPerQuarter - 1);
    if (change > MAX_SMOOTH_CHANGE + 1e-9) assert.ok(sol.breaks.some((b) => Math.abs(b.t - pts[i]!.t) < 1e-4), `unreported ${change} at ${pts[i]!.t}`);
  }
});

test('demo: same inputs and seed ⇒ byte-identical plan.json and score.mid', () => {
  const again = planScore(analysis, { seed: 1 });
  assert.equal(JSON.stringify(again), JSON.stringify(plan));
  assert.deepEqual(Buffer.from(writeMidi(composeScore(again, { seed: 1 }))), Buffer.from(writeMidi(score)));
});
