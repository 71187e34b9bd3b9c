import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  chordRoughness, emotionOfFeatures, estimateEmotion, findKey, keyCorrelations, grooveConsistency, inKeyRatio, meanRoughness,
  noteDensity, onsetDensity, parallelMotionCount, pearson, pitchClassEntropy, polyphony, rhythmicEntropy,
  scaleConsistency, type MeasureNote,
} from '../src/measures/index.js';

const Q = 960;
const note = (tick: number, pitch: number, duration = Q, velocity = 80, drum = false): MeasureNote =>
  ({ tick, duration, pitch, velocity, drum, track: 't', loudness: velocity / 127 });
const seq = (pitches: number[], dur = Q): MeasureNote[] => pitches.map((p, i) => note(i * dur, p, dur));
/** 120 bpm constant. */
const time = { ppq: Q, secondsAt: (t: number) => t / Q / 2 };

test('key finder: a C major scale and cadence is C major; an A harmonic-minor line is A minor', () => {
  const cMajor = seq([60, 62, 64, 65, 67, 69, 71, 72, 67, 64, 60, 55, 60]);
  const k1 = findKey(cMajor)!;
  assert.equal(k1.tonic, 0); assert.equal(k1.mode, 'major');
  const aMinor = seq([57, 60, 64, 69, 68, 69, 64, 60, 57, 59, 60, 62, 64, 65, 64, 57, 52, 57]);
  const k2 = findKey(aMinor)!;
  assert.equal(k2.tonic, 9); assert.equal(k2.mode, 'minor');
  assert.equal(findKey([]), null);
});

test('property: the key finder is transposition-equivariant', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 40, max: 90 }), { minLength: 3, maxLength: 30 }), fc.integer({ min: 1, max: 11 }), (ps, shift) => {
    const a = keyCorrelations(seq(ps));
    const b = keyCorrelations(seq(ps.map((p) => p + shift)));
    for (let k = 0; k < 24; k++) {
      const moved = (k < 12 ? 0 : 12) + ((k % 12) + shift) % 12;
      if (Number.isNaN(a[k])) assert.ok(Number.isNaN(b[moved])); else assert.ok(Math.abs(a[k] - b[moved]) < 1e-9);
    }
    assert.ok(Math.abs(findKey(seq(ps))!.r - findKey(seq(ps.map((p) => p + shift)))!.r) < 1e-9);
  }));
});

test('pitch-class entropy: one pitch class 0 bits, uniform 12 classes log2 12, diatonic log2 7', () => {
  assert.equal(pitchClassEntropy(seq([60, 72, 48])), 0);
  assert.ok(Math.abs(pitchClassEntropy(seq(Array.from({ length: 12 }, (_, i) => 60 + i))) - Math.log2(12)) < 1e-12);
  assert.ok(Math.abs(pitchClassEntropy(seq([60, 62, 64, 65, 67, 69, 71])) - Math.log2(7)) < 1e-12);
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 127 }), { minLength: 1, maxLength: 40 }), (ps) => {
    const h = pitchClassEntropy(seq(ps));
    assert.ok(h >= 0 && h <= Math.log2(12) + 1e-12);
  }));
});

test('in-key ratio and scale consistency', () => {
  const notes = seq([60, 62, 64, 66, 67]); // F# is foreign to C major
  assert.equal(inKeyRatio(notes, 0, 'major'), 0.8);
  assert.equal(inKeyRatio(notes, 7, 'major'), 1); // all in G major
  assert.equal(scaleConsistency(notes), 1);
  assert.equal(inKeyRatio(seq([68]), 9, 'minor'), 1, 'G# is the leading tone of A minor');
  assert.equal(inKeyRatio(seq([68]), 9, 'minor', false), 0);
  assert.equal(inKeyRatio([], 0, 'major'), 1);
});

test('polyphony, onset and note density', () => {
  const triad = [note(0, 60, 4 * Q), note(0, 64, 4 * Q), note(0, 67, 4 * Q)];
  assert.equal(polyphony(triad), 3);
  // Unison doublings are not counted twice; a gap of silence is not counted.
  assert.equal(polyphony([...triad, note(0, 60, 4 * Q), note(8 * Q, 72, Q)]), (3 * 4 + 1) / 5);
  const eighths = Array.from({ length: 16 }, (_, i) => note((i * Q) / 2, 60, Q / 2));
  assert.equal(onsetDensity(eighths, 0, 8 * Q, time.secondsAt), 4); // eighths at 120 bpm
  assert.equal(noteDensity([...eighths, ...eighths.map((n) => ({ ...n, pitch: 64 }))], 0, 8 * Q, time.secondsAt), 8);
});

