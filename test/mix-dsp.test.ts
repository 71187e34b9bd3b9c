/**
 * The mixer's own DSP, measured on its output:
 * - pan law of the DSP synth tracks (CC10, src/render/synth-dsp.ts): constant power
 *   (L² + R² the same at every position), hard left silent on the right and hard right silent
 *   on the left, centre (64) equal on both sides;
 * - the reverb of the synth sends (`diffuseInPlace`, a Schroeder/Moorer comb + all-pass
 *   network whose RT60 parameter defaults to 2.2 s): its impulse response decays with a
 *   mid-band RT60 (mean of the 500 Hz and 1 kHz octave T30s, ISO 3382) within ±20 % of the
 *   parameter, its two channels are decorrelated (IACC, the largest |normalised
 *   cross-correlation| within ±1 ms, under 0.3), and it passes no DC (the impulse response
 *   sums to ~0; a constant input leaves no offset);
 * - the bus compressor (`compressBus`, src/render/bus-dynamics.ts): the static gain
 *   reduction against its threshold, ratio and soft knee (within 0.05 dB of the textbook
 *   curve), and its attack and release time constants (63 % of the step within ±25 % of the
 *   nominal 30 ms / 300 ms, and of 80 ms / 800 ms when asked for).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffuseInPlace, renderSynthTracks } from '../src/render/synth-dsp.js';
import { compressBus } from '../src/render/bus-dynamics.js';
import { integratedLoudness } from '../src/render/loudness.js';
import type { Track } from '../src/model/artifacts.js';

const SR = 48000;

// ------------------------------------------------------------------ pan law

/** A one-note DSP synth track (ticks = samples), panned by CC10 = `pan`. */
function pannedLead(pan: number): Track {
  return {
    name: `lead pan ${pan}`, stem: 'synths', program: 81, channel: 0,
    controls: [{ tick: 0, controller: 10, value: pan }],
    notes: [{ tick: 0, duration: SR / 2, pitch: 69, velocity: 100 }],
  } as unknown as Track;
}

function energy(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s;
}

test('pan law (CC10 on DSP synth tracks): constant power, hard left/right silent on the other side, centre equal', () => {
  const len = SR;
  const render = (pan: number): [Float32Array, Float32Array] => {
    const out: [Float32Array, Float32Array] = [new Float32Array(len), new Float32Array(len)];
    renderSynthTracks([pannedLead(pan)], (t) => t, len, SR, out, null);
    return out;
  };
  const positions = [0, 1, 16, 32, 48, 64, 80, 96, 112, 126, 127];
  const powers = positions.map((p) => { const [l, r] = render(p); return { p, l: energy(l), r: energy(r) }; });
  const total0 = powers[0]!.l + powers[0]!.r;
  assert.ok(total0 > 0, 'the note sounds');
  for (const { p, l, r } of powers) {
    const dev = 10 * Math.log10((l + r) / total0);
    assert.ok(Math.abs(dev) < 0.01, `pan ${p}: L² + R² differs by ${dev.toFixed(4)} dB from hard left`);
  }
  const at = (p: number): { l: number; r: number } => powers.find((x) => x.p === p)!;
  // Hard left: nothing at all on the right; hard right: nothing on the left (below −120 dB).
  assert.equal(at(0).r, 0, 'pan 0: right channel silent');
  assert.ok(at(127).l / at(127).r < 1e-12, `pan 127: left at ${(10 * Math.log10(at(127).l / at(127).r)).toFixed(1)} dB`);
  // Centre: −3 dB on each side, equal (within 0.01 dB).
  const centre = 10 * Math.log10(at(64).l / at(64).r);
  assert.ok(Math.abs(centre) < 0.01, `pan 64: left − right = ${centre.toFixed(3)} dB`);
  assert.ok(Math.abs(10 * Math.log10(at(64).l / total0) + 3.0103) < 0.01, 'pan 64: each side −3 dB');
  // Monotonic: the right channel's share only grows from left to right.
  for (let k = 1; k < powers.length; k++) assert.ok(powers[k]!.r >= powers[k - 1]!.r, `right share grows at pan ${powers[k]!.p}`);
  // Symmetric: pan 64 + k on the right mirrors 64 − k on the left.
  for (const k of [16, 32, 48]) {
    const a = at(64 - k), b = at(64 + k);
    assert.ok(Math.abs(10 * Math.log10(a.l / b.r)) < 0.01 && Math.abs(10 * Math.log10(a.r / b.l)) < 0.01, `pan 64 ± ${k} mirror each other`);
  }
});

// ------------------------------------------------------------------ reverb impulse response

/** RBJ band-pass (0 dB peak), run twice: an octave band around `f0`. */
function octaveBand(x: Float32Array, f0: number): Float64Array {
  const w = (2 * Math.PI * f0) / SR, q = Math.SQRT2, alpha = Math.sin(w) / (2 * q), a0 = 1 + alpha;
  const b0 = alpha / a0, b2 = -alpha / a0, a1 = (-2 * Math.cos(w)) / a0, a2 = (1 - alpha) / a0;
  let y: Float64Array = Float64Array.from(x);
  for (let pass = 0; pass < 2; pass++) {
    const o = new Float64Array(y.length);
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (let i = 0; i < y.length; i++) { const v = b0 * y[i]! + b2 * x2 - a1 * y1 - a2 * y2; x2 = x1; x1 = y[i]!; y2 = y1; y1 = v; o[i] = v; }
    y = o;
  }
  return y;
}

