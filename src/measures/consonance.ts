/**
 * Sensory dissonance (roughness) after Plomp & Levelt (1965), eq. 45, in Sethares' (1993)
 * parametrisation of their curve: for two partials (f1 < f2, amplitudes a1, a2)
 *   d = a1·a2·(e^(−3.5·s·Δf) − e^(−5.75·s·Δf)),  s = 0.24 / (0.021·f1 + 19).
 * (Eq. 45 writes a Gaussian consonance exp(−k(f1−f2)²); the Plomp–Levelt curve it names is
 * not Gaussian, so we use the standard fit.) Each note has 6 harmonics with amplitudes
 * 0.88^k; a chord's roughness is the sum over all partial pairs of all note pairs, divided
 * by the number of note pairs and by the roughness of a minor second at middle C, so a
 * major triad scores about 0.1–0.2 and a semitone cluster near 1.
 */
import { slices } from './texture.js';

const HARMONICS = 6;
const freq = (p: number): number => 440 * Math.pow(2, (p - 69) / 12); // eq. 43

function pairRoughness(p1: number, p2: number): number {
  let d = 0;
  for (let i = 1; i <= HARMONICS; i++) {
    for (let j = 1; j <= HARMONICS; j++) {
      const fa = freq(p1) * i, fb = freq(p2) * j;
      const lo = Math.min(fa, fb), df = Math.abs(fa - fb);
      const s = 0.24 / (0.021 * lo + 19);
      d += Math.pow(0.88, i - 1) * Math.pow(0.88, j - 1) * (Math.exp(-3.5 * s * df) - Math.exp(-5.75 * s * df));
    }
  }
  return d;
}

const REF = pairRoughness(60, 61);
const cache = new Map<number, number>();
function cachedPair(a: number, b: number): number {
  const key = a * 128 + b;
  let v = cache.get(key);
  if (v === undefined) { v = pairRoughness(a, b) / REF; cache.set(key, v); }
  return v;
}

/** Normalised roughness of a set of simultaneous pitches (0 for fewer than two). */
export function chordRoughness(pitches: readonly number[]): number {
  let s = 0, n = 0;
  for (let i = 0; i < pitches.length; i++) for (let j = i + 1; j < pitches.length; j++) { s += cachedPair(pitches[i], pitches[j]); n++; }
  return n > 0 ? s / n : 0;
}

/** Duration-weighted mean roughness of the notes' sounding slices. */
export function meanRoughness(notes: readonly { tick: number; duration: number; pitch: number }[]): number {
  let w = 0, s = 0;
  for (const sl of slices(notes)) {
    if (sl.pitches.length < 2) continue;
    const d = sl.end - sl.tick;
    w += d; s += d * chordRoughness(sl.pitches);
  }
  return w > 0 ? s / w : 0;
}
