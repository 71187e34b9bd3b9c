/**
 * Key finding by the Krumhansl–Schmuckler algorithm (classical): correlate the
 * duration-weighted pitch-class distribution with the Krumhansl–Kessler (1982) probe-tone
 * profiles rotated to each of the 24 keys; the key with the highest Pearson r wins.
 */
import type { Mode } from '../model/artifacts.js';
import { pitchClassHistogram } from './pitch.js';
import { pearson } from './stats.js';

/** Krumhansl & Kessler (1982) probe-tone ratings, tonic first. */
export const KK_MAJOR: readonly number[] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
export const KK_MINOR: readonly number[] = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export interface KeyEstimate {
  readonly tonic: number;
  readonly mode: Mode;
  /** Pearson r of the winning key. */
  readonly r: number;
  /** r of the best key of the other mode (the margin tells how sure the mode is). */
  readonly otherModeR: number;
}

/** Pearson r of the notes' pitch-class distribution with each key: index tonic (0..11) for major, 12 + tonic for minor. */
export function keyCorrelations(notes: readonly { pitch: number; duration: number }[]): number[] {
  const h = pitchClassHistogram(notes);
  const out: number[] = [];
  for (const prof of [KK_MAJOR, KK_MINOR]) {
    for (let tonic = 0; tonic < 12; tonic++) out.push(pearson(h, h.map((_, pcIdx) => prof[(pcIdx - tonic + 12) % 12])));
  }
  return out;
}

/** Estimate the key of pitched notes; null when there are no notes (or all 12 classes equally). */
export function findKey(notes: readonly { pitch: number; duration: number }[]): KeyEstimate | null {
  if (notes.length === 0) return null;
  const h = pitchClassHistogram(notes);
  let best: KeyEstimate | null = null;
  const bestR: Record<Mode, number> = { major: -Infinity, minor: -Infinity };
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const mode of ['major', 'minor'] as const) {
      const prof = mode === 'major' ? KK_MAJOR : KK_MINOR;
      const rotated = h.map((_, pcIdx) => prof[(pcIdx - tonic + 12) % 12]);
      const r = pearson(h, rotated);
      if (r > bestR[mode]) bestR[mode] = r;
      if (!best || r > best.r + 1e-12) best = { tonic, mode, r, otherModeR: -Infinity };
    }
  }
  if (!best) return null; // a flat distribution correlates with nothing
  return { ...best, otherModeR: bestR[best.mode === 'major' ? 'minor' : 'major'] };
}
