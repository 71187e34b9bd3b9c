/**
 * Colour and light per frame (classical image statistics): mean luma, mean saturation,
 * warmth (R−B balance), contrast (luma std); and flashes as luminance spikes — a run of
 * at most `flashMaxDuration` seconds whose mean luma rises at least `flashMinRise` above
 * both the frame before and the frame after it.
 */
import { seconds, type Seconds } from '../../model/units.js';
import type { FrameDetector } from './detector.js';
import type { FrameFeatures } from './frame-features.js';

export interface ColourOptions {
  /** Mean-luma rise (0..1) above both sides that makes a flash. */
  readonly flashMinRise: number;
  /** Longest flash, seconds (a longer bright stretch is lighting, not a flash). */
  readonly flashMaxDuration: number;
  /** Rise (0..1) mapped to flash strength 1. */
  readonly flashFullRise: number;
}

export const DEFAULT_COLOUR_OPTIONS: ColourOptions = {
  flashMinRise: 0.1,
  flashMaxDuration: 0.15,
  flashFullRise: 0.5,
};

export interface Flash {
  readonly t: Seconds;
  readonly duration: Seconds;
  /** 0..1 */
  readonly strength: number;
}

export interface ColourResult {
  readonly t: readonly number[];
  /** Mean luma 0..1. */
  readonly luma: readonly number[];
  /** Mean HSV saturation 0..1. */
  readonly saturation: readonly number[];
  /** −1 blue .. +1 warm. */
  readonly warmth: readonly number[];
  /** Luma std 0..0.5. */
  readonly contrast: readonly number[];
  readonly flashes: readonly Flash[];
}

export class ColourDetector implements FrameDetector<ColourResult> {
  private readonly o: ColourOptions;
  private readonly t: number[] = [];
  private readonly luma: number[] = [];
  private readonly saturation: number[] = [];
  private readonly warmth: number[] = [];
  private readonly contrast: number[] = [];

  constructor(opts: Partial<ColourOptions> = {}) {
    this.o = { ...DEFAULT_COLOUR_OPTIONS, ...opts };
  }

  process(f: FrameFeatures): void {
    this.t.push(f.t);
    this.luma.push(f.meanLuma);
    this.saturation.push(f.meanSat);
    this.warmth.push(f.warmth);
    this.contrast.push(f.contrast);
  }

  finish(endT: Seconds): ColourResult {
    return {
      t: this.t, luma: this.luma, saturation: this.saturation, warmth: this.warmth, contrast: this.contrast,
      flashes: findFlashes(this.t, this.luma, endT, this.o),
    };
  }
}

/** Luminance spikes: runs ≤ flashMaxDuration whose luma exceeds both outside neighbours by ≥ flashMinRise. */
export function findFlashes(t: readonly number[], luma: readonly number[], endT: number, o: ColourOptions): Flash[] {
  const out: Flash[] = [];
  const n = t.length;
  let i = 1;
  while (i < n - 1) {
    const before = luma[i - 1];
    if (luma[i] - before < o.flashMinRise) {
      i++;
      continue;
    }
    // Extend the run while frames stay above `before` + rise, within the max duration.
    let j = i;
    let peak = luma[i];
    while (j + 1 < n && t[j + 1] - t[i] < o.flashMaxDuration && luma[j + 1] - before >= o.flashMinRise) {
      j++;
      peak = Math.max(peak, luma[j]);
    }
    // j+1 must exist and be back down.
    if (j + 1 < n && peak - luma[j + 1] >= o.flashMinRise) {
      const rise = peak - Math.max(before, luma[j + 1]);
      const end = j + 1 < n ? t[j + 1] : endT;
      out.push({ t: seconds(t[i]), duration: seconds(end - t[i]), strength: Math.min(1, rise / o.flashFullRise) });
      i = j + 2;
    } else {
      i = j + 1;
    }
  }
  return out;
}
