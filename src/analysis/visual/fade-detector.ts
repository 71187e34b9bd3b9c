/**
 * Gradual transitions (classical).
 *
 * Fades: from the mean-luma curve. A run of black frames (mean luma < `blackLuma`) with a
 * strictly falling luma run before it is a fade-out, with a strictly rising run after it a
 * fade-in; a fade-out and fade-in around a short black hold are one 'fade' transition.
 *
 * Dissolves: twin comparison (Zhang, Kankanhalli & Smoliar 1993). A run of frames whose
 * step distance (content distance to the previous frame) stays between a low threshold
 * (max(`dissolveMinStep`, `baselineFactor` × median step of the preceding `baselineWindow` s))
 * and `dissolveMaxStep` for `dissolveMinDuration`..`dissolveMaxDuration` seconds is a candidate;
 * it is a dissolve when the frames at its ends differ a lot (luma MAD ≥ `dissolveMinEnds`) and
 * the frames inside are a blend of the ends: for the frames at ¼, ½ and ¾ of the run, the
 * least-squares mix α in m ≈ a + α(b − a) rises monotonically, α(½) lies in
 * [`blendAlphaMin`, 1 − `blendAlphaMin`], and the residual |m − a − α(b−a)| is at most
 * `blendMaxResidual` × |b − a|. A pan also changes the picture steadily, but its middle frame
 * is no mix of its ends. Only a window of recent luma planes (≤ dissolveMaxDuration + 0.5 s)
 * is kept.
 */
import { seconds, type Seconds } from '../../model/units.js';
import type { FrameDetector } from './detector.js';
import type { FrameFeatures } from './frame-features.js';

export interface FadeOptions {
  /** Mean luma (0..1) below which a frame is black. */
  readonly blackLuma: number;
  /** Per-frame mean-luma change (0..1) that counts as falling/rising in a fade. */
  readonly fadeStepLuma: number;
  /** Smallest luma drop/rise (0..1) over a fade. */
  readonly fadeMinDepth: number;
  /** Shortest fade, seconds (shorter: a cut to/from black). */
  readonly fadeMinDuration: number;
  /** Longest black hold joining a fade-out and a fade-in into one transition, seconds. */
  readonly maxBlackHold: number;
  /** Smallest step content distance (0..255) that starts / continues a dissolve candidate. */
  readonly dissolveMinStep: number;
  /**
   * The start/continue threshold is also at least this multiple of the median step over the
   * `baselineWindow` seconds before the candidate (so in-shot motion does not start one).
   */
  readonly baselineFactor: number;
  readonly baselineWindow: number;
  /** A step at or above this (a cut) ends the candidate. */
  readonly dissolveMaxStep: number;
  /** Frames below dissolveMinStep tolerated inside a candidate. */
  readonly dissolveMaxGap: number;
  readonly dissolveMinDuration: number;
  readonly dissolveMaxDuration: number;
  /** Luma mean absolute difference (0..255) the candidate's end frames must reach. */
  readonly dissolveMinEnds: number;
  readonly blendAlphaMin: number;
  readonly blendMaxResidual: number;
}

export const DEFAULT_FADE_OPTIONS: FadeOptions = {
  blackLuma: 0.06,
  fadeStepLuma: 0.001,
  fadeMinDepth: 0.08,
  fadeMinDuration: 0.15,
  maxBlackHold: 1.0,
  dissolveMinStep: 2.5,
  baselineFactor: 1.6,
  baselineWindow: 1.0,
  dissolveMaxStep: 30,
  dissolveMaxGap: 1,
  dissolveMinDuration: 0.3,
  dissolveMaxDuration: 2.5,
  dissolveMinEnds: 20,
  blendAlphaMin: 0.2,
  blendMaxResidual: 0.45,
};

export interface Transition {
  readonly kind: 'fade' | 'dissolve';
  /** Where the transition begins (the first frame that is changing). */
  readonly start: Seconds;
  readonly duration: Seconds;
  /** 0..1 */
  readonly strength: number;
  /**
   * The frame after the transition is a hard cut to another picture (set on dissolves whose
   * run a cut ended without completing it): that cut is a shot boundary of its own.
   */
  readonly endsAtCut?: boolean;
}