/** T30 (Schroeder backward integration, −5 to −35 dB, extrapolated to 60 dB), seconds. */
function t30(h: ArrayLike<number>): number {
  const n = h.length;
  const e = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) e[i] = e[i + 1]! + h[i]! * h[i]!;
  const db = (i: number): number => 10 * Math.log10(e[i]! / e[0]!);
  let i5 = 0;
  while (db(i5) > -5) i5++;
  let i35 = i5;
  while (db(i35) > -35) i35++;
  // Least-squares slope of the decay curve between −5 and −35 dB.
  let sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
  for (let i = i5; i <= i35; i += 16) { const x = i / SR, y = db(i); sx += x; sy += y; sxx += x * x; sxy += x * y; m++; }
  const slope = (m * sxy - sx * sy) / (m * sxx - sx * sx); // dB per second (negative)
  return -60 / slope;
}

function impulseResponse(seconds: number, rt60?: number): [Float32Array, Float32Array] {
  const l = new Float32Array(seconds * SR), r = new Float32Array(seconds * SR);
  l[0] = 1; r[0] = 1;
  diffuseInPlace([l, r], SR, rt60);
  return [l, r];
}

test('reverb of the synth sends: mid-band RT60 within ±20 % of its parameter, decorrelated channels, no DC', () => {
  for (const rt60 of [2.2, 1.2]) {
    const [l, r] = impulseResponse(8, rt60 === 2.2 ? undefined : rt60);
    const bands = [500, 1000].map((f) => (t30(octaveBand(l, f)) + t30(octaveBand(r, f))) / 2);
    const mid = (bands[0]! + bands[1]!) / 2;
    const broadband = (t30(l) + t30(r)) / 2;
    console.log(`RT60 parameter ${rt60} s: T30 500 Hz ${bands[0]!.toFixed(2)} s, 1 kHz ${bands[1]!.toFixed(2)} s, mid-band ${mid.toFixed(2)} s, broadband ${broadband.toFixed(2)} s`);
    assert.ok(Math.abs(mid / rt60 - 1) <= 0.2, `mid-band RT60 ${mid.toFixed(2)} s vs ${rt60} s`);
    // Highs die faster than mids (the damping in the comb loops), never slower.
    assert.ok(broadband <= mid * 1.02, `broadband ${broadband.toFixed(2)} s ≤ mid-band ${mid.toFixed(2)} s`);
  }

  const [l, r] = impulseResponse(8);
  // Stereo decorrelation: IACC over the whole response and over the late part (after 80 ms).
  const iacc = (from: number): number => {
    let ll = 0, rr = 0;
    for (let i = from; i < l.length; i++) { ll += l[i]! * l[i]!; rr += r[i]! * r[i]!; }
    let best = 0;
    for (let k = -48; k <= 48; k++) {
      let s = 0;
      for (let i = Math.max(from, from - k); i < Math.min(l.length, l.length - k); i++) s += l[i]! * r[i + k]!;
      best = Math.max(best, Math.abs(s) / Math.sqrt(ll * rr));
    }
    return best;
  };
  const whole = iacc(0), late = iacc(Math.round(0.08 * SR));
  console.log(`IACC (±1 ms): whole ${whole.toFixed(3)}, late ${late.toFixed(3)} (limit 0.3)`);
  assert.ok(whole < 0.3 && late < 0.3, `IACC ${whole.toFixed(3)} / ${late.toFixed(3)}`);

  // No DC: the response's DC gain |Σh| is at least 40 dB under its RMS gain √Σh², and a
  // constant input leaves no offset after it (mean over the last second < 1e-4 of the input).
  for (const [name, h] of [['left', l], ['right', r]] as const) {
    let sum = 0, e = 0;
    for (let i = 0; i < h.length; i++) { sum += h[i]!; e += h[i]! * h[i]!; }
    const dcDb = 20 * Math.log10(Math.abs(sum) / Math.sqrt(e));
    console.log(`${name}: DC gain ${(20 * Math.log10(Math.abs(sum))).toFixed(1)} dB, RMS gain ${(10 * Math.log10(e)).toFixed(1)} dB, DC relative ${dcDb.toFixed(1)} dB`);
    assert.ok(dcDb < -40, `${name}: DC ${dcDb.toFixed(1)} dB relative to the response's RMS gain`);
  }
  const dc = [new Float32Array(6 * SR).fill(0.1), new Float32Array(6 * SR).fill(0.1)];
  diffuseInPlace(dc, SR);
  for (const ch of dc) {
    let m = 0;
    for (let i = 5 * SR; i < 6 * SR; i++) m += ch[i]!;
    m /= SR;
    assert.ok(Math.abs(m) < 1e-5, `a constant 0.1 input leaves an offset of ${m.toExponential(2)}`);
  }
});

