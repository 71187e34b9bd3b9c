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
