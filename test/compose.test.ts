import { BREATH_MIN_STRENGTH } from '../src/compose/breath.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Note, Scale } from 'tonal';
import type { HitPoint, KeyPoint, Mode, Score, ScorePlan, Section } from '../src/model/artifacts.js';
import { seconds, ticks } from '../src/model/units.js';
import { TempoMap } from '../src/time/tempo-map.js';
import { compose, composeScore } from '../src/compose/compose.js';
import { countParallels } from '../src/compose/harmony.js';
import { STYLE_NAMES } from '../src/compose/orchestration.js';
import { UserInputError } from '../src/model/errors.js';

interface SectionSpec {
  name: string;
  bars: number;
  texture: Section['texture'];
  energy: number;
  tension: number;
  arousal: number;
  valence: number;
  key: string;
  mode: Mode;
}

const PC: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/**
 * A hand-made plan: sections laid end to end in 4/4, ticks from a real TempoMap with a
 * tempo change, hits given in bar/beat, curves on a 0.25 s grid that follow each section's energy.
 */
function makePlan(specs: SectionSpec[], hits: { bar: number; beat: number; kind: string; strength: number }[], opts: { style?: string; seed?: number; instrumentation?: string[]; bpms?: number[] } = {}): ScorePlan {
  const meter = { numerator: 4, denominator: 4 };
  const bpms = opts.bpms ?? [100, 132];
  // Tempo changes at the start of each section (cycling through bpms).
  let bar = 1;
  const probe = TempoMap.constant(100, meter);
  const segs = specs.map((s, i) => {
    const seg = { tick: probe.tickAtBarBeat(bar, 1), usPerQuarter: Math.round(60_000_000 / bpms[i % bpms.length]) };
    bar += s.bars;
    return seg;
  });
  const map = TempoMap.fromSegments(segs, meter);
  const sections: Section[] = [];
  const keys: KeyPoint[] = [];
  bar = 1;
  for (const s of specs) {
    const startTick = map.tickAtBarBeat(bar, 1);
    const endTick = map.tickAtBarBeat(bar + s.bars, 1);
    sections.push({
      start: map.secondsAt(startTick), end: map.secondsAt(endTick), startTick, endTick, name: s.name, reason: 'test',
      arousal: s.arousal, valence: s.valence, energy: s.energy, tension: s.tension, texture: s.texture,
    });
    keys.push({ t: map.secondsAt(startTick), tick: startTick, key: s.key, tonic: PC[s.key], mode: s.mode });
    bar += s.bars;
  }
  const endTick = sections[sections.length - 1].endTick;
  const duration = map.secondsAt(endTick);
  const hitPoints: HitPoint[] = hits.map((h, i) => {
    const tick = map.tickAtBarBeat(h.bar, h.beat);
    return { t: map.secondsAt(tick), kind: h.kind, label: `h${i}`, strength: h.strength, bar: h.bar, beat: h.beat, tick, errorMs: 0 };
  });
  const t: number[] = [];
  const dyn: number[] = [];
  const ten: number[] = [];
  for (let x = 0; x <= duration; x += 0.25) {
    const s = sections.find((q) => x >= q.start && x < q.end) ?? sections[sections.length - 1];
    t.push(x); dyn.push(s.energy); ten.push(s.tension);
  }
  return {
    version: 1,
    seed: opts.seed ?? 7,
    ppq: 960,
    duration,
    style: opts.style ?? 'hybrid',
    meter,
    tempoMap: map.points(),
    keys,
    sections,
    hitPoints,
    instrumentation: opts.instrumentation ?? ['strings', 'brass', 'woodwinds', 'percussion', 'keys', 'synths', 'fx'],
    curves: {
      t: t.map(seconds), tempo: t.map(() => 110), dynamics: dyn, tension: ten, density: dyn, mode: t.map(() => 1),
    },
    endTick: ticks(endTick),
  };
}

