/**
 * Leitmotifs: recurring characters/themes from the script insights get their own motif,
 * stated where they appear, transformed by the moment (plain, sad, tense, triumph).
 * Insights are built by hand here (the text analysis fills them in the pipeline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Recurring } from '../src/model/artifacts.js';
import { seconds } from '../src/model/units.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { readMidiSummary, writeMidi } from '../src/compose/midi-writer.js';
import { TempoMap } from '../src/time/tempo-map.js';
import type { MotifStatement } from '../src/compose/leitmotif.js';
import { sceneAnalysis } from './support/scene-analysis.js';

const who = (name: string, ts: number[], speaks: number[] = [], kind: Recurring['kind'] = 'character'): Recurring => ({
  name, kind, mentions: ts.map((t, i) => ({ t: seconds(t), line: i, speaks: speaks.includes(t) })),
});

/** Plain opening, a sad stretch, a tense chase, a triumphant ending. */
const STORY = [
  { t: 0, v: 0.1, a: -0.2 }, { t: 24, v: 0.1, a: -0.2 },
  { t: 26, v: -0.6, a: -0.5 }, { t: 49, v: -0.6, a: -0.5 },
  { t: 51, v: -0.45, a: 0.65 }, { t: 74, v: -0.45, a: 0.65 },
  { t: 76, v: 0.75, a: 0.8 }, { t: 100, v: 0.75, a: 0.8 },
];
const CHARACTERS = [who('ANNA', [5, 30, 55, 80], [5, 80]), who('MARK', [10, 36, 61, 86], [36]), who('EXTRA', [44])];
const THEMES = [who('the ring', [15, 40], [], 'theme')];

const STYLES = ['orchestral', 'hybrid', 'piano', 'jazz', 'suspense', 'electronic', 'strings', 'ambient'];
const scene = (style = 'orchestral') => sceneAnalysis({ duration: 100, story: STORY, cutEvery: 12.5, prompt: { styles: [style] }, characters: CHARACTERS, themes: THEMES });

test('the plan gives each recurring character and theme a leitmotif entry on a beat at each mention', () => {
  const plan = planScore(scene(), { seed: 4 });
  const lm = plan.leitmotifs!;
  assert.deepEqual(lm.map((l) => l.name), ['ANNA', 'MARK', 'the ring'], 'characters first, one-off EXTRA left out');
  const map = TempoMap.fromPoints(plan.tempoMap, plan.meter);
  for (const l of lm) {
    assert.ok(l.entries.length >= 2, `${l.name}: ${l.entries.length} entries`);
    for (const e of l.entries) {
      assert.equal(e.tick % 960, 0, 'on a beat');
      const at = map.tickAt(e.t);
      assert.ok(e.tick >= at - 1e-6 && e.tick < at + 960, `${l.name} at ${e.t}: tick ${e.tick} vs ${at}`);
    }
  }
  const all = lm.flatMap((l) => l.entries.map((e) => e.tick)).sort((a, b) => a - b);
  for (let i = 1; i < all.length; i++) assert.ok(all[i]! - all[i - 1]! >= 4 * 960, 'two motifs never start within a bar');
});

test('no script insights ⇒ no leitmotifs, and nothing breaks', () => {
  const plan = planScore(sceneAnalysis({ duration: 60, noInsights: true }), { seed: 4 });
  assert.equal(plan.leitmotifs, undefined);
  const c = compose(plan);
  assert.equal(c.leitmotifs.length, 0);
  assert.ok(!c.score.markers.some((m) => m.text.startsWith('Leitmotif')));
});

const meanPitch = (s: MotifStatement): number => s.notes.reduce((a, n) => a + n.pitch, 0) / s.notes.length;
const meanDur = (s: MotifStatement): number => s.notes.reduce((a, n) => a + n.duration, 0) / s.notes.length;
/** The tune's line: the highest note at each onset (triumph doubles an octave below). */
const line = (s: MotifStatement): number[] => [...new Set(s.notes.map((n) => n.tick))].sort((a, b) => a - b).map((t) => Math.max(...s.notes.filter((n) => n.tick === t).map((n) => n.pitch)));
const contour = (ps: number[]): number[] => ps.slice(1).map((p, i) => Math.sign(p - ps[i]!));

