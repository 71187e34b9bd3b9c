/**
 * Pitch measures: pitch-class histogram, in-key ratio ("scale consistency") and
 * pitch-class entropy. Classical descriptive statistics, as defined in MusPy
 * (Dong et al., ISMIR 2020) and the Jazz Transformer evaluation (Wu & Yang, ISMIR 2020).
 *
 * Reference range for pitch-class entropy (whole cue, duration-weighted, bits; max log2 12 ≈ 3.585):
 *   tonal corpora measured with MusPy's pitch_class_entropy sit roughly between 2.6 and 3.3 bits
 *   (Bach chorales at the low end, pop/Lakh MIDI higher); strictly diatonic music is bounded by
 *   log2 7 ≈ 2.81 unless it modulates or uses chromatic notes. These figures are recalled from
 *   the published tables, not re-measured here: treat them as approximate. We accept
 *   [PC_ENTROPY_RANGE] = [2.2, 3.45] for a generated cue — lower would mean a drone-only or
 *   one-chord piece, higher an almost uniform (atonal) distribution.
 */
import type { Mode } from '../model/artifacts.js';

export const PC_ENTROPY_RANGE: readonly [number, number] = [2.2, 3.45];

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];

interface P { readonly pitch: number; readonly duration: number }

/** Duration-weighted pitch-class histogram (12 values summing to 1; all zero for no notes). */
export function pitchClassHistogram(notes: readonly P[], weight: 'duration' | 'count' = 'duration'): number[] {
  const h = new Array<number>(12).fill(0);
  let total = 0;
  for (const n of notes) {
    const w = weight === 'duration' ? Math.max(0, n.duration) : 1;
    h[((n.pitch % 12) + 12) % 12] += w;
    total += w;
  }
  return total > 0 ? h.map((x) => x / total) : h;
}

/** Shannon entropy (bits) of the pitch-class histogram. */
export function pitchClassEntropy(notes: readonly P[], weight: 'duration' | 'count' = 'duration'): number {
  let H = 0;
  for (const p of pitchClassHistogram(notes, weight)) if (p > 0) H -= p * Math.log2(p);
  return H;
}

/** Pitch classes of a key's diatonic scale (natural minor for 'minor'). */
export function keyScale(tonic: number, mode: Mode): number[] {
  return (mode === 'major' ? MAJOR : MINOR).map((s) => (tonic + s) % 12);
}

/**
 * Fraction of notes (by count) whose pitch class is in the key's scale. In minor, the
 * raised 6th and 7th (melodic/harmonic minor) count as in key when `harmonicMinor` is true
 * (the default: a V chord in minor has a leading tone).
 * Returns 1 for no notes.
 */
export function inKeyRatio(notes: readonly P[], tonic: number, mode: Mode, harmonicMinor = true): number {
  if (notes.length === 0) return 1;
  const scale = new Set(keyScale(tonic, mode));
  if (mode === 'minor' && harmonicMinor) { scale.add((tonic + 9) % 12); scale.add((tonic + 11) % 12); }
  let inside = 0;
  for (const n of notes) if (scale.has(((n.pitch % 12) + 12) % 12)) inside++;
  return inside / notes.length;
}

/** The best scale consistency over all 24 keys (MusPy's scale_consistency): max in-key ratio. */
export function scaleConsistency(notes: readonly P[]): number {
  let best = 0;
  for (let t = 0; t < 12; t++) for (const m of ['major', 'minor'] as const) best = Math.max(best, inKeyRatio(notes, t, m, false));
  return best;
}