interface RingEntry {
  readonly n: number;
  readonly t: number;
  readonly luma: Uint8Array;
  readonly meanLuma: number;
}

export class FadeDetector implements FrameDetector<Transition[]> {
  private readonly o: FadeOptions;
  private readonly t: number[] = [];
  private readonly luma: number[] = [];
  private readonly ring: RingEntry[] = [];
  /** Luma buffers shifted out of the ring, for reuse. */
  private readonly spare: Uint8Array[] = [];
  private readonly dissolves: Transition[] = [];
  private n = 0;
  /** Candidate run: frame number before its first frame (a) and its last frame. */
  private runA = -1;
  private runEnd = -1;
  private gap = 0;
  /** Low threshold of the current candidate. */
  private runLow = 0;
  private lastEndedTooLong = -1;
  /** Recent steps (t, step) for the baseline, bounded to baselineWindow. */
  private readonly recent: { t: number; s: number }[] = [];

  constructor(opts: Partial<FadeOptions> = {}) {
    this.o = { ...DEFAULT_FADE_OPTIONS, ...opts };
  }

  process(f: FrameFeatures): void {
    const o = this.o;
    const n = this.n++;
    this.t.push(f.t);
    this.luma.push(f.meanLuma);
    // The extractor recycles its planes: keep a copy, in a buffer recycled from the ring's tail.
    let copy = this.spare.pop();
    if (!copy || copy.length !== f.luma.length) copy = new Uint8Array(f.luma.length);
    copy.set(f.luma);
    this.ring.push({ n, t: f.t, luma: copy, meanLuma: f.meanLuma });
    while (this.ring.length > 2 && this.ring[0].t < f.t - (o.dissolveMaxDuration + 0.5)) this.spare.push(this.ring.shift()!.luma);
    if (n === 0) return;
    const s = f.contentDelta;
    const low = this.runA >= 0 ? this.runLow : this.lowThreshold();
    const moving = s >= low && s < o.dissolveMaxStep;
    if (this.runA >= 0) {
      if (moving && f.t - this.t[this.runA] <= o.dissolveMaxDuration) {
        this.runEnd = n;
        this.gap = 0;
      } else if (s < low && this.gap < o.dissolveMaxGap) {
        this.gap++;
      } else {
        // A step at or above dissolveMaxStep is a cut: it ends the run, and the endRun check
        // decides whether it completed the dissolve or follows it.
        this.endRun(s >= o.dissolveMaxStep ? n : undefined);
        const low2 = this.lowThreshold();
        if (s >= low2 && s < o.dissolveMaxStep && !this.inRunTooLong(n)) this.startRun(n, low2);
      }
    } else if (moving && this.recent.length > 0 && f.t - this.recent[0].t >= 0.5 * o.baselineWindow) {
      this.startRun(n, low);
    }
    this.recent.push({ t: f.t, s });
    while (this.recent.length > 1 && this.recent[0].t < f.t - o.baselineWindow) this.recent.shift();
  }

  /** True when frame n just ended a candidate by exceeding the maximum duration (do not restart there). */
  private inRunTooLong(n: number): boolean {
    return this.lastEndedTooLong === n;
  }

  /** max(dissolveMinStep, baselineFactor × median of the recent steps). */
  private lowThreshold(): number {
    const o = this.o;
    if (this.recent.length === 0) return o.dissolveMinStep;
    const xs = this.recent.map((r) => r.s).sort((a, b) => a - b);
    return Math.max(o.dissolveMinStep, o.baselineFactor * xs[xs.length >> 1]);
  }

  private startRun(n: number, low: number): void {
    this.runLow = low;
    this.runA = n - 1;
    this.runEnd = n;
    this.gap = 0;
  }

