/**
 * Hits in the MIDI's own timing: for a table of hit layouts, the scene is planned, composed
 * and written; the file is read back and every planned hit's tick is turned into seconds
 * through the file's own tempo events. Locked hits sit on a beat within 1 ms of the picture;
 * a hit too close to the previous one to catch ('free') still sounds within 1 ms, and the
 * music around it is played in free time (a held chord into it, nothing new until the next
 * beat). No interior hit is dropped (beyond the planner's documented 0.25 s cue merge), and
 * the written tempo map never moves more than 8 % at once except at a break the plan reports
 * with its reason (a cue asking for one, or a segment too short to ramp).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PromptCue, ScorePlan } from '../src/model/artifacts.js';
import { planScore, MAX_SMOOTH_CHANGE } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { freeTimeWindows } from '../src/compose/breath.js';
import { readMidiSummary, writeMidi, type MidiSummary } from '../src/compose/midi-writer.js';
import { RAMP_STEP } from '../src/plan/tempo-solver.js';
import { TempoMap } from '../src/time/tempo-map.js';
import { seconds, ticks } from '../src/model/units.js';
import { FREE_LAYOUTS, LAYOUTS } from './support/hit-layouts.js';
import { sceneAnalysis } from './support/scene-analysis.js';

/** The planner's edge margin and cue merge (src/plan/hit-points.ts DEFAULT_HIT_OPTIONS, selectHitPoints). */
const EDGE = 0.75;
const CUE_MERGE = 0.25;

/** Hits the planner must keep: inside the edge margins, a cue closer than 0.25 s to a kept one merged into it. */
function expectedHits(hits: readonly number[], duration: number): number[] {
  const kept: number[] = [];
  for (const t of hits) {
    if (t < EDGE || t > duration - EDGE) continue;
    if (kept.every((k) => Math.abs(k - t) >= CUE_MERGE)) kept.push(t);
  }
  return kept;
}

function planLayout(layout: { hits: number[]; duration: number }, extraCues: PromptCue[] = []): ScorePlan {
  const analysis = sceneAnalysis({
    duration: layout.duration,
    cutEvery: 1e9,
    story: [{ t: 0, v: 0.2, a: -0.2 }, { t: layout.duration, v: -0.3, a: 0.5 }],
    cues: [...layout.hits.map((t) => ({ kind: 'hit' as const, t: seconds(t), text: `hit at ${t}` })), ...extraCues],
  });
  return planScore(analysis, { seed: 5 });
}

/** Every change between neighbouring tempo events of the file: ≤ 8 %, or a break the plan lists with a reason that holds. */
function checkTempoChanges(name: string, plan: ScorePlan, midi: MidiSummary, map: TempoMap): number {
  const breaks = plan.tempoSolution!.breaks;
  const hitTicks = plan.hitPoints.filter((h) => h.lock === 'beat').map((h) => h.tick as number).concat(plan.endTick).sort((a, b) => a - b);
  let worst = 0;
  for (let i = 1; i < midi.tempos.length; i++) {
    const a = midi.tempos[i - 1]!, b = midi.tempos[i]!;
    const change = Math.abs(a.usPerQuarter / b.usPerQuarter - 1);
    worst = Math.max(worst, change);
    if (change <= MAX_SMOOTH_CHANGE + 1e-9) continue;
    const t = map.secondsAt(ticks(b.tick));
    const br = breaks.find((x) => Math.abs(x.t - t) < 1e-4);
    assert.ok(br, `${name}: a ${(change * 100).toFixed(1)} % tempo change at ${t.toFixed(3)} s that the plan does not report`);
    assert.ok(Math.abs(br.change - change) < 1e-3, `${name}: break size ${br.change} vs ${change}`);
    const hit = plan.hitPoints.find((h) => h.tick === b.tick);
    assert.ok(hit, `${name}: the break at ${t} s is not at a hit`);
    if (br.reason === 'cue') {
      assert.equal(hit.kind, 'drop', `${name}: a 'cue' break at a ${hit.kind}`);
    } else {
      assert.equal(br.reason, 'short segment', `${name}: break reason ${br.reason}`);
      // Too short to ramp: fewer bars to the next anchor than the change needs in RAMP_STEP steps, plus one.
      const next = hitTicks.find((x) => x > b.tick) ?? plan.endTick;
      const need = Math.ceil(Math.log(1 + change) / Math.log(1 + RAMP_STEP)) + 1;
      assert.ok(next - b.tick < need * 4 * 960, `${name}: a break at ${t} s before ${(next - b.tick) / 3840} bars, enough to ramp ${(change * 100).toFixed(1)} %`);
    }
  }
  return worst;
}

