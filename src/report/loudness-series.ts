/**
 * Loudness over time for the report: momentary (400 ms) and short-term (3 s) loudness,
 * ITU-R BS.1770-4 / EBU R128, one value every 100 ms — what a loudness meter's history
 * view shows. Classical DSP with the K-weighting filters and channel weights of
 * ../render/loudness.ts (so the maxima equal that module's momentaryMax/shortTermMax).
 *
 * A value is plotted at the END of its window (the time a meter would show it); the first
 * values, before a full window exists, are measured over the part that exists.
 */
import { channelWeights, kWeightingFilters } from '../render/loudness.js';

export interface LoudnessSeries {
  /** Seconds, every `hop`: the end of each window. */
  readonly t: readonly number[];
  /** Momentary loudness, LUFS, rounded to 0.1; null below −70 LUFS (silence). */
  readonly momentary: readonly (number | null)[];
  /** Short-term loudness, LUFS, as above. */
  readonly shortTerm: readonly (number | null)[];
}

/** Per-sample K-weighted power summed over channels with their BS.1770 weights, as prefix sums. */
function powerPrefix(channels: readonly Float32Array[], sampleRate: number): Float64Array {
  const n = channels[0]?.length ?? 0;
  const power = new Float64Array(n);
  const weights = channelWeights(channels.length);
  const [s, h] = kWeightingFilters(sampleRate);
  channels.forEach((x, c) => {
    const g = weights[c] ?? 1;
    if (g === 0) return;
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const yi = s.b0 * xi + s.b1 * x1 + s.b2 * x2 - s.a1 * y1 - s.a2 * y2;
      x2 = x1; x1 = xi;
      const zi = h.b0 * yi + h.b1 * y1 + h.b2 * y2 - h.a1 * z1 - h.a2 * z2;
      y2 = y1; y1 = yi;
      z2 = z1; z1 = zi;
      power[i]! += g * zi * zi;
    }
  });
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + power[i]!;
  return prefix;
}

const lufs = (energy: number): number | null => {
  if (!(energy > 0)) return null;
  const l = -0.691 + 10 * Math.log10(energy);
  return l < -70 ? null : Math.round(l * 10) / 10;
};

/** Momentary and short-term loudness every `hop` seconds (default 0.1 s, as EBU Tech 3341). */
export function loudnessSeries(channels: readonly Float32Array[], sampleRate: number, hop = 0.1): LoudnessSeries {
  const prefix = powerPrefix(channels, sampleRate);
  const n = prefix.length - 1;
  const step = Math.max(1, Math.round(hop * sampleRate));
  const wm = Math.round(0.4 * sampleRate), ws = Math.round(3 * sampleRate);
  const t: number[] = [], momentary: (number | null)[] = [], shortTerm: (number | null)[] = [];
  for (let end = step; end <= n; end += step) {
    const m0 = Math.max(0, end - wm), s0 = Math.max(0, end - ws);
    t.push(Math.round((end / sampleRate) * 1000) / 1000);
    momentary.push(lufs((prefix[end]! - prefix[m0]!) / (end - m0)));
    shortTerm.push(lufs((prefix[end]! - prefix[s0]!) / (end - s0)));
  }
  return { t, momentary, shortTerm };
}
