/**
 * The fused arc on the demo scene, read back from analysis.json as a user's tool would: the
 * arousal rises into the build cue (00:27) and peaks within ±0.5 s of it, then falls by at
 * least half its range within 1 s after the drop (00:31). The event graph is in
 * analysis.json and the parameter curves reach plan.json's data.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDemoScene } from '../src/demo/make-demo.js';
import { runAnalyze } from '../src/pipeline/score.js';
import { Progress } from '../src/pipeline/progress.js';
import { planScore } from '../src/plan/plan.js';
import type { Analysis } from '../src/model/artifacts.js';

let dir = '';
let analysis: Analysis;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-fusion-demo-'));
  const scene = await makeDemoScene(path.join(dir, 'demo'));
  const out = path.join(dir, 'analysis');
  await runAnalyze({ video: scene.video, script: scene.script, prompt: scene.prompt, out }, new Progress(false));
  analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as Analysis;
});
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

const aAt = (t: number): number => {
  let best = analysis.arc[0]!;
  for (const p of analysis.arc) if (Math.abs(p.t - t) < Math.abs(best.t - t)) best = p;
  return best.a;
};

test('demo: arousal rises into the build cue and peaks within ±0.5 s of it', () => {
  const build = analysis.prompt.cues.find((c) => c.kind === 'build')!;
  const drop = analysis.prompt.cues.find((c) => c.kind === 'drop')!;
  assert.equal(build.t, 27);
  // The peak over the scene up to the drop.
  const before = analysis.arc.filter((p) => p.t < drop.t);
  const peak = before.reduce((p, q) => (q.a > p.a ? q : p));
  console.log(`demo arc: arousal peaks at ${peak.t} s (build cue ${build.t} s, |Δ| ${Math.abs(peak.t - build.t).toFixed(2)} s ≤ 0.5); rise over the last 3 s ${(aAt(build.t) - aAt(build.t - 3)).toFixed(3)}`);
  assert.ok(Math.abs(peak.t - build.t) <= 0.5, `arousal peaks at ${peak.t} s`);
  // Rising into it: the last 3 s before the cue climb, and no step there goes down by more than noise.
  assert.ok(aAt(build.t) - aAt(build.t - 3) > 0.2, `rise ${aAt(build.t - 3)} → ${aAt(build.t)}`);
  const ramp = analysis.arc.filter((p) => p.t >= build.t - 2 && p.t <= build.t);
  for (let i = 1; i < ramp.length; i++) assert.ok(ramp[i]!.a >= ramp[i - 1]!.a - 0.02, `dip at ${ramp[i]!.t}`);
});

test('demo: arousal falls by at least half its range within 1 s after the drop cue', () => {
  const drop = analysis.prompt.cues.find((c) => c.kind === 'drop')!;
  assert.equal(drop.t, 31);
  const as = analysis.arc.map((p) => p.a);
  const range = Math.max(...as) - Math.min(...as);
  const fallen = aAt(drop.t - 0.1) - aAt(drop.t + 1);
  console.log(`demo arc: arousal falls ${fallen.toFixed(3)} within 1 s of the drop (${drop.t} s), range ${range.toFixed(3)} (${(fallen / range * 100).toFixed(0)} % ≥ 50 %)`);
  assert.ok(fallen >= range / 2, `fell ${fallen} of range ${range}`);
});

test('demo: the arc follows the dialogue before the cues take over (attention-weighted text)', () => {
  // "Run! Get to the car!" (16–17.5 s) is far more aroused than the opening night scene (2–7 s).
  const opening = analysis.arc.filter((p) => p.t >= 2 && p.t <= 7).reduce((s, p) => s + p.a, 0) / 51;
  assert.ok(aAt(16.8) > opening + 0.4, `chase ${aAt(16.8)} vs opening ${opening}`);
  // Uncertainty is lower where a line is spoken than in the dialogue-free stretch 22–26 s.
  const sig = (t: number): number => analysis.arc.find((p) => Math.abs(p.t - t) < 0.05)!.sigma;
  assert.ok(sig(16.8) < sig(24));
});

test('demo: analysis.json holds the event graph with the build → climax → drop chain', () => {
  const g = analysis.graph!;
  assert.ok(g && g.nodes.length >= 8, `nodes: ${g?.nodes.length}`);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const cuts = g.nodes.filter((n) => n.kind === 'cut').map((n) => n.t);
  for (const t of [8, 15, 21, 27, 31]) assert.ok(cuts.some((c) => Math.abs(c - t) < 0.1), `cut at ${t} missing: ${cuts.join(', ')}`);
  const causal = g.edges.filter((e) => e.kind === 'causal').map((e) => [byId.get(e.from)!, byId.get(e.to)!, e.label] as const);
  const toClimax = causal.find(([a, , l]) => a.kind === 'cue-build' && l === 'build-up→climax');
  assert.ok(toClimax, JSON.stringify(causal));
  const climax = toClimax[1];
  assert.ok(Math.abs(climax.t - 27) <= 0.5);
  assert.ok(causal.some(([a, b, l]) => a.id === climax.id && b.kind === 'cue-drop' && b.t === 31 && l === 'climax→aftermath'));
});

test('demo: the parameter curves go into the plan, every one on the grid and in range', () => {
  const plan = JSON.parse(JSON.stringify(planScore(analysis, { seed: 1 }))) as ReturnType<typeof planScore>;
  const c = plan.curves;
  const n = c.t.length;
  assert.equal(n, analysis.arc.length);
  for (const k of ['dynamics', 'tension', 'density', 'harmonicTension', 'register', 'articulation', 'rhythmicDensity'] as const) {
    const curve = c[k]!;
    assert.equal(curve.length, n, k);
    for (const x of curve) assert.ok(x >= 0 && x <= 1, `${k}: ${x}`);
  }
  // The mode does not flip every second: at most one change per 4 s on average, and each lasts ≥ 4 s.
  const changes = c.mode.map((m, i) => (i > 0 && m !== c.mode[i - 1] ? c.t[i]! : -1)).filter((t) => t >= 0);
  for (let i = 1; i < changes.length; i++) assert.ok(changes[i]! - changes[i - 1]! >= 4, `mode changes at ${changes.join(', ')}`);
  // Tempo is faster in the chase than after the drop.
  const tAt = (t: number): number => c.tempo[Math.round(t * 10)]!;
  assert.ok(tAt(18) > tAt(34) + 10);
});
