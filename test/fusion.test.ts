import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kalmanFilter, rtsSmooth } from '../src/fusion/kalman.js';
import { makeGrid, gridIndex } from '../src/fusion/grid.js';
import { fuseArc } from '../src/fusion/arc.js';
import { deriveCurves } from '../src/fusion/curves.js';
import { createRng } from '../src/util/rng.js';
import { seconds } from '../src/model/units.js';
import type { PromptSpec, TimedLine } from '../src/model/artifacts.js';

const emptyPrompt = (cues: PromptSpec['cues'] = []): PromptSpec => ({
  text: '', styles: [], traits: [], moods: [], instrumentsWanted: [], instrumentsUnwanted: [], cues, unknownWords: [],
});

test('Kalman filter matches a hand-computed one-dimensional case', () => {
  // x0 = 0, p0 = 1, q = 0.5; measurements y = [1, 2] with r = 1.
  // k=0: pPred = 1 (no predict at step 0), K = 1/2, x = 0.5, p = 0.5
  // k=1: pPred = 0.5 + 0.5 = 1, K = 1/2, x = 0.5 + 0.5·(2 − 0.5) = 1.25, p = 0.5
  const r = kalmanFilter(2, [{ y: [1, 2], r: [1, 1] }], { q: 0.5, x0: 0, p0: 1 });
  assert.ok(Math.abs(r.xf[0]! - 0.5) < 1e-12);
  assert.ok(Math.abs(r.pf[0]! - 0.5) < 1e-12);
  assert.ok(Math.abs(r.xf[1]! - 1.25) < 1e-12);
  assert.ok(Math.abs(r.pf[1]! - 0.5) < 1e-12);
  // RTS at k=0: C = pf0/pp1 = 0.5; x = 0.5 + 0.5·(1.25 − 0.5) = 0.875; p = 0.5 + 0.25·(0.5 − 1) = 0.375
  const s = rtsSmooth(r);
  assert.ok(Math.abs(s.x[0]! - 0.875) < 1e-12);
  assert.ok(Math.abs(s.p[0]! - 0.375) < 1e-12);
  assert.ok(Math.abs(s.x[1]! - 1.25) < 1e-12);
});

test('two measurements at one step fuse by precision weighting', () => {
  const r = kalmanFilter(1, [{ y: [1], r: [1] }, { y: [3], r: [1] }], { q: 0, x0: 0, p0: 1e9 });
  assert.ok(Math.abs(r.xf[0]! - 2) < 1e-6);
});

test('the RTS smoother reduces error on a noisy synthetic arc with known truth', () => {
  const rng = createRng(7);
  const n = 600;
  const truth = Array.from({ length: n }, (_, k) => 0.7 * Math.sin((2 * Math.PI * k) / 300));
  const y = truth.map((x) => x + 0.3 * rng.gauss());
  const res = kalmanFilter(n, [{ y, r: new Array(n).fill(0.09) }], { q: 0.0005, x0: 0, p0: 1 });
  const sm = rtsSmooth(res);
  const rmse = (est: ArrayLike<number>): number => Math.sqrt(truth.reduce((s, x, k) => s + (est[k]! - x) ** 2, 0) / n);
  const raw = rmse(y), filt = rmse(res.xf), smooth = rmse(sm.x);
  console.log(`synthetic arc RMSE: raw ${raw.toFixed(4)}, Kalman filter ${filt.toFixed(4)}, RTS smoother ${smooth.toFixed(4)}`);
  assert.ok(filt < raw * 0.6, `filter ${filt} vs raw ${raw}`);
  assert.ok(smooth < filt * 0.9, `smoother ${smooth} vs filter ${filt}`);
});

test('property: filtered variance never exceeds the prior and stays positive', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (ys, r) => {
    const res = kalmanFilter(ys.length, [{ y: ys, r: ys.map(() => r) }], { q: 0.01, x0: 0, p0: 1 });
    for (let k = 0; k < ys.length; k++) {
      if (!(res.pf[k]! > 0 && res.pf[k]! <= res.pp[k]! + 1e-12)) return false;
    }
    return true;
  }));
});

function line(start: number, end: number, v: number, a: number): TimedLine {
  return { start: seconds(start), end: seconds(end), text: 'x', kind: 'dialogue', vad: { v, a, d: 0 }, emotion: { label: 'neutral', score: 0 } };
}

