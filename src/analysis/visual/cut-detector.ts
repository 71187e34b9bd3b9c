/**
 * Hard-cut detection — classical, after PySceneDetect's ContentDetector (HSV content
 * distance) and AdaptiveDetector (score relative to its neighbours), with an outlier
 * (flash-frame) guard:
 *
 *  1. Each frame gets the content distance to the last *clean* frame (0..255).
 *  2. A run of 1..`maxOutlierRun` frames is an outlier (flash, glitch) — never a cut, and
 *     skipped so the next frame is compared with the frame before the run — when it is entered
 *     and left by steps ≥ `minScore` and either its mean luma rises ≥ `flashLumaRise` above the
 *     frames on both sides, or those two frames match each other (their distance is below
 *     `minScore` and ≤ `outlierReturnRatio` × the smaller step). This needs look-ahead of
 *     `maxOutlierRun` frames.
 *  3. A clean frame is a cut when its score ≥ `minScore` and, with the neighbours' scores in
 *     ±`windowFrames`: score / mean(neighbours) ≥ `adaptiveRatio` (steady fast motion keeps
 *     this near 1), or score / mean(calmer side) ≥ `adaptiveRatio` and score / mean(busier side)
 *     ≥ `busySideRatio` (a cut into a shot with more motion; motion onset fails it), or score ≥
 *     `strongScore` and ratio ≥ `strongRatio`.
 *  4. Cuts closer than `minShotLength` seconds to the previous cut are dropped (the first wins).
 *
 * The cut time is the t of the first frame of the new shot.
 */
import type { Seconds } from '../../model/units.js';
import type { FrameDetector } from './detector.js';
import { contentDistance, type FrameFeatures } from './frame-features.js';

export interface CutOptions {
  /** Absolute floor on the content distance to the previous clean frame (0..255 scale). PySceneDetect's adaptive min_content_val is 15. */
  readonly minScore: number;
  /** Score / mean of the neighbours' scores must reach this (PySceneDetect adaptive_threshold 3.0). */
  readonly adaptiveRatio: number;
  /** Neighbours on each side used for the mean, in frames (PySceneDetect window_width 2). */
  readonly windowFrames: number;
  /**
   * Cut into (or out of) a shot with more motion: score / mean of the calmer side ≥ adaptiveRatio
   * and score / mean of the busier side ≥ this. Motion onset (calm, then steadily fast) fails it.
   */
  readonly busySideRatio: number;
  /** Above this score a lower ratio suffices (a cut inside fast motion), content distance 0..255. */
  readonly strongScore: number;
  /** The ratio needed when the score is ≥ strongScore. */
  readonly strongRatio: number;
  /** Shortest shot, seconds: a cut closer than this to the previous cut is dropped. */
  readonly minShotLength: number;
  /** Mean luma rise (0..1) above both neighbours that marks a one-frame flash. */
  readonly flashLumaRise: number;
  /** A frame whose neighbours are this close (distance(i−1, i+1) / smaller step) is an outlier. */
  readonly outlierReturnRatio: number;
  /** Longest outlier run in frames (a flash lasting up to this many frames is skipped). */
  readonly maxOutlierRun: number;
}

export const DEFAULT_CUT_OPTIONS: CutOptions = {
  minScore: 15,
  adaptiveRatio: 3.0,
  windowFrames: 2,
  busySideRatio: 2.0,
  strongScore: 45,
  strongRatio: 1.8,
  minShotLength: 0.5,
  flashLumaRise: 0.05,
  outlierReturnRatio: 0.4,
  maxOutlierRun: 2,
};

export interface Cut {
  /** Time of the first frame of the new shot. */
  readonly t: Seconds;
  readonly index: number;
  /** Content distance to the previous clean frame, 0..255. */
  readonly score: number;
  /** score / mean of neighbour scores. */
  readonly ratio: number;
  /** 0..1, for events. */
  readonly strength: number;
}

export interface CutResult {
  readonly cuts: readonly Cut[];
  /** Frames skipped as outliers (flash frames). */
  readonly outliers: readonly { readonly t: Seconds; readonly index: number }[];
}

interface Entry {
  readonly t: Seconds;
  readonly index: number;
  readonly score: number;
}

export class CutDetector implements FrameDetector<CutResult> {
  private readonly o: CutOptions;
  private lastClean: FrameFeatures | undefined;
  /** Frames after lastClean awaiting the outlier decision (at most maxOutlierRun + 1). */
  private readonly pend: FrameFeatures[] = [];
  /** Clean entries not yet decided (at most 2·windowFrames + 1). */
  private readonly queue: Entry[] = [];
  /** Index in `queue` of the next entry to decide. */
  private next = 0;
  private readonly cuts: Cut[] = [];
  private readonly outliers: { t: Seconds; index: number }[] = [];

