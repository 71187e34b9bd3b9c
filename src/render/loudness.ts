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
 * - True peak: 4× oversampling with a polyphase FIR interpolator (Kaiser-windowed
 *   sinc, 32 taps per phase; see `TRUE_PEAK_PHASES`), maximum absolute value of the
 *   oversampled signal (never below the sample peak), in dBTP.
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

/** Mean-square energy of windows of `win` samples starting every `hop` samples (full windows only), from per-sample powers. */
function windowEnergies(power: Float64Array, win: number, hop: number): number[] {
  const n = power.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + power[i]!;
  const out: number[] = [];
  for (let s = 0; s + win <= n; s += hop) out.push((prefix[s + win]! - prefix[s]!) / win);
  return out;
}

/**
 * Weighted, K-filtered power summed over channels and over each full hop of `hop` samples
 * (a trailing partial hop is left out: no window ends there). Float64, one number per hop:
 * a long programme's meter needs no per-sample array (fresh memory is what a 2-min stereo
 * meter spent most of its time on: a 46 MB prefix array per call).
 */
function weightedHopPowers(channels: readonly Float32Array[], sampleRate: number, hop: number): Float64Array {
  const n = channels[0]?.length ?? 0;
  const hops = new Float64Array(Math.floor(n / hop));
  const weights = channelWeights(channels.length);
  const [shelf, hp] = kWeightingFilters(sampleRate);
  channels.forEach((ch, c) => {
    const g = weights[c]!;
    if (g !== 0) addKWeightedHops(ch, shelf, hp, g, hop, hops);
  });
  return hops;
}

/** One channel K-weighted (shelf then high-pass, direct form I, float64 state); g · Σ y² per full hop added into `hops`. */
function addKWeightedHops(x: Float32Array, shelf: Biquad, hp: Biquad, g: number, hop: number, hops: Float64Array): void {
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  const { b0, b1, b2, a1, a2 } = shelf;
  const { b0: c0, b1: c1, b2: c2, a1: d1, a2: d2 } = hp;
  const end = hops.length * hop;
  for (let h = 0, i = 0; i < end; h++) {
    let acc = 0;
    for (const stop = i + hop; i < stop; i++) {
      const xi = x[i]!;
      const yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = xi;
      const zi = c0 * yi + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
      y2 = y1;
      y1 = yi;
      z2 = z1;
      z1 = zi;
      acc += zi * zi;
    }
    hops[h]! += g * acc;
  }
}

/**
 * Mean-square energies of the BS.1770 windows of `seconds` (0.4 momentary, 3 short-term),
 * one every 100 ms, full windows only. At rates where the window is a whole number of 100-ms
 * hops (every rate divisible by 10: 8 k … 192 kHz) they are sums of hop powers; otherwise
 * from per-sample powers (hops of one sample) and their prefix sum.
 */
