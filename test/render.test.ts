/**
 * Renderer, mixer, loudness and WAV delivery: real audio rendered and measured,
 * real files read back by ffprobe and measured by ffmpeg's ebur128 filter.
 */
import { ffmpegEbur128, ffmpegEbur128Series, tool } from './support/audio-fixtures.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { decodeWav, encodeWav24 } from '../src/deliver/wav.js';
import { writeFileAtomic } from '../src/deliver/atomic-write.js';
import {
  parseSoundBank,
  readSoundBankFile,
  renderScoreStems,
  tickToSecondsFunction,
  type LoadedSoundBank,
} from '../src/render/soundfont.js';
import { duckingGainCurve, limitTruePeak, mixStemsDetailed } from '../src/render/mix.js';
import { kWeightingFilters, measureLoudness, oversampledPeakEnvelope, TRUE_PEAK_PHASES, truePeakLinear, truePeakLinearByEnvelope, truePeakUpperBound } from '../src/render/loudness.js';
import type { Score, StemName, TempoPoint } from '../src/model/artifacts.js';
import { UserInputError } from '../src/model/errors.js';
import { createRng } from '../src/util/rng.js';

const SR = 48000;
const LSB = 1 / 8388608;

// ------------------------------------------------------------------ helpers


function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-render-'));
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

function peak(x: Float32Array): number {
  let p = 0;
  for (let i = 0; i < x.length; i++) p = Math.max(p, Math.abs(x[i]!));
  return p;
}

function maxJump(x: Float32Array): number {
  let j = 0;
  for (let i = 1; i < x.length; i++) j = Math.max(j, Math.abs(x[i]! - x[i - 1]!));
  return j;
}

/** First sample whose smoothed (1 ms) absolute level exceeds `rel` × the stem's smoothed peak. */
function onsetSample(x: Float32Array, rel = 0.1): number {
  const w = Math.round(0.001 * SR);
  const env = new Float32Array(x.length);
  let acc = 0;
  for (let i = 0; i < x.length; i++) {
    acc += Math.abs(x[i]!);
    if (i >= w) acc -= Math.abs(x[i - w]!);
    env[i] = acc / w;
  }
  const top = peak(env);
  for (let i = 0; i < env.length; i++) if (env[i]! > rel * top) return i - Math.floor(w / 2);
  return -1;
}

/** Raised-cosine fade-in and fade-out over `n` samples, in place. */
function fadeEdges(x: Float32Array, n: number): void {
  for (let i = 0; i < n && i < x.length; i++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / n);
    x[i] *= g;
    x[x.length - 1 - i] *= g;
  }
}

function sine(freq: number, dbfs: number, seconds: number, phase = 0): Float32Array {
  const a = Math.pow(10, dbfs / 20);
  const n = Math.round(seconds * SR);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = a * Math.sin((2 * Math.PI * freq * i) / SR + phase);
  return x;
}

function whiteNoise(seed: number, seconds: number, amp: number): Float32Array {
  const rng = createRng(seed);
  const x = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < x.length; i++) x[i] = amp * (2 * rng.next() - 1);
  return x;
}

/** Pink noise by Paul Kellet's economy filter on seeded white noise. */
function pinkNoise(seed: number, seconds: number, amp: number): Float32Array {
  const w = whiteNoise(seed, seconds, 1);
  let b0 = 0,
    b1 = 0,
    b2 = 0;
  const x = new Float32Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const v = w[i]!;
    b0 = 0.99765 * b0 + v * 0.099046;
    b1 = 0.963 * b1 + v * 0.2965164;
    b2 = 0.57 * b2 + v * 1.0526913;
    x[i] = amp * 0.25 * (b0 + b1 + b2 + v * 0.1848);
  }
  return x;
}