for (const style of STYLES) test(`statements are transformed by the moment: plain, sad (minor, slower, lower, softer), tense (fragmented), triumph (major, full, loud): ${style}`, () => {
  const plan = planScore(scene(style), { seed: 4 });
  const c = compose(plan, { humanize: false });
  const anna = c.leitmotifs.find((m) => m.name === 'ANNA')!;
  const mark = c.leitmotifs.find((m) => m.name === 'MARK')!;
  const kinds = (m: typeof anna): string[] => m.statements.map((s) => s.transform);
  if (style === 'orchestral') console.log('ANNA', kinds(anna), anna.motif.steps, 'MARK', kinds(mark), mark.motif.steps);
  for (const m of [anna, mark]) {
    const by = (k: string): MotifStatement => m.statements.find((s) => s.transform === k)!;
    assert.deepEqual(kinds(m), ['plain', 'sad', 'tense', 'triumph'], m.name);
    const plain = by('plain'), sad = by('sad'), tense = by('tense'), triumph = by('triumph');
    const n = m.motif.steps.length;
    // Plain and triumph state the whole motif with its contour (diatonic steps keep their direction).
    for (const s of [plain, triumph]) {
      assert.equal(line(s).length, n);
      const want = contour(m.motif.steps.map((x) => x));
      const got = contour(line(s));
      const agree = want.filter((d, i) => d === got[i]).length;
      assert.ok(agree >= want.length - 1, `${m.name} ${s.transform}: contour ${got} vs ${want}`);
    }
    // Sad: minor centre, an octave lower, twice as slow, softer.
    const key = (tick: number) => [...plan.keys].filter((k) => k.tick <= tick).pop()!;
    const ks = key(sad.tick);
    assert.equal(sad.centre, ks.mode === 'major' ? (ks.tonic + 9) % 12 : ks.tonic, 'sad statement centred on a minor tonic');
    // About an octave below where the tune was last heard (plain comes just before sad here).
    assert.ok(meanPitch(sad) <= meanPitch(plain) - 5, `${m.name}: sad ${meanPitch(sad)} vs plain ${meanPitch(plain)}`);
    assert.ok(meanDur(sad) >= 1.6 * meanDur(plain), `${m.name}: sad durations ${meanDur(sad)} vs ${meanDur(plain)}`);
    assert.ok(Math.max(...sad.notes.map((x) => x.velocity)) < Math.min(...triumph.notes.map((x) => x.velocity)));
    // Tense: the motif's head twice (a sequence a step up), short and detached.
    const head = Math.min(n - 1, 3);
    assert.equal(tense.notes.length, 2 * head);
    assert.ok(meanDur(tense) <= 0.6 * meanDur(plain), `${m.name}: tense durations ${meanDur(tense)} vs ${meanDur(plain)}`);
    // Triumph: major centre, doubled an octave below, loud.
    const kt = key(triumph.tick);
    assert.equal(triumph.centre, kt.mode === 'minor' ? (kt.tonic + 3) % 12 : kt.tonic, 'triumph centred on a major tonic');
    assert.ok(triumph.notes.some((x) => triumph.notes.some((y) => y.tick === x.tick && y.pitch === x.pitch - 12)), 'octave doubling');
    assert.ok(Math.min(...triumph.notes.map((x) => x.velocity)) >= 85);
  }
  assert.notDeepEqual(contour([...anna.motif.steps]).concat(anna.motif.steps.length), contour([...mark.motif.steps]).concat(mark.motif.steps.length), 'ANNA and MARK have different tunes');
});

for (const style of STYLES) test(`the statements are in the MIDI on the melody track, with a marker; the same character keeps its tune in another scene: ${style}`, () => {
  const plan = planScore(scene(style), { seed: 4 });
  const c = compose(plan, { humanize: false });
  const midi = readMidiSummary(writeMidi(c.score));
  const melodyTrack = c.tracks.find((t) => t.roles.includes('melody'))!.name;
  const flute = midi.tracks.find((t) => t.name === melodyTrack)!;
  for (const m of c.leitmotifs) {
    for (const s of m.statements) {
      assert.ok(midi.markers.some((k) => k.tick === s.tick && k.text === `Leitmotif: ${m.name} (${s.transform})`), `${m.name} marker`);
      const first = s.notes[0]!;
      assert.ok(flute.notes.some((n) => n.tick === first.tick && n.pitch === first.pitch), `${m.name} ${s.transform}: first note in the file`);
    }
  }
  // Another scene (different story and times), same seed: ANNA's motif is the same tune.
  const other = planScore(sceneAnalysis({ duration: 60, characters: [who('ANNA', [8, 40])] }), { seed: 4 });
  const again = compose(other).leitmotifs.find((m) => m.name === 'ANNA')!;
  assert.deepEqual(again.motif, c.leitmotifs.find((m) => m.name === 'ANNA')!.motif);
});
