/**
 * Placing untimed script lines on the timeline: DTW alignment to detected speech (eq. 7) on
 * speech made with espeak-ng (lines spoken with known gaps, so the true starts are known),
 * on synthetic speech segments, and the layout by length when the video has no speech.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { placeLines, speakingTime } from '../src/analysis/text/place-lines.js';
import { detectSpeech } from '../src/analysis/audio/speech.js';
import type { ScriptLine, SpeechSegment } from '../src/model/artifacts.js';
import { seconds } from '../src/model/units.js';

const haveTools = spawnSync('espeak-ng', ['--version']).status === 0 && spawnSync('sox', ['--version']).status === 0;
const skipTools = haveTools ? false : 'espeak-ng or sox is not installed';

const seg = (start: number, end: number): SpeechSegment => ({ start: seconds(start), end: seconds(end) });
const dl = (text: string, speaker = 'ANNA'): ScriptLine => ({ text, speaker, kind: 'dialogue' });
const act = (text: string): ScriptLine => ({ text, kind: 'action' });

/** Speaks `text` with espeak-ng and returns 16 kHz mono float samples. */
function speak(dir: string, text: string, k: number, wpm: number): Float32Array {
  const wav = path.join(dir, `l${k}.wav`);
  const raw = path.join(dir, `l${k}.f32`);
  execFileSync('espeak-ng', ['-v', k % 2 ? 'en-us' : 'en', '-s', String(wpm), '-w', wav, text]);
  execFileSync('sox', [wav, '-r', '16000', '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', raw]);
  const b = fs.readFileSync(raw);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

const DIALOGUE = [
  'Where have you been all night?',
  'Out.',
  'Out where? I called you eleven times and you never picked up the phone.',
  'I was at the station, waiting for the last train.',
  'Liar.',
  'Believe what you want. I am going to bed.',
];

for (const wpm of [165, 120]) test(`DTW: espeak-ng lines (${wpm} words/min) with known gaps are placed within 0.3 s of their true starts`, { skip: skipTools }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-align-'));
  try {
    const rate = 16000;
    const gaps = [1.5, 0.9, 1.4, 0.7, 1.2, 1.0]; // silence before each line
    const clips = DIALOGUE.map((t, k) => speak(dir, t, k, wpm));
    const truth: number[] = [];
    const parts: Float32Array[] = [];
    let at = 0;
    clips.forEach((c, k) => {
      parts.push(new Float32Array(Math.round(gaps[k]! * rate)));
      at += gaps[k]!;
      const onset = c.findIndex((x) => Math.abs(x) > 0.01);
      truth.push(at + onset / rate);
      parts.push(c);
      at += c.length / rate;
    });
    parts.push(new Float32Array(2 * rate));
    const total = parts.reduce((s, p) => s + p.length, 0);
    const mono = new Float32Array(total);
    let o = 0;
    let seed = 12345;
    for (const p of parts) {
      mono.set(p, o);
      o += p.length;
    }
    for (let i = 0; i < total; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      mono[i]! += ((seed / 2 ** 32) - 0.5) * 0.002; // a faint room-noise floor
    }
    const duration = total / rate;
    const speech = detectSpeech(mono, rate);
    const script: ScriptLine[] = [
      { text: 'INT. KITCHEN - NIGHT', kind: 'heading', scene: 1 },
      act('The door opens. Anna waits at the table.'),
      dl(DIALOGUE[0]!),
      dl(DIALOGUE[1]!, 'MARCO'),
      { text: 'angry', speaker: 'ANNA', kind: 'parenthetical' },
      dl(DIALOGUE[2]!),
      dl(DIALOGUE[3]!, 'MARCO'),
      dl(DIALOGUE[4]!),
      act('He shrugs.'),
      dl(DIALOGUE[5]!, 'MARCO'),
    ];
    const placed = placeLines(script, speech, duration);
    assert.equal(placed.method, 'dtw');
    const spoken = placed.lines.filter((l) => l.kind === 'dialogue');
    const errors = spoken.map((l, k) => l.start - truth[k]!);
    console.log(`DTW on espeak-ng speech at ${wpm} wpm: ${speech.length} segments detected; start errors (s) ${errors.map((e) => e.toFixed(2)).join(' ')}; confidence ${placed.confidence}`);
    for (const [k, e] of errors.entries()) assert.ok(Math.abs(e) <= 0.3, `line ${k} "${DIALOGUE[k]}" starts ${spoken[k]!.start}, truth ${truth[k]!.toFixed(2)}`);
    assert.ok(placed.confidence >= 0.6, `confidence ${placed.confidence}`);
    // non-spoken lines sit in order around the speech, inside the video
    const starts = placed.lines.map((l) => l.start);
    for (let k = 1; k < starts.length; k++) assert.ok(starts[k]! >= starts[k - 1]! - 1e-9, `order at ${k}`);
    assert.ok(placed.lines[1]!.end <= spoken[0]!.start + 1e-9, 'the opening action comes before the first line');
    assert.deepEqual([placed.lines[4]!.start, placed.lines[4]!.end], [placed.lines[5]!.start, placed.lines[5]!.end], 'parenthetical takes its speech window');
    for (const l of placed.lines) assert.ok(l.start >= 0 && l.end <= duration + 1e-9 && l.end > l.start);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DTW: a line spoken with a pause inside and two lines run together still align', () => {
  // truth: line0 4.0–5.0 | line1 6.0–7.0 and 7.6–9.0 (pause inside) | line2+line3 run together 10.0–10.4, 10.45–13.0
  const lines = [dl('Hello there, friend.'), dl('I waited for you. All day, every day.'), dl('Why?'), dl('Because you said you would come back to me.')];
  const speech = [seg(4, 5), seg(6, 7), seg(7.6, 9), seg(10, 13)];
  const p = placeLines(lines, speech, 15);
  assert.equal(p.method, 'dtw');
  const starts = p.lines.map((l) => l.start);
  const truth = [4, 6, 10, 10.45];
  starts.forEach((s, k) => assert.ok(Math.abs(s - truth[k]!) <= (k === 3 ? 0.3 : 0.15), `line ${k}: ${s} vs ${truth[k]}`));
  assert.ok(p.lines[1]!.end >= 8.8, `line 1 spans its pause: ends ${p.lines[1]!.end}`);
});

test('DTW: dual dialogue is one spoken window for both lines', () => {
  const lines: ScriptLine[] = [dl('First line here.'), { ...dl('Screw retirement.', 'BRICK'), dual: true }, { ...dl('Screw retirement.', 'STEEL'), dual: true }, dl('Last line.')];
  const p = placeLines(lines, [seg(1, 2.2), seg(3, 4.3), seg(5, 5.8)], 7);
  assert.deepEqual([p.lines[1]!.start, p.lines[1]!.end], [p.lines[2]!.start, p.lines[2]!.end]);
  assert.ok(Math.abs(p.lines[1]!.start - 3) <= 0.15 && Math.abs(p.lines[3]!.start - 5) <= 0.15, JSON.stringify(p.lines.map((l) => l.start)));
});

test('no speech: lines are laid out by scene and length over the video, confidence low', () => {
  const lines: ScriptLine[] = [{ text: 'EXT. ROAD - DAY', kind: 'heading', scene: 1 }, act('A car speeds past.'), dl('We have to go. Now.'), { text: 'INT. CAR - DAY', kind: 'heading', scene: 2 }, dl('Faster!')];
  const p = placeLines(lines, [], 30);
  assert.equal(p.method, 'layout');
  assert.equal(p.confidence, 0.2);
  assert.equal(p.lines[0]!.start, 0);
  assert.ok(Math.abs(p.lines[4]!.end - 30) < 1e-6);
  for (let k = 1; k < p.lines.length; k++) assert.ok(Math.abs(p.lines[k]!.start - p.lines[k - 1]!.end) < 1e-6, 'lines tile the video');
  // the longer line gets more time
  assert.ok(p.lines[2]!.end - p.lines[2]!.start > p.lines[4]!.end - p.lines[4]!.start);
});

test('subtitles keep their own times', () => {
  const lines: ScriptLine[] = [{ start: seconds(1), end: seconds(2), text: 'a', kind: 'dialogue' }];
  const p = placeLines(lines, [seg(5, 6)], 10);
  assert.equal(p.method, 'timed');
  assert.equal(p.confidence, 1);
  assert.deepEqual([p.lines[0]!.start, p.lines[0]!.end], [1, 2]);
});

test('property: placements are ordered, inside the video and deterministic for any speech', () => {
  const segs = fc.array(fc.tuple(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true })), { maxLength: 12 }).map((a) =>
    a.map(([s, d]) => seg(s, Math.min(60, s + d))).sort((x, y) => x.start - y.start),
  );
  const texts = fc.array(fc.tuple(fc.constantFrom<ScriptLine['kind']>('dialogue', 'action', 'parenthetical', 'heading'), fc.string({ minLength: 1, maxLength: 60 })), { minLength: 1, maxLength: 15 });
  fc.assert(
    fc.property(segs, texts, (speech, ts) => {
      const lines: ScriptLine[] = ts.map(([kind, text]) => ({ kind, text }));
      const a = placeLines(lines, speech, 60);
      assert.deepEqual(placeLines(lines, speech, 60), a);
      assert.ok(a.confidence >= 0 && a.confidence <= 1);
      for (const l of a.lines) assert.ok(l.start >= 0 && l.end <= 60 + 1e-9 && l.end >= l.start, JSON.stringify(l));
      const dialogue = a.lines.filter((l) => l.kind === 'dialogue');
      for (let k = 1; k < dialogue.length; k++) assert.ok(dialogue[k]!.start >= dialogue[k - 1]!.start - 1e-9);
    }),
    { numRuns: 60 },
  );
  assert.ok(speakingTime('Hi.') >= 0.4);
});
