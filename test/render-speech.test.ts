/**
 * Speech detection for ducking: the learned detector (Silero VAD, default) must find
 * espeak-ng speech laid over music and must not read music alone as speech; the classical
 * band-energy detector is kept as a fallback and is shown to be fooled by the same music.
 * On Sintel's trailer (music-heavy) Silero's speech must sit on the subtitled lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { detectSpeech, detectSpeechWith, parseVad } from '../src/analysis/audio/speech.js';
import { detectSpeechSilero, segmentsFromProbabilities, sileroSpeechProbabilities, vadLevellingGain } from '../src/analysis/audio/silero-vad.js';
import type { SpeechSegment } from '../src/model/artifacts.js';
import { UserInputError } from '../src/model/errors.js';
import { decodeAudio, espeak, hasEspeak, musicLike, tempDir } from './support/audio-fixtures.js';

const RATE = 16000;
const sintel = path.resolve('../shared/media/sintel-trailer.mp4');

/** Seconds of `segs` inside [a, b). */
function overlap(segs: readonly SpeechSegment[], a: number, b: number): number {
  let s = 0;
  for (const g of segs) s += Math.max(0, Math.min(b, g.end) - Math.max(a, g.start));
  return s;
}

test('Silero finds speech over music and leaves music alone; the classical detector hears the music as speech', { skip: hasEspeak() ? false : 'espeak-ng not installed' }, async () => {
  const dir = tempDir();
  try {
    // 0–5 s music; 5 s on: speech over the same music (music 12 dB under the speech peak); then music to 16 s.
    const speech = espeak('The bridge is out. We have to turn back before the storm reaches the valley, do you understand me?', dir, RATE, 0.5);
    const total = 16 * RATE;
    const x = musicLike(16, RATE, 0.12);
    const s0 = 5 * RATE;
    for (let i = 0; i < speech.length && s0 + i < total; i++) x[s0 + i] += speech[i]!;
    const speechStart = 5, speechEnd = 5 + speech.length / RATE;
    assert.ok(speechEnd < 14, `speech fits (${speechEnd.toFixed(2)} s)`);

    const silero = await detectSpeechSilero(x);
    const classical = detectSpeech(x, RATE);
    const speechLen = speechEnd - speechStart;
    const musicLen = 16 - speechLen;
    const sileroHit = overlap(silero, speechStart, speechEnd) / speechLen;
    const sileroFalse = (overlap(silero, 0, speechStart - 0.3) + overlap(silero, speechEnd + 0.3, 16)) / musicLen;
    const classicalFalse = (overlap(classical, 0, speechStart - 0.3) + overlap(classical, speechEnd + 0.3, 16)) / musicLen;
    assert.ok(sileroHit >= 0.7, `Silero covers ${(sileroHit * 100).toFixed(0)}% of the speech`);
    assert.ok(sileroFalse <= 0.1, `Silero marks ${(sileroFalse * 100).toFixed(0)}% of music-only time as speech`);
    assert.ok(classicalFalse > sileroFalse + 0.3, `classical marks ${(classicalFalse * 100).toFixed(0)}% of music as speech, Silero ${(sileroFalse * 100).toFixed(0)}%`);

    // The dispatcher: silero by default, classical on request.
    assert.deepEqual(await detectSpeechWith('classical', x), classical);
    assert.deepEqual(await detectSpeechWith(parseVad(undefined), x), silero);
    assert.throws(() => parseVad('webrtc'), (e: unknown) => e instanceof UserInputError && /--vad/.test(e.message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('levelling before Silero: quiet audio is raised (at most 30 dB), loud audio and silence are left alone', { skip: hasEspeak() ? false : 'espeak-ng not installed' }, async () => {
  const dir = tempDir();
  try {
    const speech = espeak('Get the car. We are leaving tonight, and nobody follows us.', dir, RATE, 0.5);
    const x = new Float32Array(9 * RATE);
    const s0 = 2 * RATE, quiet = Math.pow(10, -30 / 20);
    for (let i = 0; i < speech.length && s0 + i < x.length; i++) x[s0 + i] = speech[i]! * quiet;
    const a = 2, b = 2 + speech.length / RATE;
    const gainDb = 20 * Math.log10(vadLevellingGain(x, RATE));
    assert.ok(gainDb > 20 && gainDb <= 30 + 1e-9, `levelling gain ${gainDb.toFixed(1)} dB`);
    const segs = await detectSpeechSilero(x);
    const hit = overlap(segs, a, b) / (b - a);
    const outside = overlap(segs, 0, a - 0.3) + overlap(segs, b + 0.3, 9);
    assert.ok(hit >= 0.7 && outside <= 0.3, `levelled Silero covers ${(hit * 100).toFixed(0)}% of the quiet speech, ${outside.toFixed(2)} s outside`);
    // loud parts at or above the levelling target: gain 1; silence: gain 1
    const tone = Float32Array.from({ length: 2 * RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / RATE)); // RMS −9 dBFS
    assert.equal(vadLevellingGain(tone, RATE), 1);
    assert.equal(vadLevellingGain(new Float32Array(RATE), RATE), 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const hgf = path.resolve('../shared/media/his-girl-friday.mp4');
test('His Girl Friday (a quiet 1940 track, −31 LUFS): levelled Silero hears its dialogue, unlevelled it hears none', { skip: fs.existsSync(hgf) ? false : `no ${hgf}` }, async () => {
  const mono = decodeAudio(hgf, RATE, 1)[0]!;
  const raw = (await sileroSpeechProbabilities(mono)).filter((p) => p >= 0.5).length;
  const segs = await detectSpeechSilero(mono);
  // the subtitles run 0–6.0 s of continuous dialogue
  const covered = overlap(segs, 0, 6) / 6;
  console.log(`HGF: unlevelled ${raw} frames ≥ 0.5; levelled +${(20 * Math.log10(vadLevellingGain(mono, RATE))).toFixed(1)} dB: ${JSON.stringify(segs)} covers ${(covered * 100).toFixed(0)}% of the subtitled 0–6 s`);
  assert.equal(raw, 0);
  assert.ok(covered >= 0.6, `covers ${(covered * 100).toFixed(0)}%`);
});

test('Silero on pure music and on silence finds no speech', async () => {
  assert.deepEqual(await detectSpeechSilero(musicLike(8, RATE, 0.3)), []);
  assert.deepEqual(await detectSpeechSilero(new Float32Array(4 * RATE)), []);
});

test('segments from probabilities: hysteresis, merging, minimum length and padding', () => {
  const f = 0.032;
  const p = new Float32Array(100);
  p.fill(0.9, 10, 30); // 0.64 s of speech
  p.fill(0.4, 30, 33); // between thresholds: still speech
  p.fill(0.9, 38, 50); // gap of 5 frames = 0.16 s < 0.3 s: merged
  p.fill(0.9, 80, 82); // 0.064 s: too short, dropped
  const segs = segmentsFromProbabilities(p, f, 100 * f);
  assert.equal(segs.length, 1);
  assert.ok(Math.abs(segs[0]!.start - (10 * f - 0.05)) < 1e-3);
  assert.ok(Math.abs(segs[0]!.end - (50 * f + 0.05)) < 1e-3);
});

test('Sintel trailer: Silero speech lies on the subtitled lines; the classical detector marks most of the music', { skip: fs.existsSync(sintel) ? false : `no ${sintel}` }, async () => {
  const mono = decodeAudio(sintel, RATE, 1)[0]!;
  const lines: [number, number][] = [[12, 15], [18.5, 20.5], [36.5, 39], [41.5, 44]];
  const silero = await detectSpeechSilero(mono);
  const classical = detectSpeech(mono, RATE);
  const total = (s: readonly SpeechSegment[]): number => s.reduce((a, g) => a + g.end - g.start, 0);
  const onLines = (s: readonly SpeechSegment[]): number => lines.reduce((a, [x, y]) => a + overlap(s, x - 0.5, y + 0.5), 0);
  const lineTime = lines.reduce((a, [x, y]) => a + y - x, 0);
  assert.ok(onLines(silero) >= 0.7 * lineTime, `Silero covers ${onLines(silero).toFixed(1)} of ${lineTime} s of subtitled lines`);
  assert.ok(onLines(silero) >= 0.75 * total(silero), `Silero: ${onLines(silero).toFixed(1)} of ${total(silero).toFixed(1)} s on the lines`);
  assert.ok(total(classical) > 3 * total(silero), `classical ${total(classical).toFixed(1)} s vs Silero ${total(silero).toFixed(1)} s`);
});
