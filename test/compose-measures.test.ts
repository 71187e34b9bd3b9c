/**
 * The composed music measured: a synthetic 2-minute scene (calm → tension → climax →
 * aftermath → resolution) planned and composed in every style, written to MIDI and read
 * back; the measures (src/measures) are taken on the file's notes, section by section.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScorePlan } from '../src/model/artifacts.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { readMidiSummary, writeMidi } from '../src/compose/midi-writer.js';
import { TempoMap } from '../src/time/tempo-map.js';
import { STYLE_NAMES } from '../src/compose/orchestration.js';
import {
  ONSET_DENSITY_RANGE, PC_ENTROPY_RANGE, POLYPHONY_RANGE, onsetDensity, parallelMotionCount, parallelMotions,
  pitchClassEntropy, polyphony, type MeasureNote,
} from '../src/measures/index.js';
import { sceneAnalysis } from './support/scene-analysis.js';
import { measureSections, sectionFigures, type SectionMeasure } from './support/section-measures.js';

interface Measured {
  plan: ScorePlan;
  notes: MeasureNote[];
  map: TempoMap;
  /** Per section (non-silent): arousal, valence, bpm, loudness, planned mode, found mode, emotion. */
  sections: SectionMeasure[];
}

function measure(style: string, seed = 3): Measured {
  const analysis = sceneAnalysis({ prompt: { styles: [style] } });
  const plan = planScore(analysis, { seed });
  const { score } = compose(plan);
  return { plan, ...measureSections(plan, score, style) };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

for (const style of STYLE_NAMES) {
  test(`measured music follows the plan and the arc: ${style}`, () => {
    const m = measure(style);
    const S = m.sections;
    const { rTempo, rLoud, rEmoA, rEmoV, modeMatch, inKey, table } = sectionFigures(S);
    const pitchedAll = m.notes.filter((n) => !n.drum);
    const H = pitchClassEntropy(pitchedAll);
    const dens = onsetDensity(m.notes, 0, m.plan.endTick, (t) => m.map.secondsAt(t));
    const poly = polyphony(pitchedAll);
    const diatonic = S.filter((s) => !s.chromatic);
    console.log(`${style}: r(tempo,a)=${r2(rTempo)} r(loud,a)=${r2(rLoud)} r(emo.a,a)=${r2(rEmoA)} r(emo.v,v)=${r2(rEmoV)} mode match=${r2(modeMatch)} H=${r2(H)} onsets/s=${r2(dens)} poly=${r2(poly)} inKey=${r2(inKey)}\n${table}`);
    assert.ok(rTempo >= 0.7, `tempo vs arousal r=${rTempo}\n${table}`);
    assert.ok(rLoud >= 0.7, `loudness vs arousal r=${rLoud}\n${table}`);
    assert.ok(modeMatch >= 0.9, `key finder mode matches the plan in ${modeMatch}\n${table}`);
    for (const s of diatonic) {
      assert.ok(s.inKey >= 0.95, `${s.name}: in-key ratio ${s.inKey}`);
      assert.ok(s.inKeyAll >= 0.9, `${s.name}: in-key ratio with the bass ${s.inKeyAll}`);
    }
    assert.ok(H >= PC_ENTROPY_RANGE[0] && H <= PC_ENTROPY_RANGE[1], `pitch-class entropy ${H}`);
    assert.ok(dens >= ONSET_DENSITY_RANGE[0] && dens <= ONSET_DENSITY_RANGE[1], `onset density ${dens}`);
    assert.ok(poly >= POLYPHONY_RANGE[0] && poly <= POLYPHONY_RANGE[1], `polyphony ${poly}`);
    assert.ok(rEmoA > 0, `emotion estimate arousal r=${rEmoA}`);
  });
}

test('chorale-like passages: no parallel fifths/octaves between bass and top voice (measured on the notes)', () => {
  for (const style of STYLE_NAMES) {
    for (const seed of [1, 2, 3]) {
      const plan = planScore(sceneAnalysis({ prompt: { styles: [style] } }), { seed });
      const c = compose(plan, { humanize: false });
      // The chorale: each chord's pad voicing over its bass-line note.
      const chorale = c.chords.filter((ch) => !ch.drone).flatMap((ch) => [
        ...ch.pitches.map((p) => ({ tick: ch.tick, duration: ch.duration, pitch: p })),
        { tick: ch.tick, duration: ch.duration, pitch: ch.bass },
      ]);
      assert.equal(parallelMotionCount(chorale), 0, `${style} seed ${seed}: ${JSON.stringify(parallelMotions(chorale).slice(0, 3))}`);
      // And the pad track as written (its own outer voices).
      const midi = readMidiSummary(writeMidi(c.score));
      const padTrack = c.tracks.find((t) => t.roles.includes('pad'))!.name;
      const pad = midi.tracks.find((t) => t.name === padTrack)!.notes;
      const calm = plan.sections.filter((s) => s.tension < 0.35 && s.texture === 'full');
      const calmPad = pad.filter((n) => calm.some((s) => n.tick >= s.startTick && n.tick < s.endTick) && n.duration >= 960);
      assert.equal(parallelMotionCount(calmPad), 0, `${style} seed ${seed}: pad outer voices`);
    }
  }
});
