/**
 * Loudness and true peak, ITU-R BS.1770-4 / EBU R128 (classical DSP, our own code).
 *
 * - K-weighting: a high-shelf (+4 dB above ~1.7 kHz) then a 2nd-order high-pass
 *   (~38 Hz) biquad. Coefficients are derived from the analog prototype for the
 *   actual sample rate (the same derivation libebur128 uses), so 44.1 kHz and
 *   48 kHz both match the standard's tabulated 48 kHz filter.
 * - Loudness of a block: L = −0.691 + 10·log10(Σ_i G_i · z_i), BS.1770-4 eq. 2,
 *   z_i the mean square of K-weighted channel i, G_i the channel weight.
 * - Momentary: 400 ms windows; short-term: 3 s windows; both stepped every 100 ms.
 * - Integrated: 400 ms gating blocks with 75 % overlap, absolute gate −70 LUFS,
 *   relative gate −10 LU below the mean of the blocks above the absolute gate.
 * - LRA (EBU Tech 3342): short-term values, absolute gate −70 LUFS, relative gate
 *   −20 LU, spread between the 10th and 95th percentiles.
 * - True peak: 4× oversampling with the 48-tap, 4-phase FIR interpolator of
 *   BS.1770-4 Annex 2, maximum absolute value of the oversampled signal (never
 *   below the sample peak), in dBTP.
 */
import type { Decibels, Lufs } from '../model/units.js';

export interface LoudnessResult {
  /** Integrated (programme) loudness, LUFS; −Infinity for silence. */
  readonly integrated: Lufs;
  /** True peak, dBTP (dB relative to full scale of the oversampled signal). */
  readonly truePeak: Decibels;
  /** Sample peak, dBFS. */
  readonly samplePeak: Decibels;
  /** Highest momentary (400 ms) loudness, LUFS. */
  readonly momentaryMax: Lufs;
  /** Highest short-term (3 s) loudness, LUFS. */
  readonly shortTermMax: Lufs;
  /** Loudness range, LU (0 when too short or silent). */
  readonly lra: number;
}

/** Biquad coefficients, a0 normalised to 1. */
export interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/**
 * The two K-weighting biquads (stage 1 high shelf, stage 2 high pass) for a sample
 * rate in Hz. At 48 kHz these equal BS.1770-4 Tables 1 and 2 to ~1e-8.
 */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: high shelf.
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  // Stage 2: high pass (RLB weighting).
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + K / Q + K * K;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  return [shelf, highPass];
}

/** Applies a biquad (direct form I, float64 state) to `x`, returning a new array. */
function applyBiquad(x: ArrayLike<number>, f: Biquad): Float64Array {
  const y = new Float64Array(x.length);
  let x1 = 0,
    x2 = 0,
    y1 = 0,
    y2 = 0;
  const { b0, b1, b2, a1, a2 } = f;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = xi;
    y2 = y1;
    y1 = yi;
    y[i] = yi;
  }
  return y;
}

/**
 * BS.1770-4 channel weights G_i by channel count: mono/stereo 1.0; 5.1 in the
 * order L R C LFE Ls Rs gives 1, 1, 1, 0 (LFE excluded), 1.41, 1.41.
 */
export function channelWeights(count: number): number[] {
  if (count === 6) return [1, 1, 1, 0, 1.41, 1.41];
  return new Array<number>(count).fill(1);
}

/** Energy → loudness: −0.691 + 10·log10(e) (BS.1770-4 eq. 2). */
function energyToLufs(e: number): number {
  return e > 0 ? -0.691 + 10 * Math.log10(e) : -Infinity;
}

/**
 * Weighted, K-filtered per-sample power summed over channels, as prefix sums
 * (float64) so any window's mean square is one subtraction.
 */
function weightedPowerPrefix(channels: readonly Float32Array[], sampleRate: number): Float64Array {
  const n = channels[0]?.length ?? 0;
  const prefix = new Float64Array(n + 1);
  const weights = channelWeights(channels.length);
  const [shelf, hp] = kWeightingFilters(sampleRate);
  const power = new Float64Array(n);
  channels.forEach((ch, c) => {
    const g = weights[c]!;
    if (g === 0) return;
    const k = applyBiquad(applyBiquad(ch, shelf), hp);
    for (let i = 0; i < n; i++) power[i] += g * k[i]! * k[i]!;
  });
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + power[i]!;
  return prefix;
}

/** Mean-square energy of windows of `win` samples starting every `hop` samples (full windows only). */
function windowEnergies(prefix: Float64Array, win: number, hop: number): number[] {
  const n = prefix.length - 1;
  const out: number[] = [];
  for (let s = 0; s + win <= n; s += hop) out.push((prefix[s + win]! - prefix[s]!) / win);
  return out;
}

/**
 * Gated integrated loudness from 400 ms block energies (BS.1770-4 eqs. 4-7):
 * absolute gate −70 LUFS, relative gate −10 LU.
 */
function gatedIntegrated(blockEnergies: readonly number[]): number {
  const abs = blockEnergies.filter((e) => energyToLufs(e) > -70);
  if (abs.length === 0) return -Infinity;
  const meanAbs = abs.reduce((a, b) => a + b, 0) / abs.length;
  const relGate = energyToLufs(meanAbs) - 10;
  const rel = abs.filter((e) => energyToLufs(e) > relGate);
  if (rel.length === 0) return -Infinity;
  return energyToLufs(rel.reduce((a, b) => a + b, 0) / rel.length);
}

