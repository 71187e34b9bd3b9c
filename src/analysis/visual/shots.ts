/**
 * Shot list from hard cuts and gradual transitions. Shots tile [0, duration]: a shot begins at
 * a cut (transition 'cut', duration 0) or at the start of a fade/dissolve into it (the
 * transition runs from `start` for `transitionDuration`). A cut inside (or within
 * `cutMergeTolerance` of) a gradual transition belongs to that transition and is dropped, except
 * a cut right after a transition marked `endsAtCut` (a cut that followed it, not its last step).
 * The first shot begins with 'cut' unless a fade starts at the clip's beginning.
 */
import type { Shot } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import type { Transition } from './fade-detector.js';

export interface ShotOptions {
  /** Seconds around a gradual transition within which a detected cut is absorbed by it. */
  readonly cutMergeTolerance: number;
  /** A transition starting within this many seconds of 0 is the first shot's own transition. */
  readonly startTolerance: number;
}

export const DEFAULT_SHOT_OPTIONS: ShotOptions = { cutMergeTolerance: 0.1, startTolerance: 0.1 };

/** Assemble shots from cut times and transitions over a clip of `duration` seconds. */
export function assembleShots(
  cuts: readonly { readonly t: Seconds }[],
  transitions: readonly Transition[],
  duration: Seconds,
  opts: ShotOptions = DEFAULT_SHOT_OPTIONS,
): Shot[] {
  interface Boundary {
    t: number;
    kind: Shot['transition'];
    dur: number;
  }
  const tol = opts.cutMergeTolerance;
  const bounds: Boundary[] = transitions.map((tr) => ({ t: tr.start, kind: tr.kind, dur: tr.duration }));
  for (const c of cuts) {
    const absorbed = transitions.some((tr) => c.t >= tr.start - tol && c.t <= tr.start + tr.duration + (tr.endsAtCut ? 0 : tol));
    if (!absorbed) bounds.push({ t: c.t, kind: 'cut', dur: 0 });
  }
  bounds.sort((a, b) => a.t - b.t);
  let first: Boundary = { t: 0, kind: 'cut', dur: 0 };
  const inner: Boundary[] = [];
  for (const b of bounds) {
    if (b.t <= opts.startTolerance) {
      if (b.kind !== 'cut') first = { t: 0, kind: b.kind, dur: b.dur + b.t };
    } else if (b.t < duration) {
      inner.push(b);
    }
  }
  const all = [first, ...inner];
  return all.map((b, i) => ({
    start: seconds(b.t),
    end: seconds(i + 1 < all.length ? all[i + 1].t : duration),
    transition: b.kind,
    transitionDuration: seconds(b.dur),
  }));
}