test('groove consistency: identical bars 1, a changing pattern less; rhythmic entropy of a steady pulse is 0', () => {
  const bar = 4 * Q;
  const steady = Array.from({ length: 32 }, (_, i) => note((i * Q) / 2, 60));
  assert.equal(grooveConsistency(steady, 0, 4 * bar, bar), 1);
  const varied = [...steady.slice(0, 8), note(bar + 100, 60), note(2 * bar, 60), note(3 * bar + Q, 60)];
  const g = grooveConsistency(varied, 0, 4 * bar, bar);
  assert.ok(g < 1 && g > 0.5, String(g));
  assert.equal(rhythmicEntropy(steady, Q / 4), 0);
  assert.equal(rhythmicEntropy(seq([60, 60]).concat(note(Q + Q / 2, 60)), Q / 4), 1);
});

test('parallel fifths/octaves between outer voices are counted; contrary motion is not', () => {
  // C3–G3 → D3–A3: parallel fifth. Then D3–A3 → C3–C4: contrary.
  const par = [note(0, 48), note(0, 55), note(Q, 50), note(Q, 57), note(2 * Q, 48), note(2 * Q, 60)];
  assert.equal(parallelMotionCount(par), 1);
  // Octaves C3–C4 → F3–F4.
  assert.equal(parallelMotionCount([note(0, 48), note(0, 60), note(0, 64), note(Q, 53), note(Q, 65), note(Q, 69)]), 0, 'top voice is the third/sixth');
  assert.equal(parallelMotionCount([note(0, 48), note(0, 60), note(Q, 53), note(Q, 65)]), 1);
  // A rest between two chords: no motion to judge.
  assert.equal(parallelMotionCount([note(0, 48), note(0, 55), note(2 * Q, 50), note(2 * Q, 57)]), 0);
  // Oblique: bass holds.
  assert.equal(parallelMotionCount([note(0, 48, 2 * Q), note(0, 55), note(Q, 60)]), 0);
});

test('roughness: a semitone cluster is rougher than a major triad, an octave is smoothest', () => {
  const triad = chordRoughness([60, 64, 67]);
  const cluster = chordRoughness([60, 61, 62]);
  const octave = chordRoughness([48, 60]);
  assert.ok(cluster > 2 * triad, `${cluster} vs ${triad}`);
  assert.ok(octave < triad);
  assert.ok(Math.abs(chordRoughness([60, 61]) - 1) < 1e-12);
  assert.equal(meanRoughness([note(0, 60)]), 0);
});

test('emotion estimate: fast, loud, major, high beats slow, soft, minor, low on both axes', () => {
  const happy = emotionOfFeatures({ bpm: 140, loudness: 0.55, onsetsPerSecond: 8, roughness: 0.12, mode: 'major', modeMargin: 0.1, meanPitch: 72 });
  const sad = emotionOfFeatures({ bpm: 64, loudness: 0.12, onsetsPerSecond: 1, roughness: 0.15, mode: 'minor', modeMargin: 0.1, meanPitch: 52 });
  assert.ok(happy.a > 0.5 && happy.v > 0.5, JSON.stringify(happy));
  assert.ok(sad.a < -0.5 && sad.v < -0.4, JSON.stringify(sad));
  // On real notes: a loud fast C major arpeggio vs. a soft slow A minor line.
  const bright = Array.from({ length: 32 }, (_, i) => ({ ...note((i * Q) / 4, [60, 64, 67, 72][i % 4] + 12, Q / 4, 115), loudness: 0.7 }));
  const dark = seq([45, 48, 52, 57, 56, 57, 52, 45], 2 * Q).map((n) => ({ ...n, velocity: 30, loudness: 0.1 }));
  const eb = estimateEmotion(bright, 0, 8 * Q, { ppq: Q, secondsAt: (t) => t / Q / 2.3 });
  const ed = estimateEmotion(dark, 0, 16 * Q, { ppq: Q, secondsAt: (t) => t / Q });
  assert.equal(eb.features.mode, 'major');
  assert.equal(ed.features.mode, 'minor');
  assert.ok(eb.a > ed.a + 0.5 && eb.v > ed.v + 0.5, `${JSON.stringify(eb)} ${JSON.stringify(ed)}`);
});

test('pearson', () => {
  assert.equal(pearson([1, 2, 3], [2, 4, 6]), 1);
  assert.equal(pearson([1, 2, 3], [3, 2, 1]), -1);
  assert.ok(Number.isNaN(pearson([1, 1, 1], [1, 2, 3])));
});
