import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { solveTempo, DEFAULT_SOLVER_WEIGHTS, type Anchor } from '../src/plan/tempo-solver.js';
import { ticks } from '../src/model/units.js';
import { LAYOUTS } from './support/hit-layouts.js';

const solve = (anchors: Anchor[], min = 70, max = 150, pref = 110) =>
  solveTempo(anchors, { beatsPerBar: 4, minBpm: min, maxBpm: max, preferred: () => pref, ...DEFAULT_SOLVER_WEIGHTS });

for (const layout of LAYOUTS) {
  test(`tempo solver lands every catchable hit on a beat within 1 ms: ${layout.name}`, () => {
    const anchors = layout.hits.map((t) => ({ t, priority: 1, wantDownbeat: true }));
    const { map, beats } = solve(anchors);
    let locked = 0;
    beats.forEach((b, i) => {
      if (b === null) return;
      locked++;
      const tick = b * map.ticksPerBeat;
      assert.ok(Number.isInteger(tick));
      const err = Math.abs(map.secondsAt(ticks(tick)) - layout.hits[i]!) * 1000;
      assert.ok(err <= 1, `${layout.name}: hit ${i} error ${err} ms`);
    });
    assert.ok(locked >= 1);
    for (const p of map.points()) {
      assert.ok(p.bpm >= 70 - 0.01 && p.bpm <= 150 + 0.01, `tempo ${p.bpm} out of range`);
      assert.ok(Number.isInteger(p.usPerQuarter));
    }
    // Uncatchable hits only where no whole beat fits in range since the previous locked hit.
    beats.forEach((b, i) => {
      if (b !== null) return;
      const prevLocked = [0, ...layout.hits.slice(0, i).filter((_, j) => beats[j] !== null)].pop()!;
      assert.ok((layout.hits[i]! - prevLocked) * 150 / 60 < 1, `${layout.name}: hit ${i} dropped although catchable`);
    });
  });
}

test('tempo changes between segments stay small when the hits allow it', () => {
  const { map } = solve([10, 20, 30, 40].map((t) => ({ t, priority: 1, wantDownbeat: true })), 70, 150, 100);
  const pts = map.points();
  for (let i = 1; i < pts.length; i++) assert.ok(Math.abs(pts[i]!.bpm / pts[i - 1]!.bpm - 1) <= 0.08);
});

test('hits prefer downbeats', () => {
  const { map, beats } = solve([4.8, 9.6, 14.4].map((t) => ({ t, priority: 1, wantDownbeat: true })), 80, 140, 100);
  for (const b of beats) assert.equal(b! % 4, 0, 'on a downbeat');
  assert.ok(map.points().every((p) => p.bpm >= 80 && p.bpm <= 140));
});

test('property: random hit layouts land within 1 ms and tempos stay in range', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0.8, max: 119, noNaN: true }), { minLength: 1, maxLength: 12 }), (raw) => {
      const hits = [...new Set(raw.map((x) => Math.round(x * 1000) / 1000))].sort((a, b) => a - b);
      const { map, beats } = solve(hits.map((t) => ({ t, priority: 2, wantDownbeat: false })));
      return beats.every((b, i) => b === null || Math.abs(map.secondsAt(ticks(b * 960)) - hits[i]!) <= 0.001)
        && map.points().every((p) => p.bpm >= 69.99 && p.bpm <= 150.01);
    }),
    { numRuns: 60 },
  );
});

for (const layout of LAYOUTS) {
  test(`tempo moves at most 8 % from bar to bar, except a reported break at a hit: ${layout.name}`, () => {
    const anchors = layout.hits.map((t) => ({ t, priority: 1, wantDownbeat: true }));
    const { map, beats } = solve(anchors);
    const anchorTicks = new Set(beats.filter((b) => b !== null).map((b) => b! * 960));
    const pts = map.points();
    let breaks = 0;
    for (let i = 1; i < pts.length; i++) {
      const change = Math.abs(pts[i - 1]!.usPerQuarter / pts[i]!.usPerQuarter - 1);
      // Tempo points sit on whole bars of the ramp or on anchors.
      assert.ok(pts[i]!.tick % 960 === 0);
      if (change > 0.08 + 1e-9) {
        breaks++;
        assert.ok(anchorTicks.has(pts[i]!.tick), `${layout.name}: a ${(change * 100).toFixed(1)} % change at tick ${pts[i]!.tick}, not at a hit`);
        // A break only where the segment is too short (under two bars) to ramp.
        const next = [...anchorTicks].filter((t) => t > pts[i]!.tick).sort((a, b) => a - b)[0] ?? Infinity;
        assert.ok(next - pts[i]!.tick < 2 * 4 * 960 || next === Infinity, `${layout.name}: break before a long segment`);
      }
    }
    assert.ok(breaks <= Math.max(1, Math.ceil(layout.hits.length / 2)), `${layout.name}: ${breaks} breaks`);
  });
}

