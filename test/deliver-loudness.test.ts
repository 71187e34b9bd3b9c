/**
 * Delivery loudness, measured by ffmpeg's ebur128 filter (peak=true) on the files we write:
 * - with production audio (espeak-ng dialogue over room tone): the program (production +
 *   ducked score) meets the target within ±0.5 LU and its true peak is ≤ the preset ceiling;
 * - without production audio: the score mix itself meets the target;
 * - the score mix, its 5.1 version and every stem (ducked and not) never exceed −1.0 dBTP.
 * The score is rendered by the real renderer (SoundFont + DSP synths) from a small score.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readSoundBankFile, renderScoreStems, type LoadedSoundBank } from '../src/render/soundfont.js';
import { buildDeliveryMix } from '../src/render/delivery-mix.js';
import { upmixTo51 } from '../src/render/surround.js';
import { encodeWav24 } from '../src/deliver/wav.js';
import { detectSpeechWith } from '../src/analysis/audio/speech.js';
import { LOUDNESS_PRESETS } from '../src/pipeline/loudness-presets.js';
import type { Score, Track } from '../src/model/artifacts.js';
import { createRng } from '../src/util/rng.js';
import { espeak, ffmpegEbur128, hasEspeak, tempDir } from './support/audio-fixtures.js';

const SR = 48000;
const SECONDS = 16;

/** A short hybrid cue with a loud hit at 8 s (timpani + brass + synth bass + pad + drums). */
function cue(): Score {
  const beats = SECONDS * 2;
  const t = (name: string, stem: Track['stem'], program: number, channel: number, notes: [number, number, number, number][]): Track => ({
    name, stem, program, channel, controls: [],
    notes: notes.map(([beat, len, pitch, velocity]) => ({ tick: Math.round(beat * 960), duration: Math.round(len * 960), pitch, velocity })) as unknown as Track['notes'],
  });
  const every = (fn: (b: number) => [number, number, number, number][]): [number, number, number, number][] => Array.from({ length: beats }, (_, b) => fn(b)).flat();
  return {
    ppq: 960,
    tempoMap: [{ tick: 0, usPerQuarter: 500000 }] as unknown as Score['tempoMap'],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: (beats * 960) as Score['endTick'],
    tracks: [
      t('Strings', 'strings', 48, 0, every((b) => (b % 8 === 0 ? [[b, 8, 57, 70], [b, 8, 60, 70], [b, 8, 64, 70]] : []))),
      t('Brass', 'brass', 61, 1, [[16, 2, 45, 127], [16, 2, 52, 127], [16, 2, 57, 127]]),
      t('Timpani', 'percussion', 47, 2, [[16, 1, 45, 127], [24, 1, 45, 110]]),
      t('Drums', 'percussion', 0, 9, every((b) => [[b, 0.25, b % 2 ? 38 : 36, 100]])),
      t('Synth Bass', 'synths', 38, 3, every((b) => [[b, 0.4, 33, 100], [b + 0.5, 0.4, 33, 90]])),
      t('Synth Pad', 'synths', 89, 4, every((b) => (b % 8 === 0 ? [[b, 8, 69, 80], [b, 8, 72, 80]] : []))),
    ],
  };
}

let bankP: Promise<LoadedSoundBank> | null = null;
const bank = (): Promise<LoadedSoundBank> => (bankP ??= readSoundBankFile());

function writeWav(dir: string, name: string, ch: readonly Float32Array[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, encodeWav24(ch, SR));
  return f;
}

function assertPeaksUnder(dir: string, files: Record<string, readonly Float32Array[]>, ceiling: number): void {
  for (const [name, ch] of Object.entries(files)) {
    const m = ffmpegEbur128(writeWav(dir, name, ch));
    console.log(`  ${name}: ${m.integrated} LUFS, true peak ${m.truePeak} dBTP (ceiling ${ceiling})`);
    assert.ok(m.truePeak <= ceiling, `${name}: true peak ${m.truePeak} dBTP > ${ceiling}`);
  }
}

