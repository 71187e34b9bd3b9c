/**
 * Small music-theory tables and helpers for the composer: scales, chord qualities and
 * pitch-class arithmetic. Plain data + pure functions (the tables are the textbook ones:
 * the diatonic major scale, the natural minor (Aeolian) scale, and tertian chord spellings
 * as semitone sets above the root, as in tonal's chord-type table).
 */
import type { Mode } from '../model/artifacts.js';

/** Semitones above the tonic of the major (Ionian) scale degrees 1..7. */
export const MAJOR_SCALE: readonly number[] = [0, 2, 4, 5, 7, 9, 11];
/** Semitones above the tonic of the natural minor (Aeolian) scale degrees 1..7. */
export const MINOR_SCALE: readonly number[] = [0, 2, 3, 5, 7, 8, 10];

export type ChordQuality = 'maj' | 'min' | 'dim' | 'sus4' | 'maj7' | 'min7' | 'dom7' | 'hdim7' | '7b9' | '5';

/** Chord tones as semitones above the root, root first. */
export const CHORD_INTERVALS: Readonly<Record<ChordQuality, readonly number[]>> = {
  maj: [0, 4, 7],
  min: [0, 3, 7],
  dim: [0, 3, 6],
  sus4: [0, 5, 7],
  maj7: [0, 4, 7, 11],
  min7: [0, 3, 7, 10],
  dom7: [0, 4, 7, 10],
  hdim7: [0, 3, 6, 10],
  /** Dominant seventh with a flat ninth, fifth left out (the minor key's jazz V: C E B♭ D♭ in F minor). */
  '7b9': [0, 4, 10, 13],
  '5': [0, 7],
};

/** The seventh-chord quality a triad becomes in a jazz voicing (root step above tonic decides maj7 vs dom7). */
export function seventhOf(quality: ChordQuality, stepAboveTonic: number, mode: Mode): ChordQuality {
  // The minor tonic stays a triad too: i7 holds the relative major's triad (Fm7 = F + A♭ C E♭)
  // and a short section of i7–ii°7–V7 is heard in the relative major.
  if (quality === 'min' && stepAboveTonic === 0 && mode === 'minor') return 'min';
  if (quality === 'min') return 'min7';
  if (quality === 'dim') return 'hdim7';
  // The major tonic stays a triad: Imaj7 holds the iii triad and is heard as the relative minor's.
  if (quality === 'maj' && stepAboveTonic === 0 && mode === 'major') return 'maj';
  if (quality === 'maj') {
    // V (and bVII in minor) are dominants; I, IV, bVI, bIII get a major seventh.
    // In minor the V takes the flat ninth (the key's own ♭6): iiø7–V7♭9–i, heard in minor, not in V's major.
    if (stepAboveTonic === 7 && mode === 'minor') return '7b9';
    if (stepAboveTonic === 7 || (mode === 'minor' && stepAboveTonic === 10)) return 'dom7';
    return 'maj7';
  }
  return quality;
}

/** Pitch class 0..11 of any integer (negative allowed). */
export function pc(n: number): number {
  return ((n % 12) + 12) % 12;
}

/** The scale (semitones above tonic) of a mode. */
export function scaleOf(mode: Mode): readonly number[] {
  return mode === 'major' ? MAJOR_SCALE : MINOR_SCALE;
}

/** Pitch classes of the key's scale (tonic 0..11). */
export function scalePcs(tonic: number, mode: Mode): number[] {
  return scaleOf(mode).map((s) => pc(tonic + s));
}

/** True when the MIDI pitch belongs to the key's scale. */
export function inScale(pitch: number, tonic: number, mode: Mode): boolean {
  return scalePcs(tonic, mode).includes(pc(pitch));
}

/** Pitch classes of a chord (root 0..11), root first. */
export function chordPcs(root: number, quality: ChordQuality): number[] {
  return CHORD_INTERVALS[quality].map((i) => pc(root + i));
}

/**
 * The MIDI pitch with pitch class `p` nearest to `target` inside [lo, hi] (ties go low).
 * If no such pitch exists in the range, the nearest one outside it is returned.
 */
export function nearestWithPc(p: number, target: number, lo = 0, hi = 127): number {
  let best = -1;
  let bestD = Infinity;
  for (let n = lo; n <= hi; n++) {
    if (pc(n) !== pc(p)) continue;
    const d = Math.abs(n - target);
    if (d < bestD) { best = n; bestD = d; }
  }
  if (best >= 0) return best;
  const base = target - pc(target) + pc(p);
  return Math.abs(base - target) <= 6 ? base : base + (base < target ? 12 : -12);
}

/** Diatonic degree index (… −1, 0, 1 …; 0 = tonic in octave `octaveBase`) → MIDI pitch. */
export function degreeToPitch(degree: number, tonic: number, mode: Mode, octaveBase: number): number {
  const scale = scaleOf(mode);
  const oct = Math.floor(degree / 7);
  const idx = degree - oct * 7;
  return octaveBase + pc(tonic) + scale[idx] + 12 * oct;
}

/** Nearest diatonic degree index of a MIDI pitch (inverse of {@link degreeToPitch}, rounding down between steps). */
export function pitchToDegree(pitch: number, tonic: number, mode: Mode, octaveBase: number): number {
  const rel = pitch - octaveBase - pc(tonic);
  const oct = Math.floor(rel / 12);
  const within = rel - oct * 12;
  const scale = scaleOf(mode);
  let idx = 0;
  for (let i = 0; i < scale.length; i++) if (scale[i] <= within) idx = i;
  return oct * 7 + idx;
}

/** Clamp to an integer MIDI velocity 1..127. */
export function clampVelocity(v: number): number {
  return Math.max(1, Math.min(127, Math.round(v)));
}
