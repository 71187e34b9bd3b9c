/**
 * The electronic layer (own DSP) and SoundFont fallback:
 * - polyBLEP oscillators: energy folded back below 12 kHz from harmonics above Nyquist is
 *   ≤ −38 dB of the harmonic energy for saw and square at F7 and C8, ≥ 20 dB less than the
 *   naive (trivial) waveform;
 * - synth tracks land on the `synths` stem, start on their exact sample, and are not silent;
 * - a SoundFont missing an instrument (a one-preset SF2 written with spessasynth) renders with
 *   a fallback preset and a warning naming the track.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { patchForProgram, renderOscillator } from '../src/render/synth-dsp.js';
import { readSoundBankFile, renderScoreStems, tickToSecondsFunction } from '../src/render/soundfont.js';
import type { Score, Track } from '../src/model/artifacts.js';
import { tempDir } from './support/audio-fixtures.js';

const SR = 48000;

/** Hann-windowed single-bin DFT power at frequency f. */
function power(x: Float32Array, f: number): number {
  let re = 0, im = 0;
  const w0 = (2 * Math.PI * f) / SR;
  for (let i = 0; i < x.length; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (x.length - 1));
    re += w * x[i]! * Math.cos(w0 * i);
    im -= w * x[i]! * Math.sin(w0 * i);
  }
  return re * re + im * im;
}

/** Alias energy (folded harmonics landing in 20 Hz–12 kHz) relative to harmonic energy, dB. */
function aliasDb(x: Float32Array, f: number): number {
  let harm = 0, alias = 0;
  for (let k = 1; k * f < SR / 2; k++) harm += power(x, k * f);
  for (let k = Math.ceil(SR / 2 / f); k < 40; k++) {
    let a = (k * f) % SR;
    if (a > SR / 2) a = SR - a;
    if (a >= 20 && a <= 12000) alias += power(x, a);
  }
  return 10 * Math.log10(alias / harm);
}

test('polyBLEP saw and square: aliasing below 12 kHz ≤ −38 dB, ≥ 20 dB under the naive waveform', () => {
  for (const wave of ['saw', 'square'] as const) {
    for (const f of [2793.83, 4186.01]) {
      const bl = aliasDb(renderOscillator(wave, f, SR, 24000, true), f);
      const naive = aliasDb(renderOscillator(wave, f, SR, 24000, false), f);
      assert.ok(bl <= -38, `${wave} ${f} Hz: alias ${bl.toFixed(1)} dB`);
      assert.ok(naive - bl >= 20, `${wave} ${f} Hz: polyBLEP ${bl.toFixed(1)} dB vs naive ${naive.toFixed(1)} dB`);
    }
  }
});

function synthScore(): Score {
  const track = (name: string, program: number, channel: number, notes: [number, number, number][]): Track => ({
    name, stem: 'synths', program, channel, controls: [],
    notes: notes.map(([tick, duration, pitch]) => ({ tick, duration, pitch, velocity: 100 })) as unknown as Track['notes'],
  });
  return {
    ppq: 960,
    // 100 bpm then 140 bpm from tick 1920: the note at 2400 goes through the tempo map.
    tempoMap: [{ tick: 0, usPerQuarter: 600000 }, { tick: 1920, usPerQuarter: 428571 }] as unknown as Score['tempoMap'],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: 7680 as Score['endTick'],
    tracks: [track('Synth Bass', 38, 0, [[2400, 480, 33]]), track('Drone', 95, 1, [[0, 1900, 40]])],
  };
}

test('synth tracks render on the synths stem by DSP, each note starting on its exact sample', async () => {
  const bank = await readSoundBankFile();
  const score = synthScore();
  const r = renderScoreStems(score, 3 * SR, bank, { effects: 'none' });
  assert.deepEqual([...r.stems.keys()], ['synths']);
  assert.ok(r.presets.every((p) => p.preset.startsWith('DSP ')), JSON.stringify(r.presets));
  assert.equal(r.presets.find((p) => p.track === 'Synth Bass')!.preset, `DSP ${patchForProgram(38).name}`);
  const [l] = r.stems.get('synths')!;
  // The drone starts at sample 0; it ends (release) long before the bass note.
  assert.ok(Math.abs(l![0]!) + Math.abs(l![1]!) > 0, 'drone starts at sample 0');
  const bassAt = Math.round(tickToSecondsFunction(score.tempoMap, 960)(2400) * SR);
  const droneOnly = renderScoreStems({ ...score, tracks: [score.tracks[1]!] }, 3 * SR, bank, { effects: 'none' }).stems.get('synths')![0]!;
  let first = -1;
  for (let i = 0; i < l!.length; i++) if (Math.abs(l![i]! - droneOnly[i]!) > 1e-7) { first = i; break; }
  assert.equal(first, bassAt, `bass starts at sample ${first}, planned ${bassAt}`);
  let peak = 0;
  for (const v of l!) { assert.ok(Number.isFinite(v)); peak = Math.max(peak, Math.abs(v)); }
  assert.ok(peak > 0.01 && peak < 1, `peak ${peak}`);
});