  constructor(opts: Partial<CutOptions> = {}) {
    this.o = { ...DEFAULT_CUT_OPTIONS, ...opts };
  }

  process(f: FrameFeatures): void {
    if (!this.lastClean) {
      this.lastClean = f;
      return;
    }
    this.pend.push(f);
    this.drain(false);
  }

  finish(_endT: Seconds): CutResult {
    this.drain(true);
    while (this.next < this.queue.length) this.decideEntry();
    return { cuts: this.cuts, outliers: this.outliers };
  }

  /** Decide pending frames: outlier runs (1..maxOutlierRun frames) or clean frames. */
  private drain(atEnd: boolean): void {
    const R = this.o.maxOutlierRun;
    const pend = this.pend;
    while (pend.length > 0 && (atEnd || pend.length > R)) {
      const last = this.lastClean!;
      const p0 = pend[0];
      // Distance from the last clean frame to p0: its stored delta when they are adjacent.
      const dLP = this.isAdjacent(last, p0) ? p0.contentDelta : contentDistance(last, p0);
      let run = 0;
      if (dLP >= this.o.minScore) {
        for (let r = 1; r <= R && r < pend.length; r++) {
          if (this.isOutlierRun(last, pend, r)) {
            run = r;
            break;
          }
        }
      }
      if (run > 0) {
        for (const f of pend.splice(0, run)) this.outliers.push({ t: f.t, index: f.index });
        continue;
      }
      pend.shift();
      this.lastClean = p0;
      this.queue.push({ t: p0.t, index: p0.index, score: dLP });
      while (this.queue.length - this.next > this.o.windowFrames) this.decideEntry();
    }
  }

  private isAdjacent(a: FrameFeatures, b: FrameFeatures): boolean {
    return b.index === a.index + 1;
  }

  /** Are pend[0..r−1] an outlier run between lastClean `last` and pend[r]? */
  private isOutlierRun(last: FrameFeatures, pend: readonly FrameFeatures[], r: number): boolean {
    const o = this.o;
    const n = pend[r];
    const exit = n.contentDelta; // distance pend[r−1] → pend[r]
    if (exit < o.minScore) return false;
    let minLuma = Infinity;
    for (let k = 0; k < r; k++) minLuma = Math.min(minLuma, pend[k].meanLuma);
    if (minLuma - Math.max(last.meanLuma, n.meanLuma) >= o.flashLumaRise) return true;
    const dLN = contentDistance(last, n);
    const dLP = contentDistance(last, pend[0]);
    return dLN < o.minScore && dLN <= o.outlierReturnRatio * Math.min(dLP, exit);
  }

  private decideEntry(): void {
    const q = this.queue;
    const k = this.next;
    const w = this.o.windowFrames;
    const e = q[k];
    let left = 0, nl = 0, right = 0, nr = 0;
    for (let j = Math.max(0, k - w); j < k; j++, nl++) left += q[j].score;
    for (let j = k + 1; j <= Math.min(q.length - 1, k + w); j++, nr++) right += q[j].score;
    const floor = 0.5; // avoids dividing by ~0 on noiseless synthetic pictures
    const ratio = e.score / Math.max((left + right) / Math.max(1, nl + nr), floor);
    const lm = nl ? left / nl : right / Math.max(1, nr);
    const rm = nr ? right / nr : lm;
    const calmSide = e.score / Math.max(Math.min(lm, rm), floor);
    const busySide = e.score / Math.max(Math.max(lm, rm), floor);
    const o = this.o;
    const isCut =
      e.score >= o.minScore &&
      (ratio >= o.adaptiveRatio ||
        (calmSide >= o.adaptiveRatio && busySide >= o.busySideRatio) ||
        (e.score >= o.strongScore && ratio >= o.strongRatio));
    if (isCut) {
      const prev = this.cuts[this.cuts.length - 1];
      if (!prev || e.t - prev.t >= o.minShotLength) {
        this.cuts.push({ t: e.t, index: e.index, score: e.score, ratio, strength: Math.min(1, e.score / (4 * o.minScore)) });
      }
    }
    this.next++;
    // Keep only the window behind the next entry.
    if (this.next > w) {
      q.shift();
      this.next--;
    }
  }
}