function meterWindows(channels: readonly Float32Array[], sampleRate: number, windowSeconds: readonly number[]): number[][] {
  const hop = Math.round(0.1 * sampleRate);
  const wins = windowSeconds.map((s) => Math.round(s * sampleRate));
  if (wins.some((w) => w % hop !== 0)) {
    const power = weightedHopPowers(channels, sampleRate, 1);
    return wins.map((w) => windowEnergies(power, w, hop));
  }
  const hops = weightedHopPowers(channels, sampleRate, hop);
  return wins.map((w) => {
    const k = w / hop;
    const out: number[] = [];
    for (let s = 0; s + k <= hops.length; s++) {
      let e = 0;
      for (let j = s; j < s + k; j++) e += hops[j]!;
      out.push(e / w);
    }
    return out;
  });
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

/** Half-length of the true-peak interpolator, in input samples (32 taps per phase). */
const TP_HALF = 16;
/** Its cutoff as a fraction of the input Nyquist frequency, and Kaiser β (as ffmpeg's swresample defaults). */
const TP_CUTOFF = 0.97;
const TP_BETA = 9;

/** Zeroth-order modified Bessel function of the first kind (series). */
function besselI0(x: number): number {
  let sum = 1,
    term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/**
 * Polyphase 4× interpolator: phase k ∈ {1,2,3} estimates x(i + k/4) as
 * Σ_{j=−15..16} x[i+j]·h_k[j+15], a Kaiser-windowed sinc (cutoff 0.97 × Nyquist,
 * β = 9, 32 taps per phase), each phase normalised to unit DC gain. Phase 0 is the
 * sample itself. This is sharper than the 12-tap example of BS.1770-4 Annex 2
 * (which under-reads by ~0.4 dB near 20 kHz) and agrees with ffmpeg's ebur128.
 */
export const TRUE_PEAK_PHASES: readonly Float64Array[] = (() => {
  const phases: Float64Array[] = [];
  for (let k = 1; k < 4; k++) {
    const mu = k / 4;
    const h = new Float64Array(2 * TP_HALF);
    let sum = 0;
    for (let j = -TP_HALF + 1; j <= TP_HALF; j++) {
      const u = j - mu;
      const arg = Math.PI * TP_CUTOFF * u;
      const sinc = u === 0 ? 1 : Math.sin(arg) / arg;
      const r = u / (TP_HALF + 0.5);
      const w = Math.abs(r) < 1 ? besselI0(TP_BETA * Math.sqrt(1 - r * r)) / besselI0(TP_BETA) : 0;
      h[j + TP_HALF - 1] = TP_CUTOFF * sinc * w;
      sum += h[j + TP_HALF - 1]!;
    }
    for (let j = 0; j < h.length; j++) h[j]! /= sum;
    phases.push(h);
  }
  return phases;
})();

/** Central taps j = −5..6 used for the cheap first estimate, and each phase's bound on the rest (≤ 0.1). */
const TP_CORE_LO = TP_HALF - 6; // index of j = −5
const TP_CORE_HI = TP_HALF + 5; // index of j = +6
const TP_TAIL_L1 = TRUE_PEAK_PHASES.map((h) => {
  let s = 0;
  for (let t = 0; t < h.length; t++) if (t < TP_CORE_LO || t > TP_CORE_HI) s += Math.abs(h[t]!);
  return s;
});
const TP_TAIL = Math.max(...TP_TAIL_L1);
/** Largest L1 norm of a whole phase: |interpolated| ≤ TP_L1 × max |x| in its window. */
const TP_L1 = Math.max(...TRUE_PEAK_PHASES.map((h) => h.reduce((a, v) => a + Math.abs(v), 0)));
const [TP_H1, TP_H2, TP_H3] = TRUE_PEAK_PHASES as [Float64Array, Float64Array, Float64Array];

/**
 * Cheap estimate at an interior sample i (TP_HALF − 1 ≤ i < n − TP_HALF): max over the three
 * interpolated phases x(i+¼), x(i+½), x(i+¾) using the 12 central taps only; the full value
 * differs from it by at most TP_TAIL × max |x| in the window.
 */
function corePhasePeak(x: Float32Array, i: number): number {
  let c1 = 0,
    c2 = 0,
    c3 = 0;
  for (let t = TP_CORE_LO; t <= TP_CORE_HI; t++) {
    const v = x[i + t - TP_HALF + 1]!;
    c1 += TP_H1[t]! * v;
    c2 += TP_H2[t]! * v;
    c3 += TP_H3[t]! * v;
  }
  return Math.max(Math.abs(c1), Math.abs(c2), Math.abs(c3));
}

/** Exact max over the three interpolated phases after sample i (taps outside x count as 0). */
function fullPhasePeak(x: Float32Array, i: number): number {
  const n = x.length;
  let s1 = 0,
    s2 = 0,
    s3 = 0;
  const jLo = Math.max(-TP_HALF + 1, -i);
  const jHi = Math.min(TP_HALF, n - 1 - i);
  for (let j = jLo; j <= jHi; j++) {
    const v = x[i + j]!;
    const t = j + TP_HALF - 1;
    s1 += TP_H1[t]! * v;
    s2 += TP_H2[t]! * v;
    s3 += TP_H3[t]! * v;
  }
  return Math.max(Math.abs(s1), Math.abs(s2), Math.abs(s3));
}

/**
 * Oversampled peak envelope of one channel: out[i] = max(|x[i]|, |x(i+¼)|, |x(i+½)|, |x(i+¾)|)
 * through the 4× interpolator. Exact wherever the result exceeds `floor` (linear); below
 * it out[i] may be just |x[i]|. Cost-saving bound: the full 32-tap value differs from
 * the 12 central taps' value by at most (L1 of the other taps) × (max |x| near i), so the
 * full filter runs only where that bound can reach the floor. With `raiseFloor` the
 * floor follows the largest value found so far (what a true-peak maximum needs).
 */
export function oversampledPeakEnvelope(x: Float32Array, floor = 0, raiseFloor = false): Float32Array {
  const n = x.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]!);
  const win = 2 * TP_HALF;
  let fl = floor;
  for (let start = 0; start < n; start += win) {
    // Max |x| over every window touching this block: [start − 15, start + win − 1 + 16].
    let m = 0;
    const lo = Math.max(0, start - TP_HALF + 1);
    const hi = Math.min(n - 1, start + win - 1 + TP_HALF);
    for (let j = lo; j <= hi; j++) if (out[j]! > m) m = out[j]!;
    const end = Math.min(n, start + win);
    if (m === 0 || m * TP_L1 <= fl) {
      if (raiseFloor) for (let i = start; i < end; i++) if (out[i]! > fl) fl = out[i]!;
      continue;
    }
    const slack = TP_TAIL * m;
    for (let i = start; i < end; i++) {
      const interior = i >= TP_HALF - 1 && i + TP_HALF < n;
      if (interior && corePhasePeak(x, i) + slack <= fl) continue;
      const a = fullPhasePeak(x, i);
      if (a > out[i]!) out[i] = a;
      if (raiseFloor && out[i]! > fl) fl = out[i]!;
    }
  }
  return out;
}