const SPECS: SectionSpec[] = [
  { name: 'Calm', bars: 8, texture: 'full', energy: 0.25, tension: 0.15, arousal: -0.3, valence: 0.5, key: 'C', mode: 'major' },
  { name: 'Chase', bars: 8, texture: 'full', energy: 0.9, tension: 0.75, arousal: 0.8, valence: -0.5, key: 'D', mode: 'minor' },
  { name: 'Aftermath', bars: 4, texture: 'drone', energy: 0.2, tension: 0.5, arousal: -0.2, valence: -0.4, key: 'D', mode: 'minor' },
  { name: 'Void', bars: 2, texture: 'silence', energy: 0, tension: 0.2, arousal: -0.5, valence: 0, key: 'D', mode: 'minor' },
  { name: 'Hope', bars: 8, texture: 'full', energy: 0.4, tension: 0.2, arousal: 0, valence: 0.6, key: 'G', mode: 'major' },
  { name: 'Fade', bars: 4, texture: 'sparse', energy: 0.15, tension: 0.1, arousal: -0.4, valence: 0.3, key: 'G', mode: 'major' },
];
const HITS = [
  { bar: 5, beat: 1, kind: 'cut', strength: 0.4 },
  { bar: 9, beat: 1, kind: 'build', strength: 0.9 },
  { bar: 13, beat: 3, kind: 'hit', strength: 0.8 },
  { bar: 17, beat: 1, kind: 'drop', strength: 1 },
];

const PLAN = makePlan(SPECS, HITS);
const DRUM_CHANNEL = 9;

/** Notes of every track with their channel, in absolute ticks. */
function allNotes(score: Score): { tick: number; duration: number; pitch: number; velocity: number; channel: number; track: string }[] {
  return score.tracks.flatMap((tr) => tr.notes.map((n) => ({ ...n, channel: tr.channel, track: tr.name })));
}

const inSection = (s: Section) => (n: { tick: number }): boolean => n.tick >= s.startTick && n.tick < s.endTick;
const hitTicks = new Set(PLAN.hitPoints.map((h) => Number(h.tick)));

test('same plan and seed give a deep-equal score; another seed changes the notes', () => {
  const a = composeScore(PLAN);
  const b = composeScore(JSON.parse(JSON.stringify(PLAN)) as ScorePlan);
  assert.deepEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a, 'survives a JSON round trip');
  const c = composeScore(PLAN, { seed: 8 });
  const sig = (s: Score): string => JSON.stringify(s.tracks.map((t) => t.notes.map((n) => [n.tick, n.pitch])));
  assert.notEqual(sig(a), sig(c));
});

test('the plan is not mutated', () => {
  const copy = JSON.parse(JSON.stringify(PLAN));
  composeScore(PLAN);
  assert.deepEqual(JSON.parse(JSON.stringify(PLAN)), copy);
});

test('score frame: markers, end tick, channels, ranges', () => {
  const score = composeScore(PLAN);
  assert.equal(score.endTick, PLAN.endTick);
  assert.equal(score.ppq, 960);
  assert.deepEqual(score.tempoMap, PLAN.tempoMap);
  for (const s of PLAN.sections) assert.ok(score.markers.some((m) => m.tick === s.startTick && m.text === `Section: ${s.name}`), s.name);
  for (const h of PLAN.hitPoints) assert.ok(score.markers.some((m) => m.tick === h.tick && m.text === `Hit: ${h.kind} ${h.label}`), h.kind);
  assert.equal(score.markers.length, PLAN.sections.length + PLAN.hitPoints.length);
  const channels = score.tracks.map((t) => t.channel);
  assert.equal(new Set(channels).size, channels.length, 'one channel per track');
  for (const tr of score.tracks) {
    assert.ok(tr.notes.length > 0, `${tr.name} has notes`);
    for (const n of tr.notes) {
      assert.ok(Number.isInteger(n.tick) && Number.isInteger(n.duration) && n.duration > 0, `${tr.name} integer ticks`);
      assert.ok(n.tick >= 0 && n.tick + n.duration <= PLAN.endTick, `${tr.name} inside the score`);
      assert.ok(n.velocity >= 1 && n.velocity <= 127);
      if (tr.channel !== DRUM_CHANNEL) assert.ok(n.pitch >= 28 && n.pitch <= 108, `${tr.name} pitch ${n.pitch}`);
    }
    for (const c of tr.controls) assert.ok(c.value >= 0 && c.value <= 127 && Number.isInteger(c.tick));
  }
  // Only bass lines and drones go below MIDI 36.
  const chase = PLAN.sections[1];
  for (const tr of score.tracks) {
    if (tr.channel === DRUM_CHANNEL || /bass/i.test(tr.name)) continue;
    for (const n of tr.notes.filter(inSection(chase))) assert.ok(n.pitch >= 36, `${tr.name} ${n.pitch} in a full section`);
  }
});