// ------------------------------------------------------------------ bus compressor

/** Stereo 1 kHz sine in segments [dBFS amplitude, seconds]; returns the channels and segment starts. */
function steps(segs: readonly (readonly [number, number])[]): { ch: Float32Array[]; starts: number[] } {
  const n = segs.reduce((a, s) => a + Math.round(s[1] * SR), 0);
  const x = new Float32Array(n);
  const starts: number[] = [];
  let p = 0;
  for (const [db, s] of segs) {
    starts.push(p);
    const a = Math.pow(10, db / 20);
    for (let i = 0; i < Math.round(s * SR); i++, p++) x[p] = a * Math.sin((2 * Math.PI * 1000 * p) / SR);
  }
  return { ch: [x, Float32Array.from(x)], starts };
}

/** Textbook soft-knee gain reduction (dB ≤ 0) at `level` for threshold, ratio, knee width. */
function staticCurve(level: number, thr: number, ratio: number, knee: number): number {
  const over = level - thr;
  if (over > knee / 2) return over * (1 / ratio - 1);
  if (over > -knee / 2) return ((1 / ratio - 1) * (over + knee / 2) ** 2) / (2 * knee);
  return 0;
}

test('bus compressor: static gain reduction follows threshold, ratio and knee; attack and release time constants', () => {
  // The threshold is set relative to the signal's integrated loudness; place it at −20 dB
  // (a full-scale-referenced sine level: RMS + 3 dB = its peak dBFS).
  const thr = -20;
  for (const ratio of [2, 4]) {
    const segs = [[-30, 3], [-24, 1], [-21, 1], [-20, 1], [-19, 1], [-16, 1], [-10, 1], [-6, 1]] as const;
    const { ch, starts } = steps(segs);
    const lufs = integratedLoudness(ch, SR);
    const { gain, deepestDb } = compressBus(ch, SR, { thresholdAboveLufs: thr - lufs, ratio, kneeDb: 6 });
    const rows: string[] = [];
    segs.forEach(([db, s], k) => {
      const i = starts[k]! + Math.round((s - 0.05) * SR); // settled: 50 ms before the segment ends
      const got = 20 * Math.log10(gain[i]!), want = staticCurve(db, thr, ratio, 6);
      rows.push(`${db}→${got.toFixed(2)}`);
      assert.ok(Math.abs(got - want) <= 0.05, `ratio ${ratio}, ${db} dBFS: gain ${got.toFixed(3)} dB, curve ${want.toFixed(3)} dB`);
    });
    console.log(`ratio ${ratio}:1, threshold ${thr} dB, knee 6 dB — settled gain (dB) by level: ${rows.join(', ')}`);
    assert.ok(Math.abs(deepestDb - staticCurve(-6, thr, ratio, 6)) <= 0.05, `deepest ${deepestDb}`);
    // The gain curve returned is the gain applied (stereo-linked: both channels alike).
    const i = starts[7]! + SR / 2;
    const src = Math.pow(10, -6 / 20) * Math.sin((2 * Math.PI * 1000 * i) / SR);
    assert.ok(Math.abs(ch[0]![i]! - src * gain[i]!) < 1e-6 && ch[0]![i] === ch[1]![i]);
  }

  // Time constants: a step from −30 to −6 dB (7 dB of reduction at 2:1) and back. The time to
  // 63 % of the step includes the level detector's own 10 ms RMS averaging (≈ 6 ms on the
  // attack), which the ±25 % covers at these settings (a 10 ms attack measures ≈ 15.5 ms).
  for (const [attack, release] of [[0.03, 0.3], [0.08, 0.8]] as const) {
    const { ch, starts } = steps([[-30, 3], [-6, 1.5], [-30, 3]]);
    const lufs = integratedLoudness(ch, SR);
    const { gain } = compressBus(ch, SR, { thresholdAboveLufs: thr - lufs, attack, release });
    const g = (i: number): number => 20 * Math.log10(gain[i]!);
    const full = g(starts[2]! - 1);
    let a = starts[1]!;
    while (g(a) > 0.632 * full) a++;
    let r = starts[2]!;
    while (g(r) < 0.368 * full) r++;
    const attackMs = ((a - starts[1]!) / SR) * 1000, releaseMs = ((r - starts[2]!) / SR) * 1000;
    console.log(`attack ${attack * 1000} ms / release ${release * 1000} ms: 63 % of the ${full.toFixed(2)} dB step after ${attackMs.toFixed(1)} ms, recovered 63 % after ${releaseMs.toFixed(1)} ms`);
    assert.ok(Math.abs(attackMs / (attack * 1000) - 1) <= 0.25, `attack ${attackMs.toFixed(1)} ms vs ${attack * 1000} ms`);
    assert.ok(Math.abs(releaseMs / (release * 1000) - 1) <= 0.25, `release ${releaseMs.toFixed(1)} ms vs ${release * 1000} ms`);
  }
});
