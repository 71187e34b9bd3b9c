/**
 * Voice-leading measure: parallel perfect fifths and octaves (compound intervals and
 * unisons included) between the lowest and the highest sounding voice, read from the
 * notes themselves (a "skyline" top voice and a lowest-note bass), slice to slice.
 * Counted when both outer voices move in the same direction and the interval class is a
 * perfect fifth (7) or octave/unison (0) before and after.
 */
import { slices } from './texture.js';

interface N { readonly tick: number; readonly duration: number; readonly pitch: number }

export interface ParallelMotion {
  readonly tick: number;
  readonly interval: 'fifth' | 'octave';
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
}

/** Parallel fifths/octaves between the outer voices of `notes` (give it the chorale-like parts). */
export function parallelMotions(notes: readonly N[]): ParallelMotion[] {
  const out: ParallelMotion[] = [];
  let prev: { lo: number; hi: number } | null = null;
  let prevEnd = -1;
  for (const s of slices(notes)) {
    if (s.tick !== prevEnd) prev = null; // a rest between: no motion to judge
    prevEnd = s.end;
    if (s.pitches.length < 2) { prev = null; continue; }
    const lo = s.pitches[0];
    const hi = s.pitches[s.pitches.length - 1];
    if (prev && (prev.lo !== lo || prev.hi !== hi)) {
      const a = (((prev.hi - prev.lo) % 12) + 12) % 12;
      const b = (((hi - lo) % 12) + 12) % 12;
      const dl = Math.sign(lo - prev.lo);
      const dh = Math.sign(hi - prev.hi);
      if (a === b && (a === 0 || a === 7) && dl !== 0 && dl === dh) {
        out.push({ tick: s.tick, interval: a === 7 ? 'fifth' : 'octave', from: [prev.lo, prev.hi], to: [lo, hi] });
      }
    }
    prev = { lo, hi };
  }
  return out;
}

/** Number of parallel fifths/octaves between the outer voices. */
export function parallelMotionCount(notes: readonly N[]): number {
  return parallelMotions(notes).length;
}