test('every hit point has an impact exactly at its tick (timpani, low brass; crash on strong hits; a drop: the low end only)', () => {
  const score = composeScore(PLAN);
  for (const h of PLAN.hitPoints) {
    const at = allNotes(score).filter((n) => n.tick === h.tick);
    assert.ok(at.some((n) => n.track === 'Timpani'), `timpani at ${h.kind}`);
    if (h.kind === 'drop') {
      // The music falls away: timpani and bass drum, no brass stab, no crash.
      assert.ok(!at.some((n) => n.track === 'Brass'), 'no brass stab at the drop');
      assert.ok(!at.some((n) => n.channel === DRUM_CHANNEL && n.pitch === 49), 'no crash at the drop');
      assert.ok(at.some((n) => n.channel === DRUM_CHANNEL), 'a bass drum at the drop');
      continue;
    }
    assert.ok(at.some((n) => n.track === 'Brass' && n.pitch <= 47), `low brass at ${h.kind}`);
    if (h.strength >= 0.5) assert.ok(at.some((n) => n.channel === DRUM_CHANNEL && n.pitch === 49), `crash at ${h.kind}`);
  }
  // The strong hits are louder than the weak cut.
  const loudest = (tick: number): number => Math.max(...allNotes(score).filter((n) => n.tick === tick && n.track === 'Timpani').map((n) => n.velocity));
  assert.ok(loudest(PLAN.hitPoints[3].tick) > loudest(PLAN.hitPoints[0].tick) + 20);
  // Impacts are not humanised: identical ticks under every seed.
  for (const seed of [11, 12]) {
    const other = composeScore(PLAN, { seed });
    for (const h of PLAN.hitPoints) assert.ok(allNotes(other).some((n) => n.tick === h.tick && n.track === 'Timpani'), `seed ${seed}`);
  }
  // Also with no percussion or brass at all: the remaining tracks still strike on the tick.
  const bare = composeScore({ ...PLAN, instrumentation: ['strings'] });
  for (const h of PLAN.hitPoints) assert.ok(allNotes(bare).some((n) => n.tick === h.tick), `strings-only impact at ${h.kind}`);
});

test('calm full sections stay in the key scale (≥ 95% of pitched notes)', () => {
  for (const style of STYLE_NAMES.filter((s) => s !== 'jazz')) {
    const score = composeScore({ ...PLAN, style });
    for (const [idx, key] of [[0, 'C major'], [4, 'G major']] as const) {
      const scale = new Set(Scale.get(key).notes.map((n) => Note.chroma(n)));
      const notes = allNotes(score).filter((n) => n.channel !== DRUM_CHANNEL).filter(inSection(PLAN.sections[idx]));
      assert.ok(notes.length > 20, `${style}: notes in ${key}`);
      const inKey = notes.filter((n) => scale.has(n.pitch % 12)).length / notes.length;
      assert.ok(inKey >= 0.95, `${style} ${key}: ${(inKey * 100).toFixed(1)}% in scale`);
    }
  }
});

test('nothing sounds inside a silence section', () => {
  const void_ = PLAN.sections[3];
  for (const style of STYLE_NAMES) {
    const score = composeScore({ ...PLAN, style });
    const sounding = allNotes(score).filter((n) => n.tick < void_.endTick && n.tick + n.duration > void_.startTick);
    assert.deepEqual(sounding, [], style);
  }
});

test('a drone section holds only low sustained notes (besides the impact on its hit)', () => {
  const drone = PLAN.sections[2];
  const len = drone.endTick - drone.startTick;
  for (const style of STYLE_NAMES) {
    const score = composeScore({ ...PLAN, style });
    // The 'drop' hit opens the drone: its short impact (≤ 2 beats) is the one exception.
    const isImpact = (n: { tick: number; duration: number }): boolean => hitTicks.has(n.tick) && n.duration <= 2 * 960;
    const notes = allNotes(score).filter(inSection(drone)).filter((n) => !isImpact(n));
    assert.ok(notes.length >= 2, `${style}: drone sounds`);
    for (const n of notes) {
      assert.notEqual(n.channel, DRUM_CHANNEL, `${style}: no drums in a drone`);
      assert.ok(n.pitch < 60, `${style}: drone note ${n.pitch} is low`);
      assert.ok(n.duration >= len * 0.9, `${style}: drone note held (${n.duration} of ${len})`);
    }
    const pcs = new Set(notes.map((n) => n.pitch % 12));
    assert.deepEqual([...pcs].sort((a, b) => a - b), [2, 9], `${style}: tonic and fifth of D`);
  }
});