/**
 * Largest possible true peak of a signal whose sample peak is `samplePeak` (linear): every
 * interpolated value is a sum of at most one phase's taps times samples, so
 * |x(i + k/4)| ≤ TP_L1 × samplePeak. When this is at or under a ceiling, the oversampled
 * pass cannot find anything over it and may be skipped.
 */
export function truePeakUpperBound(samplePeak: number): number {
  return samplePeak * TP_L1;
}

/** Sub-block length for the true-peak scan's block maxima (half the interpolator's window). */
const TP_SUB = TP_HALF;

/**
 * max(floor, exact 4× oversampled peak of x), with the floor raised as peaks are found: the
 * same computation as `oversampledPeakEnvelope(x, floor, true)` followed by its maximum, but
 * without building the envelope. Block bounds come from maxima of |x| over 16-sample
 * sub-blocks (the 4 sub-blocks around a 32-sample block cover every window touching it).
 */
function truePeakScan(x: Float32Array, floor: number): number {
  const n = x.length;
  const nSub = Math.ceil(n / TP_SUB);
  const subMax = new Float32Array(nSub + 2); // subMax[s + 1] = max |x| over sub-block s; pads are 0
  for (let s = 0; s < nSub; s++) {
    let m = 0;
    const end = Math.min(n, (s + 1) * TP_SUB);
    for (let i = s * TP_SUB; i < end; i++) {
      const a = Math.abs(x[i]!);
      if (a > m) m = a;
    }
    subMax[s + 1] = m;
  }
  const win = 2 * TP_HALF;
  let fl = floor;
  for (let start = 0; start < n; start += win) {
    // Sub-blocks s−1 .. s+2 with s = start / 16 span [start − 16, start + 47] ⊇ every window touching the block.
    const s = start / TP_SUB;
    let m = subMax[s]!;
    if (subMax[s + 1]! > m) m = subMax[s + 1]!;
    if (s + 2 <= nSub && subMax[s + 2]! > m) m = subMax[s + 2]!;
    if (s + 3 <= nSub && subMax[s + 3]! > m) m = subMax[s + 3]!;
    if (m === 0 || m * TP_L1 <= fl) continue; // block samples are ≤ m ≤ fl too
    const end = Math.min(n, start + win);
    const slack = TP_TAIL * m;
    for (let i = start; i < end; i++) {
      const interior = i >= TP_HALF - 1 && i + TP_HALF < n;
      if (interior && corePhasePeak(x, i) + slack <= fl) continue;
      // Rounded to float32 as the envelope stores it, so both forms return the same number.
      const a = Math.fround(fullPhasePeak(x, i));
      if (a > fl) fl = a;
    }
  }
  return fl;
}

/**
 * True peak of one channel as a linear amplitude: maximum |y| of the 4× oversampled
 * signal, never below the sample peak. `atLeast`: a peak already known (e.g. from
 * another channel, or a ceiling); the result is max(atLeast, this channel's true peak),
 * faster: when the channel's sample peak × the interpolator's L1 gain is ≤ `atLeast`
 * no oversampling is done at all.
 */
export function truePeakLinear(x: Float32Array, atLeast = 0): number {
  let cp = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]!);
    if (a > cp) cp = a;
  }
  if (cp * TP_L1 <= atLeast) return atLeast;
  return truePeakScan(x, cp > atLeast ? cp : atLeast);
}

/** The previous, envelope-based form of `truePeakLinear` (reference for tests). */
export function truePeakLinearByEnvelope(x: Float32Array, atLeast = 0): number {
  let sp = atLeast;
  for (let i = 0; i < x.length; i++) sp = Math.max(sp, Math.abs(x[i]!));
  const env = oversampledPeakEnvelope(x, sp, true);
  let p = atLeast;
  for (let i = 0; i < env.length; i++) if (env[i]! > p) p = env[i]!;
  return p;
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
  const [momentary, shortTerm] = meterWindows(channels, sampleRate, [0.4, 3]) as [number[], number[]];
  let tp = 0;
  let sp = 0;
  for (const ch of channels) {
    tp = truePeakLinear(ch, tp);
    for (let i = 0; i < ch.length; i++) sp = Math.max(sp, Math.abs(ch[i]!));
  }
  const maxOf = (xs: number[]): number => energyToLufs(xs.reduce((m, x) => (x > m ? x : m), 0));
  return {
    integrated: gatedIntegrated(momentary) as Lufs,
    truePeak: toDb(tp) as Decibels,
    samplePeak: toDb(sp) as Decibels,
    momentaryMax: maxOf(momentary) as Lufs,
    shortTermMax: maxOf(shortTerm) as Lufs,
    lra: loudnessRange(shortTerm),
  };
}

/**
 * Integrated loudness only (LUFS, BS.1770-4 gating), without the true-peak and range work
 * of `measureLoudness`: for gain decisions inside the mixer.
 */
export function integratedLoudness(channels: readonly Float32Array[], sampleRate: number): number {
  return gatedIntegrated(meterWindows(channels, sampleRate, [0.4])[0]!);
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