  /** Close the candidate run; `cutN` is the frame number of the cut that ended it, if one did. */
  private endRun(cutN?: number): void {
    const a = this.runA, b = this.runEnd;
    if (this.t[this.n - 1] - this.t[a] > this.o.dissolveMaxDuration) this.lastEndedTooLong = this.n - 1;
    this.runA = -1;
    const o = this.o;
    const dur = this.t[b] - this.t[a];
    if (dur < o.dissolveMinDuration || dur > o.dissolveMaxDuration) return;
    const get = (k: number): RingEntry | undefined => this.ring.find((e) => e.n === k);
    const ea = get(a), eb = get(b);
    if (!ea || !eb) return;
    if (ea.meanLuma < o.blackLuma + 0.02 || eb.meanLuma < o.blackLuma + 0.02) return; // a fade, not a dissolve
    const nearest = (tt: number): RingEntry => {
      let best = ea;
      for (const e of this.ring) if (e.n >= a && e.n <= b && Math.abs(e.t - tt) < Math.abs(best.t - tt)) best = e;
      return best;
    };
    const ta = ea.t, tb = eb.t;
    const ends = endsDistance(ea.luma, eb.luma);
    if (ends < o.dissolveMinEnds) return;
    const q1 = blendFit(ea.luma, eb.luma, nearest(ta + 0.25 * (tb - ta)).luma);
    const mid = blendFit(ea.luma, eb.luma, nearest(ta + 0.5 * (tb - ta)).luma);
    const q3 = blendFit(ea.luma, eb.luma, nearest(ta + 0.75 * (tb - ta)).luma);
    const ok =
      mid.alpha >= o.blendAlphaMin && mid.alpha <= 1 - o.blendAlphaMin &&
      q1.alpha < mid.alpha && mid.alpha < q3.alpha &&
      Math.max(q1.residual, mid.residual, q3.residual) <= o.blendMaxResidual;
    if (!ok) return;
    // A run ended by a cut: a fast dissolve's last step can be that big, and then its last frame
    // is already mostly the picture after the cut (a blend of a and that picture, α ≥ ½). When
    // it is not (smoke filling a shot, then a cut to another), the cut follows the dissolve and
    // must survive it as a shot boundary of its own.
    let endsAtCut = false;
    if (cutN !== undefined) {
      const ec = get(cutN);
      const cont = ec ? blendFit(ea.luma, ec.luma, eb.luma) : undefined;
      endsAtCut = !cont || !(cont.alpha >= 0.5 && cont.residual <= o.blendMaxResidual);
    }
    const start = this.t[a + 1] ?? ta;
    this.dissolves.push({
      kind: 'dissolve', start: seconds(start), duration: seconds(tb - start), strength: Math.min(1, ends / 80),
      ...(endsAtCut ? { endsAtCut } : {}),
    });
  }

  finish(_endT: Seconds): Transition[] {
    if (this.runA >= 0) this.endRun();
    const fades = findFades(this.t, this.luma, this.o);
    // A dissolve overlapping a fade is part of the fade.
    const dissolves = this.dissolves.filter(
      (d) => !fades.some((f) => d.start < f.start + f.duration && f.start < d.start + d.duration),
    );
    return [...fades, ...dissolves].sort((x, y) => x.start - y.start);
  }
}