test('the arc follows a spoken line strongly and the picture weakly', () => {
  const grid = makeGrid(seconds(20));
  const visual = grid.t.map((t) => ({ t, v: 0.2, a: -0.2, d: 0 }));
  const arc = fuseArc(grid, [line(8, 12, -0.8, 0.8)], visual, emptyPrompt());
  const during = arc[gridIndex(grid, 11)]!, before = arc[gridIndex(grid, 3)]!;
  assert.ok(during.a > 0.5, `arousal during the line ${during.a}`);
  assert.ok(during.v < -0.5, `valence during the line ${during.v}`);
  assert.ok(Math.abs(before.a - -0.2) < 0.15, `arousal before the line follows the picture ${before.a}`);
  assert.ok(during.sigma < before.sigma, 'more certain where a line is spoken');
});

test('a build cue peaks at its time and a drop falls by half its range within 1 s', () => {
  const grid = makeGrid(seconds(40));
  const visual = grid.t.map((t) => ({ t, v: 0, a: 0, d: 0 }));
  const arc = fuseArc(grid, [], visual, emptyPrompt([
    { kind: 'build', t: seconds(27), text: 'build' },
    { kind: 'drop', t: seconds(31), target: 'drone', text: 'drop' },
  ]));
  let peak = 0;
  arc.forEach((p, i) => { if (p.a > arc[peak]!.a) peak = i; });
  assert.ok(Math.abs(arc[peak]!.t - 27) <= 0.5, `peak at ${arc[peak]!.t}`);
  const before = arc[gridIndex(grid, 31)]!.a;
  const lo = Math.min(...arc.map((p) => p.a)), hi = Math.max(...arc.map((p) => p.a));
  const after = arc[gridIndex(grid, 32)]!.a;
  assert.ok(before - after >= (hi - lo) / 2, `fell ${before - after} of range ${hi - lo}`);
});

test('curves: tempo follows arousal (eq. 10), mode has hysteresis (eq. 11)', () => {
  const grid = makeGrid(seconds(30));
  // valence flickers around zero for 10 s, then is clearly negative
  const visual = grid.t.map((t) => ({ t, v: t < 10 ? 0.05 * Math.sin(t * 5) : -0.6, a: t < 15 ? -0.5 : 0.7, d: 0 }));
  const arc = fuseArc(grid, [], visual, emptyPrompt(), { visualNoise: 0.01 });
  const c = deriveCurves(grid, arc, emptyPrompt());
  assert.ok(c.tempo[gridIndex(grid, 25)]! > c.tempo[gridIndex(grid, 5)]! + 15);
  const flips = c.mode.reduce((n, m, i) => n + (i > 0 && m !== c.mode[i - 1] ? 1 : 0), 0);
  assert.ok(flips <= 1, `mode flipped ${flips} times`);
  assert.equal(c.mode[gridIndex(grid, 29)], -1);
  for (const d of c.dynamics) assert.ok(d >= 0 && d <= 1);
});

test('a build cue with a start from the prompt ramps from that start, not from the default window', () => {
  const grid = makeGrid(seconds(40));
  const visual = grid.t.map((t) => ({ t, v: 0, a: -0.4, d: 0 }));
  const cue = { kind: 'build', t: seconds(30), start: seconds(14), text: 'build from 0:14 to 0:30' } as PromptSpec['cues'][number];
  const withStart = fuseArc(grid, [], visual, emptyPrompt([cue]));
  const { start: _unused, ...noStart } = cue as typeof cue & { start?: number };
  const without = fuseArc(grid, [], visual, emptyPrompt([noStart]));
  const at = (arc: typeof withStart, t: number): number => arc[gridIndex(grid, t)]!.a;
  assert.ok(at(withStart, 18) > at(without, 18) + 0.05, `at 18 s: ${at(withStart, 18)} vs ${at(without, 18)}`);
  assert.ok(Math.abs(at(withStart, 12) - at(without, 12)) < 1e-9, 'nothing changes before the start');
  assert.equal(at(withStart, 30), 1);
  for (let t = 14.5; t <= 30; t += 0.5) assert.ok(at(withStart, t) >= at(withStart, t - 0.5) - 1e-9, `not rising at ${t}`);
});