test('a SoundFont missing an instrument: fallback preset with a warning naming the track', async () => {
  const dir = tempDir('filmscore-sf-');
  try {
    // A one-preset SF2 (Grand Piano only), written by spessasynth from the default bank.
    const full = await readSoundBankFile();
    for (const p of [...full.bank.presets]) if (!(p.program === 0 && !p.isDrum && p.bankMSB === 0)) full.bank.deletePreset(p);
    full.bank.removeUnusedElements();
    const file = path.join(dir, 'piano-only.sf2');
    fs.writeFileSync(file, new Uint8Array(full.bank.writeSF2({})));
    const bank = await readSoundBankFile(file);
    assert.equal(bank.bank.presets.length, 1);
    const score: Score = {
      ppq: 960,
      tempoMap: [{ tick: 0, usPerQuarter: 500000 }] as unknown as Score['tempoMap'],
      meter: { numerator: 4, denominator: 4 },
      markers: [],
      endTick: 1920 as Score['endTick'],
      tracks: [{ name: 'Cellos', stem: 'strings', program: 42, channel: 0, controls: [], notes: [{ tick: 0, duration: 960, pitch: 48, velocity: 100 }] as unknown as Track['notes'] }],
    };
    const r = renderScoreStems(score, SR, bank, { effects: 'none' });
    const warnings = r.diagnostics.filter((d) => d.level === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.message, /piano-only\.sf2 has no program 42 for track "Cellos"; using "Grand Piano"/);
    let e = 0;
    for (const v of r.stems.get('strings')![0]!) e += v * v;
    assert.ok(e > 1e-3, 'the fallback preset plays');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('fx stem by DSP: a riser swells and stops on its end sample (the hit), sub hit and impact start on theirs', async () => {
  const bank = await readSoundBankFile();
  const tick = (t: number): number => Math.round(t * 1920); // 120 bpm
  const track = (name: string, program: number, channel: number, on: number, dur: number, pitch: number): Track => ({
    name, stem: 'fx', program, channel, controls: [],
    notes: [{ tick: tick(on), duration: tick(dur), pitch, velocity: 110 }] as unknown as Track['notes'],
  });
  const score: Score = {
    ppq: 960,
    tempoMap: [{ tick: 0, usPerQuarter: 500000 }] as unknown as Score['tempoMap'],
    meter: { numerator: 4, denominator: 4 },
    markers: [],
    endTick: tick(4) as Score['endTick'],
    tracks: [track('Riser', 119, 0, 0, 2, 48)],
  };
  const riser = renderScoreStems(score, 4 * SR, bank, { effects: 'none' }).stems.get('fx')![0]!;
  const rms = (a: number, b: number): number => { let s = 0; for (let i = a; i < b; i++) s += riser[i]! * riser[i]!; return 10 * Math.log10(s / (b - a) + 1e-20); };
  assert.ok(rms(1.5 * SR, 2 * SR) - rms(0.1 * SR, 0.6 * SR) >= 10, 'riser swells by ≥ 10 dB');
  assert.ok(riser.subarray(2 * SR).every((v) => v === 0), 'nothing after the riser ends on the hit');
  let jump = 0;
  for (let i = 1; i < riser.length; i++) jump = Math.max(jump, Math.abs(riser[i]! - riser[i - 1]!));
  assert.ok(jump < 0.2, `largest sample jump ${jump}`);

  for (const [program, kind] of [[118, 'sub-hit'], [116, 'impact'], [55, 'braam']] as const) {
    const s2: Score = { ...score, tracks: [track('Hit', program, 0, 1.5, 0.5, 36)] };
    const r = renderScoreStems(s2, 4 * SR, bank, { effects: 'none' });
    assert.equal(r.presets[0]!.preset, `DSP ${kind}`);
    const x = r.stems.get('fx')![0]!;
    let first = -1;
    for (let i = 0; i < x.length; i++) if (x[i] !== 0) { first = i; break; }
    assert.ok(first >= 1.5 * SR && first <= 1.5 * SR + 1, `${kind} starts at ${first}, planned ${1.5 * SR}`);
    assert.ok(x.every((v) => Number.isFinite(v) && Math.abs(v) < 1), `${kind} finite and under full scale`);
  }
});