test('velocity and expression are higher in the high-energy section than in the calm one', () => {
  const score = composeScore(PLAN);
  const [calm, chase] = PLAN.sections;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const vel = (s: Section): number => mean(allNotes(score).filter((n) => n.channel !== DRUM_CHANNEL).filter(inSection(s)).map((n) => n.velocity));
  assert.ok(vel(chase) > vel(calm) + 15, `velocity chase ${vel(chase).toFixed(1)} vs calm ${vel(calm).toFixed(1)}`);
  const strings = score.tracks.find((t) => t.name === 'Strings')!;
  const cc11 = (s: Section): number => mean(strings.controls.filter((c) => c.controller === 11).filter(inSection(s)).map((c) => c.value));
  assert.ok(cc11(chase) > cc11(calm) + 20, `CC11 chase ${cc11(chase)} vs calm ${cc11(calm)}`);
  // CC1 swells into the build: rising over the bars before bar 9.
  const build = PLAN.hitPoints[1];
  const cc1 = strings.controls.filter((c) => c.controller === 1 && c.tick < build.tick && c.tick >= build.tick - 2 * 3840);
  assert.ok(cc1.length >= 4 && cc1[cc1.length - 1].value > cc1[0].value + 20, 'CC1 swell into the build');
});

test('style presets give different instrument sets', () => {
  const seen = new Map<string, string>();
  for (const style of STYLE_NAMES) {
    const score = composeScore({ ...PLAN, style });
    const set = [...new Set(score.tracks.map((t) => `${t.channel === DRUM_CHANNEL ? 'kit' : 'p'}${t.program}`))].sort().join(',');
    assert.ok(!seen.has(set), `${style} repeats ${seen.get(set)}: ${set}`);
    seen.set(set, style);
    for (const tr of score.tracks) assert.ok(tr.program >= 0 && tr.program <= 127 && tr.channel >= 0 && tr.channel <= 15);
  }
  assert.equal(seen.size, 8);
  assert.throws(() => composeScore({ ...PLAN, style: 'polka' }), UserInputError);
});

test("no 'percussion' in the instrumentation ⇒ no channel-9 notes", () => {
  for (const style of STYLE_NAMES) {
    const score = composeScore({ ...PLAN, style, instrumentation: ['strings', 'brass', 'woodwinds', 'keys', 'synths'] });
    assert.ok(score.tracks.every((t) => t.channel !== DRUM_CHANNEL), style);
    assert.ok(score.tracks.every((t) => t.stem !== 'percussion'), style);
    for (const h of PLAN.hitPoints) assert.ok(allNotes(score).some((n) => n.tick === h.tick), `${style}: impact without percussion`);
  }
});

