/**
 * Hits in the MIDI's own timing: for a table of hit layouts, the scene is planned, composed
 * and written; the file is read back and every planned hit's tick is turned into seconds
 * through the file's own tempo events. Locked hits sit on a beat within 1 ms of the picture;
 * a hit too close to the previous one to catch ('free') still sounds within 1 ms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { readMidiSummary, writeMidi } from '../src/compose/midi-writer.js';
import { TempoMap } from '../src/time/tempo-map.js';
import { seconds, ticks } from '../src/model/units.js';
import { LAYOUTS } from './support/hit-layouts.js';
import { sceneAnalysis } from './support/scene-analysis.js';

for (const layout of LAYOUTS) {
  test(`hits land within 1 ms in the written MIDI: ${layout.name}`, () => {
    const analysis = sceneAnalysis({
      duration: layout.duration,
      cutEvery: 1e9,
      story: [{ t: 0, v: 0.2, a: -0.2 }, { t: layout.duration, v: -0.3, a: 0.5 }],
      cues: layout.hits.map((t) => ({ kind: 'hit' as const, t: seconds(t), text: `hit at ${t}` })),
    });
    const plan = planScore(analysis, { seed: 5 });
    const midi = readMidiSummary(writeMidi(compose(plan).score));
    assert.equal(midi.ppq, 960);
    const map = TempoMap.fromSegments(midi.tempos, midi.meter ?? { numerator: 4, denominator: 4 });
    const inside = layout.hits.filter((t) => t >= 0.75 && t <= layout.duration - 0.75);
    assert.ok(plan.hitPoints.length >= Math.min(1, inside.length));
    let worst = 0;
    for (const h of plan.hitPoints) {
      const err = Math.abs(map.secondsAt(ticks(h.tick)) - h.t) * 1000;
      worst = Math.max(worst, err);
      assert.ok(err <= 1, `${layout.name}: hit at ${h.t} s is ${err.toFixed(3)} ms off in the file`);
      if (h.lock === 'beat') assert.equal(h.tick % 960, 0, 'on a beat');
      assert.ok(midi.markers.some((m) => m.tick === h.tick && m.text.startsWith('Hit:')), 'marker at the hit');
      assert.ok(midi.tracks.some((t) => t.notes.some((n) => n.tick === h.tick)), `an impact note at the hit's tick (${h.t} s)`);
    }
    console.log(`${layout.name}: ${plan.hitPoints.length} hits (${plan.hitPoints.filter((h) => h.lock === 'beat').length} on a beat), worst |error| in the file ${worst.toFixed(4)} ms`);
    assert.ok(plan.tempoSolution!.maxAbsErrorMs <= 1);
  });
}
