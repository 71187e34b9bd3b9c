/**
 * MIDI writer: a hand-built Score written with midi-file and read back, byte-level
 * header checks, determinism, and random notes surviving the round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMidi } from 'midi-file';
import type { NoteEvent, Score, Track } from '../src/model/artifacts.js';
import { PPQ, ticks } from '../src/model/units.js';
import { prepareTrackNotes, readMidiSummary, writeMidi } from '../src/compose/midi-writer.js';
import { TempoMap } from '../src/time/tempo-map.js';

const note = (tick: number, duration: number, pitch: number, velocity: number): NoteEvent => ({
  tick: ticks(tick),
  duration: ticks(duration),
  pitch,
  velocity,
});

function smallScore(): Score {
  const map = TempoMap.fromSegments(
    [
      { tick: 0, usPerQuarter: 500000 },
      { tick: 3840, usPerQuarter: 428571 },
      { tick: 7680, usPerQuarter: 1000000 },
    ],
    { numerator: 4, denominator: 4 },
  );
  const strings: Track = {
    name: 'Strings',
    stem: 'strings',
    program: 48,
    channel: 0,
    notes: [note(0, 1920, 60, 80), note(0, 1920, 64, 70), note(1920, 960, 67, 90), note(1920, 3840, 60, 60)],
    controls: [
      { tick: ticks(0), controller: 7, value: 100 },
      { tick: ticks(0), controller: 1, value: 40 },
      { tick: ticks(1920), controller: 11, value: 90 },
      { tick: ticks(3840), controller: 11, value: 127 },
    ],
  };
  const drums: Track = {
    name: 'Percussion — taiko',
    stem: 'percussion',
    program: 0,
    channel: 9,
    notes: [note(3840, 240, 36, 127), note(4800, 240, 38, 100), note(7680, 240, 36, 110)],
    controls: [],
  };
  return {
    ppq: PPQ,
    tempoMap: map.points(),
    meter: map.meter,
    tracks: [strings, drums],
    markers: [
      { tick: ticks(0), text: 'A: opening' },
      { tick: ticks(7680), text: 'hit: crash 01:45' },
      { tick: ticks(3840), text: 'B: chase' },
    ],
    endTick: ticks(11520),
  };
}

test('writeMidi writes SMF type 1, PPQ 960, conductor + one named track per instrument', () => {
  const bytes = writeMidi(smallScore());
  // Header chunk: "MThd", length 6, format 1, 3 tracks, division 960.
  assert.deepEqual([...bytes.subarray(0, 14)], [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 3, 0x03, 0xc0]);
  const raw = parseMidi(bytes);
  assert.equal(raw.header.format, 1);
  assert.equal(raw.header.ticksPerBeat, 960);
  assert.equal(raw.tracks.length, 3);
  assert.deepEqual(
    raw.tracks.map((t) => t.find((e) => e.type === 'trackName')),
    [
      { deltaTime: 0, meta: true, type: 'trackName', text: 'Conductor' },
      { deltaTime: 0, meta: true, type: 'trackName', text: 'Strings' },
      { deltaTime: 0, meta: true, type: 'trackName', text: Buffer.from('Percussion — taiko').toString('latin1') },
    ],
  );
  const ts = raw.tracks[0].find((e) => e.type === 'timeSignature');
  assert.ok(ts && ts.type === 'timeSignature' && ts.numerator === 4 && ts.denominator === 4);
  // Every track ends with end-of-track at endTick.
  for (const track of raw.tracks) {
    const last = track[track.length - 1];
    assert.equal(last.type, 'endOfTrack');
    assert.equal(track.reduce((sum, e) => sum + e.deltaTime, 0), 11520);
  }
});

test('readMidiSummary gets back tempos, markers, names, programs, notes and controllers', () => {
  const score = smallScore();
  const s = readMidiSummary(writeMidi(score));
  assert.equal(s.format, 1);
  assert.equal(s.ppq, 960);
  assert.deepEqual(s.meter, { numerator: 4, denominator: 4 });
  assert.deepEqual(s.tempos, [
    { tick: 0, usPerQuarter: 500000 },
    { tick: 3840, usPerQuarter: 428571 },
    { tick: 7680, usPerQuarter: 1000000 },
  ]);
  assert.deepEqual(s.markers, [
    { tick: 0, text: 'A: opening' },
    { tick: 3840, text: 'B: chase' },
    { tick: 7680, text: 'hit: crash 01:45' },
  ]);
  assert.equal(s.endTick, 11520);
  assert.deepEqual(
    s.tracks.map((t) => [t.name, t.channel, t.program]),
    [
      ['Strings', 0, 48],
      ['Percussion — taiko', 9, 0],
    ],
  );
  assert.deepEqual(s.tracks[0].notes, [
    { tick: 0, duration: 1920, pitch: 60, velocity: 80 },
    { tick: 0, duration: 1920, pitch: 64, velocity: 70 },
    { tick: 1920, duration: 3840, pitch: 60, velocity: 60 },
    { tick: 1920, duration: 960, pitch: 67, velocity: 90 },
  ]);
  assert.deepEqual(s.tracks[1].notes, [
    { tick: 3840, duration: 240, pitch: 36, velocity: 127 },
    { tick: 4800, duration: 240, pitch: 38, velocity: 100 },
    { tick: 7680, duration: 240, pitch: 36, velocity: 110 },
  ]);
  assert.deepEqual(s.tracks[0].controls, [
    { tick: 0, controller: 1, value: 40 },
    { tick: 0, controller: 7, value: 100 },
    { tick: 1920, controller: 11, value: 90 },
    { tick: 3840, controller: 11, value: 127 },
  ]);
  // The tempo map read back gives the same film times as the score's.
  const back = TempoMap.fromSegments(s.tempos, s.meter ?? undefined);
  for (const p of score.tempoMap) assert.equal(back.secondsAt(p.tick), p.t);
});

test('event order: note-off before note-on at the same tick and pitch; program and CC before notes', () => {
  const raw = parseMidi(writeMidi(smallScore()));
  let tick = 0;
  const seq: string[] = [];
  for (const e of raw.tracks[1]) {
    tick += e.deltaTime;
    if (e.type === 'noteOn' || e.type === 'noteOff') seq.push(`${tick}:${e.type}:${e.noteNumber}`);
    if (e.type === 'programChange' || e.type === 'controller') seq.push(`${tick}:${e.type}`);
  }
  assert.deepEqual(seq.slice(0, 5), ['0:programChange', '0:controller', '0:controller', '0:noteOn:60', '0:noteOn:64']);
  // At 1920 pitch 60 ends and starts again: off first.
  const at1920 = seq.filter((x) => x.startsWith('1920:'));
  assert.deepEqual(at1920, ['1920:noteOff:60', '1920:noteOff:64', '1920:controller', '1920:noteOn:60', '1920:noteOn:67']);
});

test('writeMidi is deterministic and does not depend on input order', () => {
  const a = writeMidi(smallScore());
  const b = writeMidi(smallScore());
  assert.deepEqual(Buffer.from(a), Buffer.from(b));
  const shuffled = smallScore();
  const reordered: Score = {
    ...shuffled,
    tracks: shuffled.tracks.map((t) => ({ ...t, notes: [...t.notes].reverse(), controls: [...t.controls].reverse() })),
  };
  assert.deepEqual(Buffer.from(writeMidi(reordered)), Buffer.from(a));
});

test('fractional ticks round; overlapping same-pitch notes are made unambiguous', () => {
  const prepared = prepareTrackNotes([
    note(0.4, 959.8, 60, 80.6),
    note(480, 960, 60, 90), // overlaps the first: the first is cut at 480
    note(480, 100, 60, 100), // same start and pitch: merged (longest, loudest)
    note(2000, 0.2, 62, 0), // tiny: one tick; velocity clamped to 1
  ]);
  assert.deepEqual(prepared, [
    { tick: 0, duration: 480, pitch: 60, velocity: 81 },
    { tick: 480, duration: 960, pitch: 60, velocity: 100 },
    { tick: 2000, duration: 1, pitch: 62, velocity: 1 },
  ]);
  assert.throws(() => prepareTrackNotes([note(0, 10, 128, 64)]), RangeError);
  assert.throws(() => writeMidi({ ...smallScore(), tempoMap: [] }), RangeError);
});

test('random notes survive the write/read round trip', () => {
  const noteArb = fc.record({
    tick: fc.integer({ min: 0, max: 40 * PPQ }),
    duration: fc.integer({ min: 1, max: 4 * PPQ }),
    pitch: fc.integer({ min: 0, max: 127 }),
    velocity: fc.integer({ min: 1, max: 127 }),
  });
  const trackArb = fc.record({
    channel: fc.integer({ min: 0, max: 15 }),
    program: fc.integer({ min: 0, max: 127 }),
    notes: fc.array(noteArb, { maxLength: 60 }),
  });
  fc.assert(
    fc.property(fc.array(trackArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 30, max: 240 }), (tracks, tempo) => {
      const map = TempoMap.constant(tempo);
      const score: Score = {
        ppq: PPQ,
        tempoMap: map.points(),
        meter: map.meter,
        tracks: tracks.map((t, i) => ({
          name: `track ${i}`,
          stem: 'keys',
          program: t.program,
          channel: t.channel,
          notes: t.notes.map((n) => note(n.tick, n.duration, n.pitch, n.velocity)),
          controls: [],
        })),
        markers: [],
        endTick: ticks(48 * PPQ),
      };
      const s = readMidiSummary(writeMidi(score));
      assert.equal(s.tracks.length, tracks.length);
      for (const [i, t] of score.tracks.entries()) {
        assert.equal(s.tracks[i].name, t.name);
        assert.equal(s.tracks[i].channel, t.channel);
        assert.equal(s.tracks[i].program, t.program);
        const want = prepareTrackNotes(t.notes);
        assert.deepEqual(s.tracks[i].notes, want);
        // Without same-pitch overlaps the written notes are exactly the input notes.
        const sorted = [...t.notes].sort((a, b) => a.pitch - b.pitch || a.tick - b.tick);
        const overlaps = sorted.some((n, k) => k > 0 && sorted[k - 1].pitch === n.pitch && sorted[k - 1].tick + sorted[k - 1].duration > n.tick);
        if (!overlaps) {
          const input = t.notes.map((n) => ({ tick: n.tick, duration: n.duration, pitch: n.pitch, velocity: n.velocity }));
          input.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
          assert.deepEqual(s.tracks[i].notes, input);
        }
      }
    }),
    { numRuns: 100 },
  );
});