test('pad voicings: no parallel fifths/octaves between bass and top voice in the calm section', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const { chords, score } = compose(PLAN, { seed, humanize: false });
    const calm = chords.filter((c) => c.section === 0);
    assert.ok(calm.length >= 6);
    const par = countParallels(calm);
    assert.equal(par.padOuter, 0, `seed ${seed}: pad outer voices`);
    assert.equal(par.bassTop, 0, `seed ${seed}: bass line vs pad top`);
    // Chords move by small steps: mean voice motion ≤ 3 semitones per voice.
    let motion = 0;
    for (let k = 1; k < calm.length; k++) for (let v = 0; v < 4; v++) motion += Math.abs(calm[k].pitches[v] - calm[k - 1].pitches[v]);
    assert.ok(motion / ((calm.length - 1) * 4) <= 3, `seed ${seed}: voice leading ${motion}`);
    // The pad track plays exactly those voicings (a chord is cut short by the breath before a
    // strong hit, and one starting inside that sixteenth-note breath is left out).
    const strings = score.tracks.find((t) => t.name === 'Strings')!;
    const breath = 960 / 4;
    const gaps = PLAN.hitPoints.filter((h) => h.strength >= BREATH_MIN_STRENGTH).map((h) => [h.tick - breath, h.tick] as const);
    for (const c of calm) {
      if (gaps.some(([a, b]) => c.tick >= a && c.tick < b)) continue;
      const end = Math.min(c.tick + c.duration, ...gaps.filter(([a]) => a > c.tick).map(([a]) => a));
      const played = strings.notes.filter((n) => n.tick === c.tick && n.duration >= end - c.tick - 1).map((n) => n.pitch).sort((a, b) => a - b);
      assert.deepEqual(played, [...c.pitches], `seed ${seed}: pad at ${c.tick}`);
    }
    // A hit opens the next section: the calm section ends on a held dominant (half cadence).
    assert.equal(calm[calm.length - 1].label, 'V');
    assert.ok(calm.every((c) => !c.pedal && ['I', 'ii', 'iii', 'IV', 'V', 'vi'].includes(c.label)), 'diatonic, functional');
    // 'Hope' (calm, G major, no hit after it) closes with an authentic V–I cadence, also voice-led cleanly.
    const hope = chords.filter((c) => c.section === 4);
    assert.deepEqual(hope.slice(-2).map((c) => c.label), ['V', 'I']);
    assert.deepEqual(countParallels(hope), { padOuter: 0, bassTop: 0 }, `seed ${seed}: Hope`);
  }
});

test('a calm melody exists and repeats its motif shape; drums stay out of the calm section', () => {
  const score = composeScore(PLAN, { humanize: false });
  const calm = PLAN.sections[0];
  const horn = score.tracks.find((t) => t.name === 'Horn')!;
  const mel = horn.notes.filter(inSection(calm));
  assert.ok(mel.length >= 6, 'melody in the calm section');
  // The motif recurs: the rhythm of the first statement comes back (repetition / sequence).
  const unit = 2 * 3840; // calm sections state the motif in augmentation (two bars a unit)
  const byUnit = new Map<number, number[]>();
  for (const n of mel) byUnit.set(Math.floor(n.tick / unit), [...(byUnit.get(Math.floor(n.tick / unit)) ?? []), n.duration]);
  const shapes = [...byUnit.values()].map((d) => d.join(','));
  assert.ok(shapes.filter((x) => x === shapes[0]).length >= 2, `motif rhythm recurs: ${shapes.join(' | ')}`);
  const strings = score.tracks.find((t) => t.name === 'Strings')!;
  for (const n of mel) {
    const padTop = Math.max(...strings.notes.filter((p) => p.tick <= n.tick && p.tick + p.duration > n.tick).map((p) => p.pitch), 0);
    assert.ok(n.pitch > padTop, `melody ${n.pitch} above pad top ${padTop}`);
  }
  const drums = score.tracks.find((t) => t.channel === DRUM_CHANNEL)!;
  assert.ok(drums.notes.filter(inSection(calm)).every((n) => hitTicks.has(n.tick) || n.tick >= calm.endTick - 960), 'calm: drums only at hits');
  assert.ok(drums.notes.filter(inSection(PLAN.sections[1])).length > 64, 'chase: a groove');
});

test("a 'sparse' section plays only the pad, softly", () => {
  const score = composeScore(PLAN);
  const fade = PLAN.sections[5];
  const notes = allNotes(score).filter(inSection(fade));
  assert.ok(notes.length > 0);
  assert.deepEqual([...new Set(notes.map((n) => n.track))].sort(), ['Strings', 'Synth Pad']);
  assert.ok(notes.every((n) => n.velocity < 70), 'soft');
});

test('composing a 2-minute plan is fast (time printed, not asserted)', () => {
  const long: SectionSpec[] = [];
  for (let i = 0; i < 8; i++) long.push({ ...SPECS[i % 2], name: `S${i}`, bars: 8 });
  const plan = makePlan(long, [{ bar: 17, beat: 1, kind: 'hit', strength: 0.8 }, { bar: 49, beat: 3, kind: 'build', strength: 1 }], { bpms: [120, 128] });
  const t0 = performance.now();
  const score = composeScore(plan);
  const ms = performance.now() - t0;
  const n = score.tracks.reduce((a, t) => a + t.notes.length, 0);
  console.log(`compose: ${plan.duration.toFixed(1)} s plan, ${n} notes in ${ms.toFixed(0)} ms`);
  assert.ok(plan.duration >= 110);
});
