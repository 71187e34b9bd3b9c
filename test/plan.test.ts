import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { solveTempo, DEFAULT_SOLVER_WEIGHTS, type Anchor } from '../src/plan/tempo-solver.js';
import { ticks } from '../src/model/units.js';

const solve = (anchors: Anchor[], min = 70, max = 150, pref = 110) =>
  solveTempo(anchors, { beatsPerBar: 4, minBpm: min, maxBpm: max, preferred: () => pref, ...DEFAULT_SOLVER_WEIGHTS });

/** A table of hit layouts: dense, sparse, awkward intervals, near the start and the end. */
const LAYOUTS: { name: string; hits: number[]; duration: number }[] = [
  { name: 'single mid', hits: [20], duration: 40 },
  { name: 'regular 2 s', hits: [2, 4, 6, 8, 10, 12], duration: 14 },
  { name: 'dense 0.6 s', hits: [3, 3.6, 4.2, 4.8, 5.4], duration: 10 },
  { name: 'sparse', hits: [15, 45, 80], duration: 120 },
  { name: 'awkward primes', hits: [1.7, 4.3, 7.1, 11.3, 13.7], duration: 17 },
  { name: 'golden', hits: [1.618, 3.236, 5.854, 9.09, 14.7], duration: 20 },
  { name: 'near start', hits: [0.75, 1.3, 6], duration: 10 },
  { name: 'near end', hits: [10, 29.2, 29.7], duration: 30 },
  { name: 'film 23.976 frames', hits: [1001 / 24000 * 100, 1001 / 24000 * 333, 1001 / 24000 * 517], duration: 30 },
  { name: 'film 29.97 frames', hits: [1001 / 30000 * 91, 1001 / 30000 * 455, 1001 / 30000 * 1200], duration: 45 },
  { name: 'irregular long', hits: [3.3, 9.9, 10.4, 22.2, 31.05, 44.44, 47.0], duration: 50 },
  { name: 'two close', hits: [12.0, 12.45], duration: 20 },
  { name: 'accelerating', hits: [4, 7.5, 10.5, 13, 15, 16.6, 17.9], duration: 20 },
  { name: 'decelerating', hits: [2, 3.5, 5.5, 8, 11, 14.5, 18.5], duration: 22 },
  { name: 'long then short', hits: [30, 31, 32.5], duration: 35 },
  { name: 'milliseconds', hits: [2.001, 5.017, 8.333, 11.999], duration: 14 },
  { name: 'many', hits: Array.from({ length: 30 }, (_, i) => 2 + i * 3.7 + (i % 3) * 0.41), duration: 115 },
  { name: 'car chase', hits: [92, 105], duration: 120 },
  { name: 'demo', hits: [8, 15, 27, 31, 38], duration: 38 },
  { name: 'edge end exact', hits: [5, 9.5, 14.25, 19], duration: 19 },
  { name: 'quarter-second grid', hits: [1.25, 2.5, 3.75, 5.0, 6.25], duration: 8 },
];

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