test('program with production audio meets −23 LUFS ±0.5 LU and ≤ −1 dBTP (ffmpeg ebur128); mix and stems ≤ −1 dBTP', { skip: hasEspeak() ? false : 'espeak-ng not installed' }, async () => {
  const dir = tempDir();
  try {
    const r = renderScoreStems(cue(), SECONDS * SR, await bank());
    // Production: two lines of dialogue over room tone (seeded noise, about −55 dBFS).
    const rng = createRng(7);
    const prod = new Float32Array(SECONDS * SR);
    for (let i = 0; i < prod.length; i++) prod[i] = (rng.next() - 0.5) * 0.004;
    const l1 = espeak('Get to the car. Now. They are right behind us.', dir, SR, 0.6);
    const l2 = espeak('Hold on to something, this is going to hurt.', dir, SR, 0.6);
    prod.set(l1, 2 * SR);
    prod.set(l2.subarray(0, Math.min(l2.length, 5 * SR)), 10 * SR);
    const speech16 = new Float32Array(SECONDS * 16000);
    for (let i = 0; i < speech16.length; i++) speech16[i] = prod[i * 3]!;
    const speech = await detectSpeechWith('silero', speech16);
    const preset = LOUDNESS_PRESETS['ebu']!;
    const d = buildDeliveryMix({ stems: r.stems, effectsReturn: r.effectsReturn, production: [prod, Float32Array.from(prod)], speech, sampleRate: SR, target: preset.target, truePeakCeiling: preset.truePeak });

    const program = ffmpegEbur128(writeWav(dir, 'program.wav', d.program));
    console.log(`program (production + ducked score), ffmpeg ebur128: ${program.integrated} LUFS (target ${preset.target}), true peak ${program.truePeak} dBTP`);
    assert.ok(Math.abs(program.integrated - preset.target) <= 0.5, `program ${program.integrated} LUFS, target ${preset.target}`);
    assert.ok(program.truePeak <= -1.0, `program true peak ${program.truePeak} dBTP`);
    const files: Record<string, readonly Float32Array[]> = { 'mix.wav': d.mix, 'unducked-mix.wav': d.unduckedMix, 'mix-5.1.wav': upmixTo51(d.mix, d.reverb, SR, -1) };
    for (const [name, ch] of d.stems) files[`${name}.wav`] = ch;
    for (const [name, ch] of d.unduckedStems) files[`unducked-${name}.wav`] = ch;
    if (d.reverb) files['reverb.wav'] = d.reverb;
    assertPeaksUnder(dir, files, -1.0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('streaming preset with production audio and a lossy container\'s program ceiling (−1.5 dBTP): the limiter\'s loss is made up, program −14 LUFS ±0.5 LU (ffmpeg ebur128)', { skip: hasEspeak() ? false : 'espeak-ng not installed' }, async () => {
  const dir = tempDir();
  try {
    const r = renderScoreStems(cue(), SECONDS * SR, await bank());
    const prod = new Float32Array(SECONDS * SR);
    prod.set(espeak('I told you never to come back here. Leave now, while you still can.', dir, SR, 0.5), 3 * SR);
    const speech16 = new Float32Array(SECONDS * 16000);
    for (let i = 0; i < speech16.length; i++) speech16[i] = prod[i * 3]!;
    const speech = await detectSpeechWith('silero', speech16);
    const preset = LOUDNESS_PRESETS['streaming']!;
    const d = buildDeliveryMix({ stems: r.stems, effectsReturn: r.effectsReturn, production: [prod, Float32Array.from(prod)], speech, sampleRate: SR, target: preset.target, truePeakCeiling: preset.truePeak, programTruePeakCeiling: preset.truePeak - 0.5 });
    const program = ffmpegEbur128(writeWav(dir, 'program.wav', d.program));
    console.log(`streaming program (ceiling ${preset.truePeak - 0.5} dBTP), ffmpeg ebur128: ${program.integrated} LUFS (target ${preset.target}), true peak ${program.truePeak} dBTP; our meter ${d.programLoudness.integrated.toFixed(2)} LUFS`);
    assert.ok(Math.abs(program.integrated - preset.target) <= 0.5, `program ${program.integrated} LUFS, target ${preset.target}`);
    assert.ok(Math.abs(d.programLoudness.integrated - preset.target) <= 0.1, `our meter: program ${d.programLoudness.integrated} LUFS`);
    assert.ok(program.truePeak <= preset.truePeak - 0.5 + 0.1, `program true peak ${program.truePeak} dBTP`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const presetName of ['ebu', 'atsc', 'streaming']) {
  test(`no production audio: the score mix itself meets the ${presetName} target ±0.5 LU under its true-peak ceiling (ffmpeg ebur128)`, async () => {
    const dir = tempDir();
    try {
      const preset = LOUDNESS_PRESETS[presetName]!;
      const r = renderScoreStems(cue(), SECONDS * SR, await bank());
      const d = buildDeliveryMix({ stems: r.stems, effectsReturn: r.effectsReturn, production: null, speech: [], sampleRate: SR, target: preset.target, truePeakCeiling: preset.truePeak });
      const mix = ffmpegEbur128(writeWav(dir, 'mix.wav', d.mix));
      console.log(`${presetName}, no production audio: mix ${mix.integrated} LUFS (target ${preset.target}), true peak ${mix.truePeak} dBTP (ceiling ${preset.truePeak})`);
      assert.ok(Math.abs(mix.integrated - preset.target) <= 0.5, `mix ${mix.integrated} LUFS, target ${preset.target}`);
      assert.ok(mix.truePeak <= preset.truePeak, `mix true peak ${mix.truePeak} dBTP > ${preset.truePeak}`);
      const files: Record<string, readonly Float32Array[]> = {};
      for (const [name, ch] of d.stems) files[`${name}.wav`] = ch;
      assertPeaksUnder(dir, files, Math.min(-1.0, preset.truePeak));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('per-stem EQ: high-pass under the family range, 1 kHz untouched, brass shelf at 12 kHz', async () => {
  const { equaliseStem, DEFAULT_STEM_EQ } = await import('../src/render/bus-dynamics.js');
  const tone = (f: number): Float32Array => Float32Array.from({ length: SR }, (_, i) => Math.sin((2 * Math.PI * f * i) / SR));
  const gainDb = (f: number, stem: string): number => {
    const y = equaliseStem([tone(f)], DEFAULT_STEM_EQ[stem]!, SR)[0]!;
    let s = 0;
    for (let i = SR / 2; i < SR; i++) s += y[i]! * y[i]!;
    return 10 * Math.log10(s / (SR / 2) / 0.5);
  };
  assert.ok(gainDb(25, 'woodwinds') <= -20, `woodwinds at 25 Hz: ${gainDb(25, 'woodwinds').toFixed(1)} dB`);
  assert.ok(Math.abs(gainDb(1000, 'woodwinds')) < 0.1);
  assert.ok(Math.abs(gainDb(1000, 'brass')) < 0.2);
  assert.ok(Math.abs(gainDb(12000, 'brass') + 1.5) < 0.3, `brass at 12 kHz: ${gainDb(12000, 'brass').toFixed(2)} dB`);
});