/** Mean absolute difference of two luma planes, 0..255. */
function endsDistance(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/**
 * Least-squares blend fit m ≈ a + α(b − a): α, and the residual mean |m − a − α(b−a)| relative
 * to mean |b − a| (0 = a perfect blend).
 */
export function blendFit(a: Uint8Array, b: Uint8Array, m: Uint8Array): { alpha: number; residual: number } {
  let num = 0, den = 0, absD = 0;
  for (let i = 0; i < a.length; i++) {
    const d = b[i] - a[i];
    num += (m[i] - a[i]) * d;
    den += d * d;
    absD += Math.abs(d);
  }
  if (den === 0) return { alpha: 0, residual: Infinity };
  const alpha = num / den;
  let res = 0;
  for (let i = 0; i < a.length; i++) res += Math.abs(m[i] - a[i] - alpha * (b[i] - a[i]));
  return { alpha, residual: res / absD };
}

/**
 * Fades to/from black from the mean-luma curve (luma 0..1 per frame).
 *
 * A black run is a stretch of frames below `blackLuma`. A fade into a dark picture spends much
 * of its ramp below that level, so the ramps are measured from the darkest end of the run: the
 * fade-out walks back from the run's first frame while the luma keeps rising backwards and
 * forward into the run while it keeps falling; the fade-in mirrors this. A ramp counts when it
 * lasts ≥ `fadeMinDuration`, its luma change is ≥ `fadeMinDepth` (or, dark pictures, ≥ half the
 * brighter end's luma and ≥ 0.03), and no single frame step carries more than half of that
 * change (a slow drift followed by a cut to black is a cut, not a fade).
 */
export function findFades(t: readonly number[], luma: readonly number[], o: FadeOptions): Transition[] {
  const n = t.length;
  const out: Transition[] = [];
  const frameDur = n > 1 ? (t[n - 1] - t[0]) / (n - 1) : 0;
  const step = o.fadeStepLuma;
  const deepEnough = (bright: number, dark: number): boolean => {
    const d = bright - dark;
    return d >= o.fadeMinDepth || (d >= 0.03 && d >= 0.5 * bright);
  };
  let i = 0;
  while (i < n) {
    if (luma[i] >= o.blackLuma) {
      i++;
      continue;
    }
    let s = i;
    while (i + 1 < n && luma[i + 1] < o.blackLuma) i++;
    let e = i;
    i++;
    // Darkest frames of the run: the fade-out ends where the luma stops falling inside the run,
    // the fade-in starts where it starts rising.
    while (s < e && luma[s + 1] < luma[s] - step / 2) s++;
    while (e > s && luma[e - 1] < luma[e] - step / 2) e--;
    // Fade-out: walk back while luma keeps rising backwards (one flat frame tolerated).
    let k = s;
    while (k > 0) {
      if (luma[k - 1] > luma[k] + step) k--;
      else if (k > 1 && luma[k - 2] > luma[k] + step) k -= 2;
      else break;
    }
    // Gradual: no single frame step carries more than half the ramp (else it is a cut to/from black).
    const gradual = (a: number, b: number): boolean => {
      let big = 0;
      for (let j = a; j < b; j++) big = Math.max(big, Math.abs(luma[j + 1] - luma[j]));
      return big <= 0.5 * Math.abs(luma[b] - luma[a]);
    };
    const hasOut = s > k && t[s] - t[k] >= o.fadeMinDuration && deepEnough(luma[k], luma[s]) && gradual(k, s);
    // Fade-in: walk forward while luma keeps rising.
    let m = e;
    while (m < n - 1) {
      if (luma[m + 1] > luma[m] + step) m++;
      else if (m < n - 2 && luma[m + 2] > luma[m] + step) m += 2;
      else break;
    }
    const hasIn = m > e && t[m] - t[e] >= o.fadeMinDuration && deepEnough(luma[m], luma[e]) && gradual(e, m);
    const hold = t[e] - t[s];
    const startsClip = luma.slice(0, e + 1).every((x) => x < o.blackLuma);
    if (hasOut && hasIn && hold <= o.maxBlackHold) {
      out.push(fade(t[k + 1] ?? t[k], t[m], luma[k] - luma[s] + (luma[m] - luma[e])));
    } else {
      if (hasOut) out.push(fade(t[k + 1] ?? t[k], t[s] + frameDur, luma[k] - luma[s]));
      if (hasIn) out.push(fade(startsClip ? t[0] : t[e + 1] ?? t[e], t[m], luma[m] - luma[e]));
    }
    i = Math.max(i, m + 1);
  }
  return out;
}

function fade(start: number, end: number, depth: number): Transition {
  return { kind: 'fade', start: seconds(start), duration: seconds(Math.max(0, end - start)), strength: Math.min(1, depth / 0.5) };
}