/** A stereo music-like signal: chords with envelopes, a bass line, a quiet passage, a silence. */
function musicLike(seconds: number): Float32Array[] {
  const n = Math.round(seconds * SR);
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  const chords = [
    [220, 277.18, 329.63],
    [196, 246.94, 293.66],
    [174.61, 220, 261.63],
    [164.81, 207.65, 246.94],
  ];
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const bar = Math.floor(t / 1.5);
    const local = t - bar * 1.5;
    const env = Math.exp(-local * 1.5) * (bar % 5 === 3 ? 0.05 : 1) * (t > seconds - 2 ? 0 : 1);
    const ch = chords[bar % chords.length]!;
    let sL = 0,
      sR = 0;
    ch.forEach((f, k) => {
      const v = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t) + 0.1 * Math.sin(6 * Math.PI * f * t);
      sL += v * (k === 0 ? 0.8 : 0.5);
      sR += v * (k === 2 ? 0.8 : 0.5);
    });
    const bass = 0.6 * Math.sin(2 * Math.PI * (ch[0]! / 4) * t);
    l[i] = 0.12 * env * (sL + bass);
    r[i] = 0.12 * env * (sR + bass);
  }
  return [l, r];
}

let bankPromise: Promise<LoadedSoundBank> | undefined;
const defaultBank = (): Promise<LoadedSoundBank> => (bankPromise ??= readSoundBankFile());

// ------------------------------------------------------------------ WAV

test('24-bit WAV round trip is exact within 1 LSB and clamps out-of-range samples', () => {
  const rng = createRng(7);
  const n = 4000;
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    l[i] = 2 * rng.next() - 1;
    r[i] = 0.001 * (2 * rng.next() - 1);
  }
  l[0] = 1.5;
  l[1] = -3;
  l[2] = 1;
  r[0] = Number.NaN;
  const wav = decodeWav(encodeWav24([l, r], SR));
  assert.equal(wav.sampleRate, SR);
  assert.equal(wav.bitsPerSample, 24);
  assert.equal(wav.channels.length, 2);
  assert.equal(wav.channels[0]!.length, n);
  assert.equal(wav.channels[0]![0], 1 - LSB);
  assert.equal(wav.channels[0]![1], -1);
  assert.equal(wav.channels[0]![2], 1 - LSB);
  assert.equal(wav.channels[1]![0], 0);
  for (let i = 3; i < n; i++) {
    assert.ok(Math.abs(wav.channels[0]![i]! - l[i]!) <= LSB, `left sample ${i}`);
    assert.ok(Math.abs(wav.channels[1]![i]! - r[i]!) <= LSB, `right sample ${i}`);
  }
});

test('TPDF dither is seeded: identical bytes twice, error within 1.5 LSB, mean error ~0', () => {
  const x = sine(997, -30, 0.2);
  const a = encodeWav24([x], SR, { dither: 'tpdf', ditherSeed: 3 });
  const b = encodeWav24([x], SR, { dither: 'tpdf', ditherSeed: 3 });
  assert.ok(a.equals(b));
  const y = decodeWav(a).channels[0]!;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const e = y[i]! - x[i]!;
    assert.ok(Math.abs(e) <= 1.5 * LSB);
    sum += e;
  }
  assert.ok(Math.abs(sum / x.length) < 0.05 * LSB);
});

test('bext TimeReference and description read back, including values above 2^32', () => {
  const tref = 2 ** 32 + 12345;
  const wav = decodeWav(encodeWav24([new Float32Array(10)], SR, { timeReferenceSamples: tref, description: 'cue 1M1' }));
  assert.equal(wav.timeReference, tref);
  assert.equal(wav.description, 'cue 1M1');
  const ten = 10 * 3600 * SR;
  assert.equal(decodeWav(encodeWav24([new Float32Array(3)], SR, { timeReferenceSamples: ten })).timeReference, ten);
});

