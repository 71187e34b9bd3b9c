/**
 * Styles and prompt orders, asserted on the written MIDI: each preset has its own
 * instrumentation and rhythm; "no drums" and "main instrument piano" are obeyed; rhythm
 * drives in tense sections and thins in calm ones; CC1/CC11 swell into builds; stems.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PromptSpec, ScorePlan } from '../src/model/artifacts.js';
import { seconds } from '../src/model/units.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { readMidiSummary, writeMidi, type MidiSummary } from '../src/compose/midi-writer.js';
import { STYLE_NAMES } from '../src/compose/orchestration.js';
import { TempoMap } from '../src/time/tempo-map.js';
import { notesOfMidi, onsetDensity } from '../src/measures/index.js';
import { sceneAnalysis } from './support/scene-analysis.js';

const STEMS = ['strings', 'brass', 'woodwinds', 'percussion', 'keys', 'synths', 'fx'];

function run(prompt: Partial<PromptSpec>, seed = 3): { plan: ScorePlan; midi: MidiSummary; c: ReturnType<typeof compose> } {
  const plan = planScore(sceneAnalysis({ prompt, cues: [{ kind: 'build', t: seconds(78), text: 'build to 01:18' }] }), { seed });
  const c = compose(plan);
  return { plan, midi: readMidiSummary(writeMidi(c.score)), c };
}

/** The most common inter-onset interval (ticks, to 20) of the busiest pitched track in [from, to): its pulse. */
function pulseOf(midi: MidiSummary, from: number, to: number): number {
  const busiest = [...midi.tracks].filter((t) => t.channel !== 9)
    .map((t) => [...new Set(t.notes.filter((n) => n.tick >= from && n.tick < to).map((n) => n.tick))].sort((a, b) => a - b))
    .sort((a, b) => b.length - a.length)[0] ?? [];
  const counts = new Map<number, number>();
  for (let i = 1; i < busiest.length; i++) {
    const d = Math.round((busiest[i]! - busiest[i - 1]!) / 20) * 20;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

test('every style has its own instrumentation and its own rhythm (on the MIDI)', () => {
  const sigs = STYLE_NAMES.map((style) => {
    const { plan, midi } = run({ styles: [style] });
    const hot = [...plan.sections].sort((a, b) => b.arousal - a.arousal)[0]!;
    const programs = midi.tracks.map((t) => `${t.channel === 9 ? 'kit' : 'p'}${t.program}`).sort().join(',');
    const drums = [...new Set(notesOfMidi(midi).filter((n) => n.drum).map((n) => n.pitch))].sort((a, b) => a - b).join(',');
    return { style, programs, drums, pulse: pulseOf(midi, hot.startTick, hot.endTick) };
  });
  for (let i = 0; i < sigs.length; i++) {
    for (let j = i + 1; j < sigs.length; j++) {
      const a = sigs[i]!, b = sigs[j]!;
      assert.notEqual(a.programs, b.programs, `${a.style} and ${b.style} share instruments`);
      assert.ok(a.drums !== b.drums || a.pulse !== b.pulse, `${a.style} vs ${b.style}: same drums (${a.drums}) and pulse (${a.pulse} ticks)`);
    }
  }
});

test('rhythm drives when tense and thins when calm; the drums play sixteenths at the climax in hybrid', () => {
  for (const style of ['hybrid', 'electronic', 'orchestral', 'strings', 'suspense']) {
    const { plan, midi } = run({ styles: [style] });
    const map = TempoMap.fromPoints(plan.tempoMap, plan.meter);
    const notes = notesOfMidi(midi);
    const full = plan.sections.filter((s) => s.texture === 'full');
    const hot = [...full].sort((a, b) => b.arousal - a.arousal)[0]!;
    const calm = [...full].sort((a, b) => a.arousal - b.arousal)[0]!;
    const d = (s: typeof hot): number => onsetDensity(notes, s.startTick, s.endTick, (t) => map.secondsAt(t));
    assert.ok(d(hot) >= 2 * d(calm), `${style}: ${d(hot)} onsets/s at the climax vs ${d(calm)} when calm`);
    if (style === 'hybrid') {
      const hats = notes.filter((n) => n.drum && n.pitch === 42 && n.tick >= hot.startTick && n.tick < hot.endTick).map((n) => n.tick);
      const gaps = hats.slice(1).map((t, i) => t - hats[i]!);
      assert.ok(gaps.filter((g) => Math.abs(g - 240) <= 40).length >= gaps.length / 2, 'sixteenth hats at the climax');
      const drumsIn = (x: typeof hot): number => notes.filter((n) => n.drum && n.tick >= x.startTick && n.tick < x.endTick).length;
      assert.ok(drumsIn(calm) <= 3, `only an impact when calm, not a groove (${drumsIn(calm)} drum notes)`);
      assert.ok(drumsIn(hot) >= 24, `a groove at the climax (${drumsIn(hot)} drum notes)`);
    }
  }
});

test('"no drums" removes every percussion track; the hits still sound', () => {
  for (const style of STYLE_NAMES) {
    const { plan, midi } = run({ styles: [style], instrumentsUnwanted: ['drums'] });
    assert.ok(!plan.instrumentation.includes('percussion'));
    assert.ok(midi.tracks.every((t) => t.channel !== 9), `${style}: a channel-9 track`);
    assert.ok(midi.tracks.every((t) => !/drum|percussion|timpani|boom|brushes/i.test(t.name)), `${style}: ${midi.tracks.map((t) => t.name)}`);
    for (const h of plan.hitPoints) assert.ok(midi.tracks.some((t) => t.notes.some((n) => n.tick === h.tick)), `${style}: hit at ${h.t} silent`);
  }
});

test('"main instrument piano" puts the melody on a piano in any style', () => {
  for (const style of ['hybrid', 'orchestral', 'jazz', 'electronic']) {
    const { midi, c } = run({ styles: [style], leadInstrument: 'piano', instrumentsWanted: ['piano'] });
    const melodyTracks = c.tracks.filter((t) => t.roles.includes('melody'));
    assert.equal(melodyTracks.length, 1, style);
    assert.equal(melodyTracks[0]!.program, 0, `${style}: melody on ${melodyTracks[0]!.name}`);
    assert.equal(melodyTracks[0]!.stem, 'keys');
    const piano = midi.tracks.find((t) => t.name === melodyTracks[0]!.name)!;
    assert.ok(piano.notes.filter((n) => n.pitch >= 60).length >= 20, `${style}: the piano plays the tune`);
  }
  // Without a style, the piano preset is chosen.
  assert.equal(run({ leadInstrument: 'piano' }).plan.style, 'piano');
});

test('CC11 and CC1 swell into the build; every track has a named stem of the contract', () => {
  const { plan, midi } = run({ styles: ['hybrid'] });
  const build = plan.hitPoints.find((h) => h.kind === 'build-peak')!;
  assert.ok(build, 'the build cue is a hit point');
  const strings = midi.tracks.find((t) => t.name === 'Strings')!;
  const at = (cc: number, tick: number): number => {
    let v = -1;
    for (const c of strings.controls) if (c.controller === cc && c.tick <= tick) v = c.value;
    return v;
  };
  const before = at(1, build.tick - 2 * 3840 + 10);
  const peak = at(1, build.tick - 100);
  assert.ok(peak > before + 10, `CC1 ${before} → ${peak} into the build`);
  // CC11 follows the dynamics: the calmest full section sits well below the climax.
  const full = plan.sections.filter((x) => x.texture === 'full');
  const calm = [...full].sort((a, b) => a.arousal - b.arousal)[0]!;
  const hot = [...full].sort((a, b) => b.arousal - a.arousal)[0]!;
  const meanCc = (x: typeof calm): number => {
    const v = strings.controls.filter((k) => k.controller === 11 && k.tick >= x.startTick && k.tick < x.endTick).map((k) => k.value);
    return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  };
  assert.ok(meanCc(hot) >= meanCc(calm) + 20, `CC11 ${meanCc(calm)} calm vs ${meanCc(hot)} climax`);
  const { c } = run({ styles: ['hybrid'] });
  for (const t of c.tracks) assert.ok(STEMS.includes(t.stem), t.stem);
  const stems = new Set(c.score.tracks.map((t) => t.stem));
  for (const s of ['strings', 'brass', 'synths', 'percussion', 'fx']) assert.ok(stems.has(s as never), `hybrid has ${s}`);
  // Risers end exactly on swelling hits; impacts start on them.
  const riser = c.score.tracks.find((t) => t.name === 'Riser')!;
  assert.ok(riser.notes.some((n) => n.tick + n.duration === build.tick), 'a riser ends on the build');
  assert.ok(c.score.tracks.find((t) => t.name === 'Impact')!.notes.some((n) => n.tick === build.tick));
});
