/**
 * Visual valence/arousal/dominance — a documented classical mapping from picture features to
 * VAD in [−1, 1] (eq. 2's VAD space), no learned model.
 *
 * Why these features:
 * - Arousal: Hanjalic & Xu (2005, "Affective video content representation and modeling")
 *   model arousal from motion activity and shot-cut rate (with sound energy); faster cutting
 *   and more motion raise arousal, as film-music practice also assumes (action cues follow
 *   the editing pace). Camera shake and flashes (explosions, gunfire) are arousing too.
 * - Valence: brightness is the strongest colour predictor of pleasure (Valdez & Mehrabian
 *   1994); warm hues and saturated colour read as more pleasant than dark, cold, desaturated
 *   images (lighting "key" in Wang & Cheong 2006, "Affective understanding in film").
 * - Dominance: hard, high-contrast light reads as powerful/controlling; low-key, flat light as
 *   submissive.
 * - Faces (optional, `--faces`): faces.ts maps expression probabilities to VAD and
 *   `blendFaceVad` mixes that in where faces are seen, weighted by face size (close-ups count most).
 *
 * Each raw feature is mapped to 0..1 by a saturating curve 1 − exp(−x / scale) (scales in
 * DEFAULT_VISUAL_VAD_OPTIONS, in the features' own units), combined linearly and squashed by
 * tanh so the result stays inside (−1, 1).
 */
import type { Vad } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import { movingAverage } from './motion.js';
import { countInRange } from '../../util/sorted-search.js';

export interface VisualVadOptions {
  /** Motion magnitude (frame widths per frame) giving 63 % of the motion term. */
  readonly motionScale: number;
  /** Cuts per 10 s giving 63 % of the cut-rate term (6 per 10 s ≈ action cutting). */
  readonly cutRateScale: number;
  /** Shake (frame widths per frame) giving 63 % of the shake term. */
  readonly shakeScale: number;
  /** Flashes per second (±1 s) giving 63 % of the flash term. */
  readonly flashRateScale: number;
  /** Arousal weights of motion, cut rate, shake, flashes (sum 1). */
  readonly arousalWeights: readonly [number, number, number, number];
  /** Arousal gain: arousal = tanh(gain · (Σ w·term − arousalCentre)). */
  readonly arousalGain: number;
  readonly arousalCentre: number;
  /** Valence = tanh(wL·(luma − lumaCentre) + wW·warmth + wS·(sat − satCentre)). */
  readonly valenceLuma: number;
  readonly lumaCentre: number;
  readonly valenceWarmth: number;
  readonly valenceSat: number;
  readonly satCentre: number;
  /** Dominance = tanh(wC·(contrast − contrastCentre)). */
  readonly dominanceContrast: number;
  readonly contrastCentre: number;
  /** Centred smoothing window of the output, seconds (affect changes slower than frames). */
  readonly smoothing: number;
}

export const DEFAULT_VISUAL_VAD_OPTIONS: VisualVadOptions = {
  motionScale: 0.02,
  cutRateScale: 6,
  shakeScale: 0.01,
  flashRateScale: 1,
  arousalWeights: [0.45, 0.3, 0.15, 0.1],
  arousalGain: 3,
  arousalCentre: 0.3,
  valenceLuma: 3,
  lumaCentre: 0.4,
  valenceWarmth: 1.5,
  valenceSat: 1,
  satCentre: 0.3,
  dominanceContrast: 8,
  contrastCentre: 0.18,
  smoothing: 0.5,
};

/** Per-frame inputs (same length, t in seconds). */
export interface VisualVadInput {
  readonly t: readonly number[];
  /** Frame widths per frame. */
  readonly motion: readonly number[];
  readonly shake: readonly number[];
  /** 0..1 */
  readonly luma: readonly number[];
  readonly saturation: readonly number[];
  /** −1..1 */
  readonly warmth: readonly number[];
  /** Luma std 0..0.5. */
  readonly contrast: readonly number[];
}

const sat = (x: number, scale: number): number => 1 - Math.exp(-Math.max(0, x) / scale);

/**
 * Per-frame VAD from picture features; `cutTimes` and `flashTimes` in seconds.
 * Cut rate at t = cuts in [t − 5, t + 5] per 10 s (window clipped to the clip, rescaled).
 */
export function visualVad(
  input: VisualVadInput,
  cutTimes: readonly number[],
  flashTimes: readonly number[],
  opts: VisualVadOptions = DEFAULT_VISUAL_VAD_OPTIONS,
): (Vad & { t: Seconds })[] {
  return vadObjects(visualVadColumns(input, cutTimes, flashTimes, opts));
}

/** One {t, v, a, d} object per frame from VAD columns (any array-like: number[] or Float64Array). */
export function vadObjects(c: { readonly [K in keyof VadColumns]: ArrayLike<number> }): (Vad & { t: Seconds })[] {
  const out: (Vad & { t: Seconds })[] = new Array(c.t.length);
  for (let i = 0; i < out.length; i++) out[i] = { t: seconds(c.t[i]), v: c.v[i], a: c.a[i], d: c.d[i] };
  return out;
}

/** Per-frame VAD as columns (same values as `visualVad`; no object per frame). */
export interface VadColumns {
  readonly t: readonly number[];
  readonly v: readonly number[];
  readonly a: readonly number[];
  readonly d: readonly number[];
}

/** `visualVad` as columns. */
export function visualVadColumns(
  input: VisualVadInput,
  cutTimes: readonly number[],
  flashTimes: readonly number[],
  opts: VisualVadOptions = DEFAULT_VISUAL_VAD_OPTIONS,
): VadColumns {
  const o = opts;
  const { t } = input;
  const n = t.length;
  if (n === 0) return { t: [], v: [], a: [], d: [] };
  const t0 = t[0], t1 = t[n - 1];
  const cuts = [...cutTimes].sort((a, b) => a - b);
  const flashes = [...flashTimes].sort((a, b) => a - b);
  const a: number[] = [], v: number[] = [], d: number[] = [];
  const [wm, wc, ws, wf] = o.arousalWeights;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(t0, t[i] - 5), hi = Math.min(t1, t[i] + 5);
    const span = Math.max(1, hi - lo);
    const cutRate = (countInRange(cuts, lo, hi) * 10) / span;
    const flo = Math.max(t0, t[i] - 1), fhi = Math.min(t1, t[i] + 1);
    const flashRate = countInRange(flashes, flo, fhi) / Math.max(0.5, fhi - flo);
    const term =
      wm * sat(input.motion[i], o.motionScale) + wc * sat(cutRate, o.cutRateScale) +
      ws * sat(input.shake[i], o.shakeScale) + wf * sat(flashRate, o.flashRateScale);
    a.push(Math.tanh(o.arousalGain * (term - o.arousalCentre)));
    v.push(Math.tanh(o.valenceLuma * (input.luma[i] - o.lumaCentre) + o.valenceWarmth * input.warmth[i] + o.valenceSat * (input.saturation[i] - o.satCentre)));
    d.push(Math.tanh(o.dominanceContrast * (input.contrast[i] - o.contrastCentre)));
  }
  return { t, v: movingAverage(t, v, o.smoothing), a: movingAverage(t, a, o.smoothing), d: movingAverage(t, d, o.smoothing) };
}