for (const layout of LAYOUTS) {
  test(`hits land within 1 ms in the written MIDI, none dropped, tempo ≤ 8 % per change except reported breaks: ${layout.name}`, () => {
    const plan = planLayout(layout);
    const midi = readMidiSummary(writeMidi(compose(plan).score));
    assert.equal(midi.ppq, 960);
    const map = TempoMap.fromSegments(midi.tempos, midi.meter ?? { numerator: 4, denominator: 4 });
    // No interior hit is dropped: every cue inside the margins (after the 0.25 s merge) is a hit point.
    const want = expectedHits(layout.hits, layout.duration);
    assert.equal(plan.hitPoints.length, want.length, `${layout.name}: ${plan.hitPoints.map((h) => h.t).join(', ')} vs ${want.join(', ')}`);
    want.forEach((t, i) => assert.ok(Math.abs(plan.hitPoints[i]!.t - t) < 1e-9, `${layout.name}: hit ${i} at ${plan.hitPoints[i]!.t}, want ${t}`));
    let worst = 0;
    for (const h of plan.hitPoints) {
      const err = Math.abs(map.secondsAt(ticks(h.tick)) - h.t) * 1000;
      worst = Math.max(worst, err);
      assert.ok(err <= 1, `${layout.name}: hit at ${h.t} s is ${err.toFixed(3)} ms off in the file`);
      if (h.lock === 'beat') assert.equal(h.tick % 960, 0, 'on a beat');
      assert.ok(midi.markers.some((m) => m.tick === h.tick && m.text.startsWith('Hit:')), 'marker at the hit');
      assert.ok(midi.tracks.some((t) => t.notes.some((n) => n.tick === h.tick)), `an impact note at the hit's tick (${h.t} s)`);
    }
    const maxChange = checkTempoChanges(layout.name, plan, midi, map);
    const breaks = plan.tempoSolution!.breaks;
    console.log(`${layout.name}: ${plan.hitPoints.length} hits (${plan.hitPoints.filter((h) => h.lock === 'beat').length} on a beat, ${plan.hitPoints.filter((h) => h.lock === 'free').length} free), worst |error| in the file ${worst.toFixed(4)} ms, largest tempo change ${(maxChange * 100).toFixed(2)} %, breaks ${breaks.map((b) => `${b.t} s ${(b.change * 100).toFixed(1)} % (${b.reason})`).join('; ') || 'none'}`);
    assert.ok(plan.tempoSolution!.maxAbsErrorMs <= 1);
  });
}