/** Loudness range (EBU Tech 3342) from short-term energies, LU. */
function loudnessRange(shortTermEnergies: readonly number[]): number {
  const abs = shortTermEnergies.filter((e) => energyToLufs(e) > -70);
  if (abs.length === 0) return 0;
  const meanAbs = abs.reduce((a, b) => a + b, 0) / abs.length;
  const relGate = energyToLufs(meanAbs) - 20;
  const vals = abs
    .map(energyToLufs)
    .filter((l) => l > relGate)
    .sort((a, b) => a - b);
  if (vals.length < 2) return 0;
  const pct = (p: number): number => {
    const idx = Math.min(vals.length - 1, Math.max(0, Math.round(p * (vals.length - 1))));
    return vals[idx]!;
  };
  return pct(0.95) - pct(0.1);
}

/** BS.1770-4 Annex 2: 48-tap interpolator, 4 phases of 12 taps (phase 3 = phase 0 reversed). */
export const TRUE_PEAK_PHASES: readonly (readonly number[])[] = (() => {
  const p0 = [
    0.001708984375, 0.010986328125, -0.0196533203125, 0.033203125, -0.0594482421875, 0.1373291015625,
    0.97216796875, -0.1022949218750, 0.047607421875, -0.026611328125, 0.014892578125, -0.00830078125,
  ];
  const p1 = [
    -0.0291748046875, 0.029296875, -0.0517578125, 0.089111328125, -0.16650390625, 0.465087890625,
    0.779785156250, -0.2003173828125, 0.1015625, -0.0582275390625, 0.0330810546875, -0.0189208984375,
  ];
  return [p0, p1, [...p1].reverse(), [...p0].reverse()];
})();

/**
 * True peak of one channel as a linear amplitude: maximum |y| of the 4× oversampled
 * signal (BS.1770-4 Annex 2 interpolator), and never below the sample peak.
 */
export function truePeakLinear(x: Float32Array): number {
  let peak = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (a > peak) peak = a;
  }
  const taps = 12;
  const [h0, h1, h2, h3] = TRUE_PEAK_PHASES as [number[], number[], number[], number[]];
  // y_k[m] = Σ_j h_k[j] · x[m − j]; samples outside the signal are zero.
  for (let m = 0; m < n + taps - 1; m++) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    const jLo = Math.max(0, m - n + 1);
    const jHi = Math.min(taps - 1, m);
    for (let j = jLo; j <= jHi; j++) {
      const v = x[m - j]!;
      s0 += h0[j]! * v;
      s1 += h1[j]! * v;
      s2 += h2[j]! * v;
      s3 += h3[j]! * v;
    }
    const a = Math.max(Math.abs(s0), Math.abs(s1), Math.abs(s2), Math.abs(s3));
    if (a > peak) peak = a;
  }
  return peak;
}

/** Linear → dB, −Infinity for 0. */
function toDb(g: number): number {
  return g > 0 ? 20 * Math.log10(g) : -Infinity;
}

/**
 * Measures loudness of `channels` (equal lengths, nominal [-1, 1]) at `sampleRate` Hz:
 * integrated (LUFS), true peak (dBTP), sample peak (dBFS), momentary and short-term
 * maxima (LUFS), loudness range (LU).
 */
export function measureLoudness(channels: readonly Float32Array[], sampleRate: number): LoudnessResult {
  const prefix = weightedPowerPrefix(channels, sampleRate);
  const hop = Math.round(0.1 * sampleRate);
  const momentary = windowEnergies(prefix, Math.round(0.4 * sampleRate), hop);
  const shortTerm = windowEnergies(prefix, Math.round(3 * sampleRate), hop);
  let tp = 0;
  let sp = 0;
  for (const ch of channels) {
    tp = Math.max(tp, truePeakLinear(ch));
    for (let i = 0; i < ch.length; i++) sp = Math.max(sp, Math.abs(ch[i]!));
  }
  const maxOf = (xs: number[]): number => energyToLufs(xs.reduce((m, x) => (x > m ? x : m), 0)) || -Infinity;
  return {
    integrated: gatedIntegrated(momentary) as Lufs,
    truePeak: toDb(tp) as Decibels,
    samplePeak: toDb(sp) as Decibels,
    momentaryMax: maxOf(momentary) as Lufs,
    shortTermMax: maxOf(shortTerm) as Lufs,
    lra: loudnessRange(shortTerm),
  };
}

/** Multiplies every channel by a linear gain, in place. */
export function applyGain(channels: readonly Float32Array[], gain: number): void {
  for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i]! *= gain;
}

/**
 * Normalises `channels` in place towards `targetLufs` (integrated), lowering the gain
 * further where needed so the true peak stays ≤ `maxTruePeakDb` dBTP. A plain
 * gain: no limiting. Returns the gain applied in dB (0 for silence).
 */
export function normaliseTo(
  channels: readonly Float32Array[],
  targetLufs: number,
  maxTruePeakDb: number,
  sampleRate = 48000,
): Decibels {
  const m = measureLoudness(channels, sampleRate);
  if (!Number.isFinite(m.integrated) || !Number.isFinite(m.truePeak)) return 0 as Decibels;
  const gainDb = Math.min(targetLufs - m.integrated, maxTruePeakDb - m.truePeak);
  applyGain(channels, Math.pow(10, gainDb / 20));
  return gainDb as Decibels;
}
