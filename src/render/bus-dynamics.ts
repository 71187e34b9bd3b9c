/**
 * Classical dynamics and EQ for the score bus.
 *
 * - `carveSpeechBand`: while dialogue is present the music's 1–4 kHz band (where speech
 *   intelligibility lives) is cut further than the broadband duck: y = x − c(t)·BP(x), with
 *   BP an RBJ band-pass (0 dB peak at 2 kHz, Q 0.67 ≈ two octaves, 1–4 kHz) and c(t) following
 *   the ducking curve, so the cut comes and goes with the duck and never steps. At full duck the
 *   2 kHz cut is `carveDb` on top of the broadband gain. The filter is linear and time-varying
 *   only through c(t): carving stems one by one equals carving their sum.
 * - `compressBus`: a feed-forward RMS compressor (soft knee, stereo-linked) for the score's
 *   sum, its threshold relative to the bus's own integrated loudness so it only catches peaks
 *   of the arrangement (the hits), not the whole cue.
 */
import { integratedLoudness } from './loudness.js';
import { rbjHighPass, rbjHighShelf, runBiquad } from '../util/biquad.js';

/** RBJ band-pass (constant 0 dB peak gain) coefficients b0, b2 (b1 = 0), a1, a2. */
function bandPass(f0: number, q: number, sr: number): [number, number, number, number] {
  const w = (2 * Math.PI * f0) / sr;
  const alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  return [alpha / a0, -alpha / a0, (-2 * Math.cos(w)) / a0, (1 - alpha) / a0];
}

/**
 * In place: cuts the 1–4 kHz band of `channels` by up to `carveDb` (negative) where the
 * ducking gain `duckGain` is down; `depthGain` is the gain at full duck (10^(depthDb/20)).
 */
export function carveSpeechBand(channels: readonly Float32Array[], duckGain: Float32Array, depthGain: number, sr: number, carveDb = -6): void {
  if (!(depthGain < 1) || carveDb >= 0) return;
  const full = 1 - Math.pow(10, carveDb / 20);
  const [b0, b2, a1, a2] = bandPass(2000, 0.67, sr);
  for (const x of channels) {
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      const y = b0 * xi + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1; x1 = xi; y2 = y1; y1 = y;
      const d = (1 - duckGain[i]!) / (1 - depthGain);
      if (d > 0) x[i] = xi - full * Math.min(1, d) * y;
    }
  }
}

export interface CompressorOptions {
  /** Threshold above the bus's integrated loudness, dB, default +8. */
  readonly thresholdAboveLufs?: number;
  readonly ratio?: number;
  readonly attack?: number;
  readonly release?: number;
  readonly kneeDb?: number;
}

/**
 * In place; returns the linear gain curve applied (so the same gain can be applied to the
 * stems, which then still sum to the bus) and the deepest gain reduction, dB (≤ 0).
 */
export function compressBus(channels: readonly Float32Array[], sr: number, o: CompressorOptions = {}): { gain: Float32Array; deepestDb: number } {
  const n = channels[0]?.length ?? 0;
  const gain = new Float32Array(n).fill(1);
  const lufs = integratedLoudness(channels, sr);
  if (n === 0 || !Number.isFinite(lufs)) return { gain, deepestDb: 0 };
  const thr = lufs + (o.thresholdAboveLufs ?? 8);
  const ratio = o.ratio ?? 2;
  const knee = o.kneeDb ?? 6;
  const aAtt = Math.exp(-1 / ((o.attack ?? 0.03) * sr));
  const aRel = Math.exp(-1 / ((o.release ?? 0.3) * sr));
  const aRms = Math.exp(-1 / (0.01 * sr));
  let ms = 0, grDb = 0, deepest = 0;
  /** Mean square under which the level is surely below the knee (over ≤ −knee/2). */
  const belowKnee = Math.pow(10, (thr - knee / 2 - 3) / 10) * (1 - 1e-9);
  const nch = channels.length;
  const left = channels[0]!;
  const right = nch === 2 ? channels[1]! : null;
  for (let i = 0; i < n; i++) {
    let p: number;
    if (right) {
      const l = left[i]!, r = right[i]!;
      p = 0 + l * l + r * r;
    } else {
      p = 0;
      for (let c = 0; c < nch; c++) p += channels[c]![i]! * channels[c]![i]!;
    }
    ms = aRms * ms + (1 - aRms) * (p / nch);
    let target = 0;
    // Below the knee (checked in the power domain, with a margin far above log10's rounding)
    // the target is 0 and the level need not be computed.
    if (ms + 1e-20 > belowKnee) {
      // RMS of a full-scale sine reads −3 dB; +3 keeps the scale near LUFS for music.
      const lvl = 10 * Math.log10(ms + 1e-20) + 3;
      const over = lvl - thr;
      if (over > knee / 2) target = over * (1 / ratio - 1);
      else if (over > -knee / 2) target = ((1 / ratio - 1) * (over + knee / 2) ** 2) / (2 * knee);
    }
    grDb = target < grDb ? aAtt * grDb + (1 - aAtt) * target : aRel * grDb + (1 - aRel) * target;
    if (grDb < deepest) deepest = grDb;
    // |grDb| < 1e-7 dB: |g − 1| < 1.2e-8 < 2^−26, so x·g rounds back to x in float32 and the
    // float32 gain is 1 — exactly what the power would give; skip it (the release tail is long).
    const g = grDb > -1e-7 ? 1 : Math.pow(10, grDb / 20);
    gain[i] = g;
    if (g !== 1) {
      if (right) {
        left[i] *= g;
        right[i] *= g;
      } else for (let c = 0; c < nch; c++) channels[c]![i] *= g;
    }
  }
  return { gain, deepestDb: deepest };
}

/**
 * Per-stem EQ, classical: a 2nd-order Butterworth high-pass under each family's lowest useful
 * note (rumble, SoundFont sample noise and reverb mud below it only muddy the sum) and an
 * optional high shelf. Returns new arrays; the input stays untouched.
 */
export interface StemEq {
  readonly highPassHz: number;
  /** High shelf at 6 kHz, dB (0: none). */
  readonly highShelfDb?: number;
}

export const DEFAULT_STEM_EQ: Readonly<Record<string, StemEq>> = {
  strings: { highPassHz: 35 },
  brass: { highPassHz: 45, highShelfDb: -1.5 },
  woodwinds: { highPassHz: 90 },
  keys: { highPassHz: 30 },
  percussion: { highPassHz: 25 },
  synths: { highPassHz: 25 },
  fx: { highPassHz: 20 },
};

export function equaliseStem(channels: readonly Float32Array[], eq: StemEq, sr: number): Float32Array[] {
  const hp = rbjHighPass(eq.highPassHz, sr);
  const shelf = eq.highShelfDb ? rbjHighShelf(6000, eq.highShelfDb, sr) : null;
  return channels.map((ch) => {
    const y = runBiquad(ch, hp);
    return shelf ? runBiquad(y, shelf, y) : y; // the shelf in place
  });
}