test('ramps: somewhere in the layout table a tempo change is spread over bars (points between hits), each step ≤ 8 %', () => {
  let ramps = 0;
  for (const layout of LAYOUTS) {
    const { map, beats } = solve(layout.hits.map((t) => ({ t, priority: 1, wantDownbeat: true })));
    const at = new Set(beats.filter((b) => b !== null).map((b) => b! * 960));
    const pts = map.points();
    for (let i = 1; i < pts.length; i++) {
      if (at.has(pts[i]!.tick)) continue;
      ramps++;
      assert.ok(Math.abs(pts[i - 1]!.usPerQuarter / pts[i]!.usPerQuarter - 1) <= 0.08 + 1e-9);
      assert.equal((pts[i]!.tick - pts[i - 1]!.tick) % (4 * 960), 0, 'ramp steps are whole bars');
    }
  }
  assert.ok(ramps >= 3, `${ramps} ramp steps`);
});

test('the solved tempo follows the preferred curve (each segment within one beat of it), downbeats only where they cost little', () => {
  // The demo's cut layout with a rising-then-falling curve (as eq. 10 gives it).
  const ts = [8, 15, 21, 27, 31, 38];
  const pref = (t0: number, t1: number): number => ((t0 + t1) / 2 < 31 ? 98 + (12 * (t0 + t1)) / 2 / 31 : 91);
  const anchors = ts.map((t, i) => ({ t, priority: i === ts.length - 1 ? 3 : 1, wantDownbeat: true }));
  const { map, beats } = solveTempo(anchors, { beatsPerBar: 4, minBpm: 85, maxBpm: 115, preferred: pref, ...DEFAULT_SOLVER_WEIGHTS });
  let t0 = 0, b0 = 0;
  beats.forEach((b, i) => {
    assert.ok(b !== null);
    const dt = ts[i]! - t0;
    const bpmSeg = (60 * (b - b0)) / dt;
    assert.ok(Math.abs(bpmSeg - pref(t0, ts[i]!)) <= 60 / dt + 1e-9, `segment ${t0}–${ts[i]}: ${bpmSeg} vs ${pref(t0, ts[i]!)}`);
    assert.ok(Math.abs(map.secondsAt(ticks(b * 960)) - ts[i]!) <= 0.001);
    t0 = ts[i]!; b0 = b;
  });
});

test('an anchor that allows a break (a drop cue) steps the tempo at once, reported with reason cue; elsewhere changes stay ≤ 8 %', () => {
  const pref = (t0: number, t1: number): number => ((t0 + t1) / 2 < 20 ? 120 : 80);
  const anchors = [{ t: 10, priority: 1, wantDownbeat: true }, { t: 20, priority: 1, wantDownbeat: true, allowBreak: true }, { t: 36, priority: 3, wantDownbeat: true }];
  const { map, beats, breaks } = solveTempo(anchors, { beatsPerBar: 4, minBpm: 60, maxBpm: 150, preferred: pref, ...DEFAULT_SOLVER_WEIGHTS });
  const dropTick = beats[1]! * 960;
  assert.ok(map.bpmAt(ticks(dropTick - 1)) > 110 && map.bpmAt(ticks(dropTick)) < 86, `${map.bpmAt(ticks(dropTick - 1))} → ${map.bpmAt(ticks(dropTick))}`);
  assert.deepEqual(breaks.map((b) => [b.tick, b.reason]), [[dropTick, 'cue']]);
  const pts = map.points();
  for (let i = 1; i < pts.length; i++) if (pts[i]!.tick !== dropTick) assert.ok(Math.abs(pts[i - 1]!.usPerQuarter / pts[i]!.usPerQuarter - 1) <= 0.08 + 1e-9);
  // Without allowBreak the same change is ramped over bars after the anchor instead.
  const ramped = solveTempo(anchors.map((a) => ({ ...a, allowBreak: false })), { beatsPerBar: 4, minBpm: 60, maxBpm: 150, preferred: pref, ...DEFAULT_SOLVER_WEIGHTS });
  assert.deepEqual(ramped.breaks, []);
  const rp = ramped.map.points();
  for (let i = 1; i < rp.length; i++) assert.ok(Math.abs(rp[i - 1]!.usPerQuarter / rp[i]!.usPerQuarter - 1) <= 0.08 + 1e-9);
});

test('an optional last anchor is left off the beat when whole beats would drag the tempo, and kept on one when they fit', () => {
  const o = { beatsPerBar: 4, minBpm: 60, maxBpm: 150, ...DEFAULT_SOLVER_WEIGHTS };
  // 10 s at 100 bpm = 16 beats, then 7 s where 91 bpm is wanted: 10.6 beats (11 → 94.3, 10 → 85.7).
  const pref = (t0: number): number => (t0 < 10 ? 100 : 91);
  const free = solveTempo([{ t: 10, priority: 1, wantDownbeat: true }, { t: 17, priority: 3, wantDownbeat: true, optional: true }], { ...o, preferred: pref });
  assert.equal(free.beats[1], null, 'the end is left off the beat');
  // … and the last stretch runs at the curve's 91 bpm (within RAMP_STEP of the 96 before it).
  assert.ok(Math.abs(free.map.bpmAt(ticks(free.beats[0]! * 960)) - 91) < 0.01, `${free.map.bpmAt(ticks(free.beats[0]! * 960))}`);
  // When whole beats fit the curve (7 s at 94.29 = 11 beats), the end stays on a beat.
  const kept = solveTempo([{ t: 10, priority: 1, wantDownbeat: true }, { t: 17, priority: 3, wantDownbeat: false, optional: true }], { ...o, preferred: (t0) => (t0 < 10 ? 100 : 60 * 11 / 7) });
  assert.notEqual(kept.beats[1], null);
});