test('ffprobe reads our Broadcast Wave as pcm_s24le 48 kHz stereo with the exact length; atomic write leaves no temp files', () => {
  const dir = tempDir();
  try {
    const n = 12345;
    const file = path.join(dir, 'stem.wav');
    writeFileAtomic(file, encodeWav24([sine(440, -6, n / SR), sine(660, -6, n / SR)], SR, { timeReferenceSamples: 48000 }));
    assert.deepEqual(fs.readdirSync(dir), ['stem.wav']);
    const probe = JSON.parse(
      execFileSync(tool('ffprobe'), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' }),
    ) as { streams: Record<string, unknown>[]; format: { tags?: Record<string, string> } };
    const s = probe.streams[0]!;
    assert.equal(s.codec_name, 'pcm_s24le');
    assert.equal(s.sample_rate, '48000');
    assert.equal(s.channels, 2);
    assert.equal(Number(s.duration_ts), n);
    if (probe.format.tags?.time_reference !== undefined) assert.equal(probe.format.tags.time_reference, '48000');
    // decodeWav reads ffmpeg's own 16-bit and float output too.
    for (const [codec, bits] of [
      ['pcm_s16le', 16],
      ['pcm_f32le', 32],
    ] as const) {
      const other = path.join(dir, `${codec}.wav`);
      execFileSync(tool('ffmpeg'), ['-v', 'error', '-y', '-i', file, '-c:a', codec, other]);
      const d = decodeWav(fs.readFileSync(other));
      assert.equal(d.bitsPerSample, bits);
      assert.equal(d.channels[0]!.length, n);
      assert.ok(Math.abs(rms(d.channels[0]!) - 0.5 / Math.SQRT2) < 0.002);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeFileAtomic replaces a file whole and removes its temp file on error', () => {
  const dir = tempDir();
  try {
    const f = path.join(dir, 'a.json');
    writeFileAtomic(f, 'old');
    writeFileAtomic(f, '{"new":true}');
    assert.equal(fs.readFileSync(f, 'utf8'), '{"new":true}');
    // Renaming onto a non-empty directory fails after the temp file was written.
    const blocker = path.join(dir, 'blocker');
    fs.mkdirSync(blocker);
    fs.writeFileSync(path.join(blocker, 'x'), 'x');
    assert.throws(() => writeFileAtomic(blocker, 'data'));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.json', 'blocker']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ tempo maps

const tempoPoint = (tick: number, bpmValue: number): TempoPoint =>
  ({ t: 0, tick, bpm: bpmValue, usPerQuarter: Math.round(60e6 / bpmValue) }) as unknown as TempoPoint;

test('tick → seconds: constant tempo is linear, and a tempo map is monotonic and additive (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ tick: fc.integer({ min: 1, max: 100000 }), bpm: fc.integer({ min: 30, max: 240 }) }), { maxLength: 6 }),
      fc.integer({ min: 30, max: 240 }),
      fc.integer({ min: 0, max: 200000 }),
      fc.integer({ min: 0, max: 5000 }),
      (rest, firstBpm, tick, delta) => {
        const map = [tempoPoint(0, firstBpm), ...rest.map((p) => tempoPoint(p.tick, p.bpm))];
        const f = tickToSecondsFunction(map, 960);
        assert.ok(f(tick + delta) >= f(tick));
        // Beyond the last point, seconds grow at that point's tempo.
        const last = [...map].sort((a, b) => a.tick - b.tick).at(-1)!;
        const base = Math.max(tick, last.tick);
        const expected = f(base) + (delta * last.usPerQuarter) / 960e6;
        assert.ok(Math.abs(f(base + delta) - expected) < 1e-9);
      },
    ),
  );
  const f = tickToSecondsFunction([tempoPoint(0, 120)], 960);
  assert.equal(f(960 * 4), 2);
});

// ------------------------------------------------------------------ SoundFont rendering

test('renders a two-stem score to exact-length, non-silent stems with the hit on time', async () => {
  const bank = await defaultBank();
  // 120 bpm for two beats, then 90 bpm: the snare at beat 4 (tick 2880) falls at 1.0 + 0.6667 s.
  const score: Score = {
    ppq: 960,
    tempoMap: [tempoPoint(0, 120), tempoPoint(1920, 90)],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: 3840 as Score['endTick'],
    tracks: [
      {
        name: 'Piano',
        stem: 'keys',
        program: 0,
        channel: 0,
        notes: [{ tick: 0, duration: 960, pitch: 60, velocity: 100 }] as unknown as Score['tracks'][number]['notes'],
        controls: [],
      },
      {
        name: 'Drums',
        stem: 'percussion',
        program: 0,
        channel: 9,
        notes: [{ tick: 2880, duration: 240, pitch: 38, velocity: 120 }] as unknown as Score['tracks'][number]['notes'],
        controls: [],
      },
    ],
  };
  const hitT = 1 + 60 / 90;
  const length = Math.round(2.5 * SR) + 17;
  const r = renderScoreStems(score, length, bank);
  assert.deepEqual([...r.stems.keys()].sort(), ['keys', 'percussion']);
  for (const [name, pair] of r.stems) {
    assert.equal(pair.length, 2);
    for (const ch of pair) assert.equal(ch.length, length, `${name} length`);
    assert.ok(rms(pair[0]!) > 1e-4, `${name} is not silent`);
  }
  assert.equal(r.effectsReturn[0]!.length, length);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.level === 'warning'),
    [],
  );
  const perc = r.stems.get('percussion')!;
  const mono = new Float32Array(length);
  for (let i = 0; i < length; i++) mono[i] = Math.abs(perc[0]![i]!) + Math.abs(perc[1]![i]!);
  const onset = onsetSample(mono) / SR;
  assert.ok(Math.abs(onset - hitT) <= 0.01, `snare onset ${onset.toFixed(4)} s vs planned ${hitT.toFixed(4)} s`);
  // Nothing in the percussion stem before the hit.
  assert.ok(peak(perc[0]!.subarray(0, Math.round((hitT - 0.01) * SR))) < 1e-4);
  const keys = r.stems.get('keys')!;
  const keysOnset = onsetSample(keys[0]!) / SR;
  assert.ok(keysOnset >= 0 && keysOnset <= 0.01, `piano onset ${keysOnset}`);
  // Notes past the end are dropped and counted; the end is faded to silence.
  const short = renderScoreStems(score, Math.round(1.2 * SR), bank, { effects: 'none' });
  assert.equal(short.droppedNotes, 1);
  assert.ok(short.stems.get('keys')![0]!.at(-1) === 0);
});

test('a missing program falls back and is reported; a file that is not a SoundFont is a UserInputError', async () => {
  const bank = await defaultBank();
  const kits = new Set(bank.bank.presets.filter((p) => p.isDrum).map((p) => p.program));
  const missingKit = [...Array(128).keys()].find((p) => !kits.has(p));
  assert.ok(missingKit !== undefined);
  const score: Score = {
    ppq: 960,
    tempoMap: [tempoPoint(0, 120)],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: 960 as Score['endTick'],
    tracks: [
      {
        name: 'Odd kit',
        stem: 'percussion',
        program: missingKit,
        channel: 9,
        notes: [{ tick: 0, duration: 240, pitch: 36, velocity: 100 }] as unknown as Score['tracks'][number]['notes'],
        controls: [],
      },
    ],
  };
  const r = renderScoreStems(score, SR / 2, bank, { effects: 'none' });
  assert.equal(r.diagnostics.filter((d) => d.level === 'warning').length, 1);
  assert.match(r.diagnostics[0]!.message, /Odd kit/);
  assert.ok(rms(r.stems.get('percussion')![0]!) > 1e-4, 'fallback kit still plays');

  const dir = tempDir();
  try {
    const bogus = path.join(dir, 'not-a-font.sf2');
    fs.writeFileSync(bogus, 'hello, I am text');
    await assert.rejects(readSoundBankFile(bogus), (e: unknown) => e instanceof UserInputError && e.message.includes('not-a-font.sf2'));
    await assert.rejects(parseSoundBank(new Uint8Array(4), 'x.sf3'), UserInputError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ ducking and mix

test('ducking: a constant tone is ≥ 10 dB lower under speech, holds through short gaps, and never clicks', () => {
  const n = 8 * SR;
  const tone = sine(440, -12, 8);
  const speech = [
    { start: 2, end: 3 },
    { start: 3.3, end: 4 }, // 0.3 s gap: held
    { start: 6, end: 6.5 }, // 2 s later: released in between
  ] as unknown as { start: never; end: never }[];
  const g = duckingGainCurve(speech, n, SR);
  const ducked = tone.map((v, i) => v * g[i]!);
  const db = (a: number, b: number): number => 20 * Math.log10(a / b);
  const inside = rms(ducked, 2.1 * SR, 3.9 * SR);
  const outside = rms(ducked, 0.2 * SR, 1.5 * SR);
  assert.ok(db(outside, inside) >= 10, `ducked by ${db(outside, inside).toFixed(1)} dB`);
  // Held through the 0.3 s gap: gain at 3.15 s is full depth.
  assert.ok(Math.abs(20 * Math.log10(g[Math.round(3.15 * SR)]!) + 12) < 0.01);
  // Recovered between 4 s + release and 6 s − lookahead.
  assert.ok(g[Math.round(5.2 * SR)]! > 0.999);
  // Ready before the line: full depth at speech start (look-ahead ≥ attack).
  assert.ok(Math.abs(20 * Math.log10(g[2 * SR]!) + 12) < 0.01);
  // No clicks: the gain moves less than 0.001 per sample, and the ducked tone never jumps
  // more than the undisturbed tone does (plus 0.001).
  assert.ok(maxJump(g) < 0.001, `gain step ${maxJump(g)}`);
  assert.ok(maxJump(ducked) <= maxJump(tone) + 0.001);
  // Every ramp lasts at least 10 ms even when asked for less.
  const fast = duckingGainCurve(speech, n, SR, { attack: 0, release: 0, lookahead: 0 });
  // Steepest point of a 10 ms raised-cosine ramp of 12 dB: (ln 10 / 20) · 12 · π / (2 · 480) per sample.
  const steepest = ((Math.LN10 / 20) * 12 * Math.PI) / (2 * 0.01 * SR);
  assert.ok(maxJump(fast) <= steepest + 1e-6, `fast gain step ${maxJump(fast)} vs ${steepest}`);
});

test('mix: stems sum, duck under speech, sit at the loudness target and stay under −1 dBTP', () => {
  const secs = 8;
  const stems = new Map<StemName, Float32Array[]>([
    ['strings', musicLike(secs)],
    ['percussion', [whiteNoise(5, secs, 0.05), whiteNoise(6, secs, 0.05)]],
  ]);
  const speech = [{ start: 3, end: 5 }] as unknown as { start: never; end: never }[];
  const m = mixStemsDetailed(stems, { speech, targetLufs: -16 });
  assert.equal(m.mix.length, 2);
  assert.equal(m.mix[0]!.length, secs * SR);
  assert.ok(m.loudness.truePeak <= -1, `mix true peak ${m.loudness.truePeak}`);
  const un = measureLoudness(m.unducked, SR);
  assert.ok(un.truePeak <= -1);
  assert.ok(Math.abs(un.integrated - -16) < 1, `unducked ${un.integrated} LUFS`);
  const inside = rms(m.mix[0]!, 3.2 * SR, 4.8 * SR) / rms(m.unducked[0]!, 3.2 * SR, 4.8 * SR);
  assert.ok(Math.abs(20 * Math.log10(inside) + 12) < 1.5, `ducked by ${(20 * Math.log10(inside)).toFixed(2)} dB`);
});

test('limiter keeps a hot signal at or below −1 dBTP (our meter and ffmpeg agree)', () => {
  // A square-ish wave near Nyquist/4 plus noise, driven 6 dB over full scale: intersample overs.
  const n = 3 * SR;
  const l = new Float32Array(n);
  const r = new Float32Array(n);
  const noise = whiteNoise(11, 3, 0.5);
  for (let i = 0; i < n; i++) {
    const sq = Math.sign(Math.sin((2 * Math.PI * 5000 * i) / SR + 0.3));
    l[i] = 2 * sq * (i % SR < SR / 2 ? 1 : 0.2);
    r[i] = 1.5 * noise[i]! + 0.5 * Math.sin((2 * Math.PI * 11000 * i) / SR);
  }
  assert.ok(measureLoudness([l, r], SR).truePeak > 6);
  limitTruePeak([l, r], SR, -1);
  const ours = measureLoudness([l, r], SR);
  assert.ok(ours.truePeak <= -1, `true peak ${ours.truePeak}`);
  const dir = tempDir();
  try {
    const f = path.join(dir, 'limited.wav');
    writeFileAtomic(f, encodeWav24([l, r], SR));
    const ff = ffmpegEbur128(f);
    assert.ok(ff.truePeak <= -1 + 0.3, `ffmpeg true peak ${ff.truePeak}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ------------------------------------------------------------------ loudness vs ffmpeg

test('K-weighting at 48 kHz equals the BS.1770-4 tabulated coefficients', () => {
  const [shelf, hp] = kWeightingFilters(48000);
  const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-8;
  assert.ok(close(shelf.b0, 1.53512485958697) && close(shelf.b1, -2.69169618940638) && close(shelf.b2, 1.19839281085285));
  assert.ok(close(shelf.a1, -1.69065929318241) && close(shelf.a2, 0.73248077421585));
  assert.ok(close(hp.a1, -1.99004745483398) && close(hp.a2, 0.99007225036621));
});

test('integrated loudness within 0.1 LU and true peak within 0.3 dB of ffmpeg ebur128', () => {
  const dir = tempDir();
  try {
    const signals: [string, Float32Array[]][] = [
      ['sine 1 kHz −20 dBFS', [sine(1000, -20, 6), sine(1000, -20, 6)]],
      ['white noise', [whiteNoise(1, 6, 0.3), whiteNoise(2, 6, 0.3)]],
      ['pink noise', [pinkNoise(3, 6, 0.5), pinkNoise(4, 6, 0.5)]],
      ['music-like stereo', musicLike(16)],
      ['sine 5 kHz near full scale', [sine(5000, -0.5, 4, 0.7), sine(5000, -3, 4)]],
      ['sine 10 kHz', [sine(10000, -3, 4, 0.2), sine(9000, -6, 4)]],
    ];
    for (const [name, chans] of signals) {
      // 10 ms fades: a signal that starts with a jump rings differently through each
      // interpolator (Gibbs overshoot at the edge), which is not what is compared here.
      for (const ch of chans) fadeEdges(ch, Math.round(0.01 * SR));
      const f = path.join(dir, 'sig.wav');
      writeFileAtomic(f, encodeWav24(chans, SR));
      const decoded = decodeWav(fs.readFileSync(f)).channels; // measure the same quantised data ffmpeg reads
      const ours = measureLoudness(decoded, SR);
      const ff = ffmpegEbur128(f);
      // ffmpeg prints one decimal: allow its 0.05 rounding on top of the 0.1 LU tolerance.
      assert.ok(
        Math.abs(ours.integrated - ff.integrated) <= 0.15,
        `${name}: integrated ${ours.integrated.toFixed(2)} vs ffmpeg ${ff.integrated}`,
      );
      assert.ok(Math.abs(ours.truePeak - ff.truePeak) <= 0.3, `${name}: true peak ${ours.truePeak.toFixed(2)} vs ffmpeg ${ff.truePeak}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('momentary max, short-term max and loudness range within 0.2 LU of ffmpeg ebur128 on a varied signal', () => {
  // 40 s in scenes of different level and character, so the three measures differ from each
  // other: a quiet pink-noise bed, music, a 0.6 s loud noise burst (sets the momentary
  // maximum), a 4 s loud passage (the short-term maximum), a near-silent gap (below the
  // gates) and a soft 3 kHz tone (K-weighting's shelf). 20 ms raised-cosine joins.
  const parts: [number, (sec: number) => Float32Array[]][] = [
    [6, (s) => [pinkNoise(21, s, 0.08), pinkNoise(22, s, 0.08)]],
    [8, (s) => musicLike(s).map((ch) => ch.map((v) => v * 1.6))],
    [0.6, (s) => [whiteNoise(23, s, 0.7), whiteNoise(24, s, 0.6)]],
    [3.4, (s) => [pinkNoise(25, s, 0.15), pinkNoise(26, s, 0.15)]],
    [4, (s) => [pinkNoise(27, s, 0.6), pinkNoise(28, s, 0.55)]],
    [3, (s) => [whiteNoise(29, s, 0.0003), whiteNoise(30, s, 0.0003)]],
    [6, (s) => [sine(3000, -30, s), sine(3000, -33, s, 0.4)]],
    [9, (s) => musicLike(s).map((ch) => ch.map((v) => v * 0.5))],
  ];
  const n = parts.reduce((a, [s]) => a + Math.round(s * SR), 0);
  const chans = [new Float32Array(n), new Float32Array(n)];
  let at = 0;
  for (const [s, make] of parts) {
    const seg = make(s);
    for (const [c, ch] of seg.entries()) { fadeEdges(ch, Math.round(0.02 * SR)); chans[c]!.set(ch, at); }
    at += seg[0]!.length;
  }
  const dir = tempDir();
  try {
    const f = path.join(dir, 'varied.wav');
    writeFileAtomic(f, encodeWav24(chans, SR));
    const ours = measureLoudness(decodeWav(fs.readFileSync(f)).channels, SR);
    const ff = ffmpegEbur128Series(f);
    const ffM = Math.max(...ff.momentary), ffS = Math.max(...ff.shortTerm);
    console.log(`momentary max ${ours.momentaryMax.toFixed(3)} vs ffmpeg ${ffM.toFixed(3)} LUFS; short-term max ${ours.shortTermMax.toFixed(3)} vs ${ffS.toFixed(3)} LUFS; LRA ${ours.lra.toFixed(3)} vs ${ff.lra.toFixed(3)} LU; integrated ${ours.integrated.toFixed(3)} vs ${ff.integrated.toFixed(3)} LUFS`);
    // The signal really is varied: the maxima and the range are far apart.
    assert.ok(ours.momentaryMax - ours.shortTermMax > 2 && ours.shortTermMax - ours.integrated > 1.5 && ours.lra > 8, 'a varied signal');
    assert.ok(Math.abs(ours.momentaryMax - ffM) <= 0.2, `momentary max ${ours.momentaryMax.toFixed(3)} vs ffmpeg ${ffM}`);
    assert.ok(Math.abs(ours.shortTermMax - ffS) <= 0.2, `short-term max ${ours.shortTermMax.toFixed(3)} vs ffmpeg ${ffS}`);
    assert.ok(Math.abs(ours.lra - ff.lra) <= 0.2, `LRA ${ours.lra.toFixed(3)} vs ffmpeg ${ff.lra}`);
    assert.ok(Math.abs(ours.integrated - ff.integrated) <= 0.1, `integrated ${ours.integrated.toFixed(3)} vs ffmpeg ${ff.integrated}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('true peak with its skip bounds equals the brute-force oversampled maximum (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 0, max: 4 }),
      (values, spikes) => {
        const x = Float32Array.from(values);
        for (let k = 0; k < spikes; k++) x[(k * 37) % x.length] = k % 2 ? 1 : -1; // sparse full-scale spikes
        const brute = oversampledPeakEnvelope(x, 0).reduce((m, v) => Math.max(m, v), 0);
        assert.ok(Math.abs(truePeakLinear(x) - brute) < 1e-6);
      },
    ),
  );
});

test('true-peak scan (with its L1 bound skip) returns exactly what the envelope form returns (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 400 }),
      fc.double({ min: 0.01, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1.5, noNaN: true }),
      (values, scale, atLeast) => {
        const x = Float32Array.from(values, (v) => v * scale);
        // Same number (not just close), whether the bound skips the oversampling or not.
        assert.equal(truePeakLinear(x, atLeast), truePeakLinearByEnvelope(x, atLeast));
        assert.equal(truePeakLinear(x), truePeakLinearByEnvelope(x));
      },
    ),
  );
});

test('the true-peak upper bound (sample peak × L1) is never below the oversampled peak, and is reached', () => {
  fc.assert(
    fc.property(fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
      const x = Float32Array.from(values);
      const sp = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assert.ok(truePeakLinearByEnvelope(x) <= truePeakUpperBound(sp) * (1 + 1e-7));
    }),
  );
  // Worst case: samples ±1 with the signs of one phase's taps: the interpolated point hits the bound.
  const phase = TRUE_PEAK_PHASES.reduce((a, b) => (b.reduce((s, v) => s + Math.abs(v), 0) > a.reduce((s, v) => s + Math.abs(v), 0) ? b : a));
  const x = new Float32Array(96);
  for (let t = 0; t < phase.length; t++) x[32 + t - 15] = Math.sign(phase[t]!);
  const tp = truePeakLinear(x);
  assert.ok(Math.abs(tp - truePeakUpperBound(1)) < 1e-6, `worst case ${tp} vs bound ${truePeakUpperBound(1)}`);
  assert.ok(tp > 2, 'the L1 gain of the 32-tap interpolator is above 2');
});

test('silence measures −∞ and momentary/short-term maxima bracket the integrated value', () => {
  const s = measureLoudness([new Float32Array(SR), new Float32Array(SR)], SR);
  assert.equal(s.integrated, -Infinity);
  const m = measureLoudness(musicLike(12), SR);
  assert.ok(m.momentaryMax >= m.shortTermMax && m.shortTermMax >= m.integrated);
  assert.ok(m.lra > 0);
});