for (const layout of FREE_LAYOUTS) {
  test(`a hit too close to catch is played in free time (held chord, breath, nothing new until the next beat): ${layout.name}`, () => {
    const plan = planLayout(layout);
    const c = compose(plan);
    const midi = readMidiSummary(writeMidi(c.score));
    const map = TempoMap.fromSegments(midi.tempos, midi.meter ?? { numerator: 4, denominator: 4 });
    const free = plan.hitPoints.filter((h) => h.lock === 'free');
    assert.ok(free.length >= 1, `${layout.name}: no free hit`);
    const hitTicks = new Set(plan.hitPoints.map((h) => h.tick as number));
    const notes = midi.tracks.filter((t) => t.channel !== 9).flatMap((t) => t.notes.map((n) => ({ ...n, track: t.name })));
    const all = midi.tracks.flatMap((t) => t.notes.map((n) => ({ ...n, track: t.name })));
    const H = 20; // humanisation moves onsets by ≤ 8 ticks in this style; releases stay put
    const gap = 240; // the breath: a sixteenth
    for (const w of freeTimeWindows(plan, 960)) {
      const h = free.find((x) => x.tick === w.hit)!;
      const err = Math.abs(map.secondsAt(ticks(h.tick)) - h.t) * 1000;
      assert.ok(err <= 1, `free hit at ${h.t} s: ${err} ms`);
      assert.ok(midi.markers.some((m) => m.tick === h.tick && m.text.startsWith('Hit:')), 'hit marker');
      assert.ok(midi.markers.some((m) => m.tick === w.from && m.text.startsWith('Free time')), 'free-time marker where the passage starts');
      // Nothing new starts between the beat before and the beat after, except the hit's own impacts.
      const inside = all.filter((n) => n.tick > w.from + H && n.tick < w.to - H && n.tick !== w.hit);
      assert.deepEqual(inside.map((n) => `${n.track}@${n.tick}`), [], `${layout.name}: onsets inside the free-time passage ${w.from}–${w.to}`);
      // A held chord: something pitched sounds from the passage's start into the breath before the hit.
      const held = notes.filter((n) => n.tick <= w.from + H && n.tick + n.duration === w.hit - gap);
      assert.ok(held.length >= 1, `${layout.name}: no note held from ${w.from} into the hit at ${w.hit}`);
      // The breath: only impacts struck on a hit ring in the sixteenth before the free hit.
      const ringing = all.filter((n) => n.tick < w.hit && n.tick + n.duration > w.hit - gap + 1 && !hitTicks.has(n.tick));
      assert.deepEqual(ringing.map((n) => `${n.track}@${n.tick}`), [], `${layout.name}: notes over the breath before ${w.hit}`);
      // The music resumes: a sustained note starts again where the grid resumes.
      assert.ok(notes.some((n) => Math.abs(n.tick - w.to) <= H && n.duration >= 480), `${layout.name}: nothing resumes at ${w.to}`);
      console.log(`${layout.name}: free hit at ${h.t} s (tick ${h.tick}, ${err.toFixed(4)} ms), passage ${w.from}–${w.to}, ${held.length} held notes (${[...new Set(held.map((n) => n.track))].join(', ')})`);
    }
  });
}

test('a drop cue steps the tempo at once (a reported break, reason cue) and the tempo follows the curve after it', () => {
  const analysis = sceneAnalysis({
    duration: 40,
    cutEvery: 1e9,
    story: [{ t: 0, v: 0.1, a: 0.2 }, { t: 19.9, v: -0.2, a: 0.85 }, { t: 20.1, v: -0.3, a: -0.8 }, { t: 40, v: -0.2, a: -0.8 }],
    cues: [{ kind: 'hit', t: seconds(10), text: 'hit at 10' }, { kind: 'drop', t: seconds(20), target: 'drone', text: 'drop to a drone at 20' }],
  });
  const plan = planScore(analysis, { seed: 5 });
  const midi = readMidiSummary(writeMidi(compose(plan).score));
  const map = TempoMap.fromSegments(midi.tempos, midi.meter ?? { numerator: 4, denominator: 4 });
  checkTempoChanges('drop', plan, midi, map);
  const drop = plan.hitPoints.find((h) => h.kind === 'drop')!;
  const br = plan.tempoSolution!.breaks.find((b) => Math.abs(b.t - drop.t) < 1e-3);
  assert.ok(br, `no break at the drop: ${JSON.stringify(plan.tempoSolution)}`);
  assert.equal(br.reason, 'cue');
  const before = map.bpmAt(ticks(drop.tick - 1)), after = map.bpmAt(ticks(drop.tick));
  const curveAfter = plan.curves.tempo[Math.round(30 / (plan.curves.t[1]! - plan.curves.t[0]!))]!;
  console.log(`drop: ${before.toFixed(2)} → ${after.toFixed(2)} bpm at ${drop.t} s (break ${(br.change * 100).toFixed(1)} %, curve after ${curveAfter})`);
  assert.ok(after < before / (1 + MAX_SMOOTH_CHANGE), `${before} → ${after}`);
  assert.ok(Math.abs(after / curveAfter - 1) <= 0.05, `after the drop ${after} bpm, curve ${curveAfter}`);
});
