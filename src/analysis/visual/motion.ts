/**
 * Motion by classical block matching (the brightness-constancy assumption of eq. 8,
 * ∇I·v + I_t = 0, taken in its integral form: a block keeps its luma as it moves, so the
 * displacement minimising the sum of absolute differences is its motion vector).
 *
 * Coarse-to-fine on a 3-level luma pyramid of the analysis plane (≤ 160 px):
 *  - level 2 (¼ size): one global displacement by exhaustive search ±`coarseRange` px;
 *  - level 1 (½): 8×8 blocks searched ±`refineRange` around 2× the global vector (and 0 tried);
 *  - level 0 (full): 8×8 blocks searched ±`fineRange` around 2× their parent's vector (and 0).
 * Reach: ±(4·coarseRange + 2·refineRange + fineRange) px at level 0 (±29 px by default).
 * Only textured blocks vote (mean gradient ≥ `minTexture`). The global (camera) motion is the
 * median block vector; zoom is the median radial divergence of the block vectors about the frame
 * centre; object motion is the mean residual of the vectors after removing that pan + zoom field. Shake is the standard
 * deviation of the first difference of the global motion over `shakeWindow` seconds.
 * Vectors are image-content displacements; camera pan = −global (content moves left when
 * the camera pans right).
 */
import { seconds, type Seconds } from '../../model/units.js';
import type { FrameDetector } from './detector.js';
import type { FrameFeatures } from './frame-features.js';

export interface MotionOptions {
  /** Block size at each level, px. */
  readonly blockSize: number;
  /** Exhaustive global search at the ¼-size level, ± px there. */
  readonly coarseRange: number;
  /** Refinement search at level 1 around 2× the global vector, ± px. */
  readonly refineRange: number;
  /** Final search at level 0 around 2× the parent block's vector, ± px. */
  readonly fineRange: number;
  /** Mean absolute luma gradient (0..255 per px) a block needs to vote. */
  readonly minTexture: number;
  /** Window of the shake measure, seconds. */
  readonly shakeWindow: number;
  /** Smallest smoothed motion magnitude (frame widths per frame) that can be a peak. */
  readonly peakMin: number;
  /** A peak must exceed this multiple of the median magnitude over ±`peakContext` s. */
  readonly peakProminence: number;
  readonly peakContext: number;
  /** Minimum time between motion peaks, seconds. */
  readonly peakMinGap: number;
  /** Magnitude (frame widths per frame) mapped to strength 1. */
  readonly peakFullStrength: number;
}

export const DEFAULT_MOTION_OPTIONS: MotionOptions = {
  blockSize: 8,
  coarseRange: 6,
  refineRange: 2,
  fineRange: 1,
  minTexture: 3,
  shakeWindow: 0.5,
  peakMin: 0.02,
  peakProminence: 1.8,
  peakContext: 2,
  peakMinGap: 1,
  peakFullStrength: 0.08,
};

export interface MotionResult {
  readonly t: readonly number[];
  /** Mean block-vector length, frame widths per frame (0 for the first frame). */
  readonly magnitude: number[];
  /** Camera pan = −median block vector, frame widths per frame, + = right (x) / down (y). */
  readonly panX: number[];
  readonly panY: number[];
  /**
   * Zoom: relative scale change per frame (least-squares divergence of the block vectors about
   * the frame centre), + = zoom in / dolly in (content grows), − = zoom out.
   */
  readonly zoom: number[];
  /** Object motion: mean |block vector − (pan + zoom field)|, frame widths per frame. */
  readonly objectMotion: number[];
  /** Std of the first difference of the global vector over shakeWindow, frame widths per frame. */
  readonly shake: number[];
  readonly peaks: readonly { readonly t: Seconds; readonly strength: number }[];
}

interface Plane {
  readonly w: number;
  readonly h: number;
  readonly p: Uint8Array;
}

/** Half-size plane by 2×2 box averaging, into `reuse` when it has the right size. */
function half(src: Plane, reuse?: Uint8Array): Plane {
  const w = src.w >> 1, h = src.h >> 1;
  const p = reuse && reuse.length === w * h ? reuse : new Uint8Array(w * h);
  const s = src.p, sw = src.w;
  for (let y = 0; y < h; y++) {
    const r0 = 2 * y * sw, r1 = r0 + sw;
    for (let x = 0; x < w; x++) {
      const c = 2 * x;
      p[y * w + x] = (s[r0 + c] + s[r0 + c + 1] + s[r1 + c] + s[r1 + c + 1] + 2) >> 2;
    }
  }
  return { w, h, p };
}

/** SAD of a b×b block of `cur` at (x, y) against `prev` at (x − vx, y − vy); Infinity when outside. */
function blockSad(cur: Plane, prev: Plane, x: number, y: number, b: number, vx: number, vy: number, limit: number): number {
  const px = x - vx, py = y - vy;
  if (px < 0 || py < 0 || px + b > prev.w || py + b > prev.h) return Infinity;
  const c = cur.p, p = prev.p, w = cur.w;
  let s = 0;
  for (let j = 0, ci = y * w + x, pi = py * w + px; j < b; j++, ci += w, pi += w) {
    for (let i = 0; i < b; i++) {
      const d = c[ci + i] - p[pi + i];
      const m = d >> 31; // branchless |d|: the signs of pixel differences do not predict
      s += (d ^ m) - m;
    }
    if (s >= limit) return s;
  }
  return s;
}

/** Result of the last {@link searchBlock} call (module scratch: no allocation per block). */
let bestVx = 0, bestVy = 0;

/**
 * Best vector of one block: the zero vector, then an exhaustive ±r search around (cx, cy).
 * A small penalty per px of vector length makes ties favour short vectors.
 */
function searchBlock(cur: Plane, prev: Plane, x: number, y: number, b: number, cx: number, cy: number, r: number): void {
  const penalty = 0.5; // SAD units per px of vector length
  let bestCost = blockSad(cur, prev, x, y, b, 0, 0, Infinity), bx = 0, by = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const vx = cx + dx, vy = cy + dy;
      if (vx === 0 && vy === 0) continue;
      const cost0 = penalty * (Math.abs(vx) + Math.abs(vy));
      if (cost0 >= bestCost) continue;
      const s = blockSad(cur, prev, x, y, b, vx, vy, bestCost - cost0);
      const cost = s + cost0;
      if (cost < bestCost) {
        bestCost = cost;
        bx = vx;
        by = vy;
      }
    }
  }
  bestVx = bx;
  bestVy = by;
}

/** Exhaustive whole-plane displacement ±r (mean absolute difference over the overlap). */
function globalSearch(cur: Plane, prev: Plane, r: number): [number, number] {
  const { w, h } = cur;
  const c = cur.p, p = prev.p;
  const m = Math.min(r, Math.floor((Math.min(w, h) - 2) / 2));
  let best = Infinity, bx = 0, by = 0;
  for (let vy = -m; vy <= m; vy++) {
    for (let vx = -m; vx <= m; vx++) {
      let s = 0;
      for (let y = m; y < h - m; y++) {
        let ci = y * w + m;
        let pi = (y - vy) * w + m - vx;
        for (let x = m; x < w - m; x++, ci++, pi++) {
          const d = c[ci] - p[pi];
          const sg = d >> 31;
          s += (d ^ sg) - sg;
        }
        if (s >= best) break; // the bias below only adds: this vector cannot win any more
      }
      s += 0.01 * s * (Math.abs(vx) + Math.abs(vy)) / Math.max(1, m); // slight bias to short vectors
      if (s < best) {
        best = s;
        bx = vx;
        by = vy;
      }
    }
  }
  return [bx, by];
}

function median(values: Float64Array, n: number, work?: Float64Array): number {
  if (n === 0) return 0;
  let a: Float64Array;
  if (work && work.length >= n) {
    a = work.subarray(0, n);
    a.set(values.subarray(0, n));
    a.sort();
  } else a = values.slice(0, n).sort();
  return n % 2 ? a[(n - 1) >> 1] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
}

export class MotionDetector implements FrameDetector<MotionResult> {
  private readonly o: MotionOptions;
  private prev: Plane[] | undefined;
  /** The pyramid before `prev`: its half-size planes are recycled for the next frame. */
  private older: Plane[] | undefined;
  /** Per-frame scratch, grown as needed (no allocation per frame on a long clip). */
  private scratch = { v1: new Int16Array(0), vxs: new Float64Array(0), vys: new Float64Array(0), bxs: new Int32Array(0), bys: new Int32Array(0), ratios: new Float64Array(0), sort: new Float64Array(0) };
  private readonly t: number[] = [];
  private readonly magnitude: number[] = [];
  private readonly panX: number[] = [];
  private readonly panY: number[] = [];
  private readonly objectMotion: number[] = [];
  private readonly zoom: number[] = [];

  constructor(opts: Partial<MotionOptions> = {}) {
    this.o = { ...DEFAULT_MOTION_OPTIONS, ...opts };
  }

  process(f: FrameFeatures): void {
    const l0: Plane = { w: f.width, h: f.height, p: f.luma };
    // The luma plane (level 0) is the extractor's pooled buffer, valid for a few frames; the
    // half-size levels reuse those of two frames back, which nothing reads any more.
    const l1 = half(l0, this.older?.[1]?.p);
    const l2 = half(l1, this.older?.[2]?.p);
    const pyr = [l0, l1, l2];
    this.t.push(f.t);
    const prev = this.prev;
    this.older = prev;
    this.prev = pyr;
    if (!prev || prev[0].w !== l0.w || prev[0].h !== l0.h) {
      this.zoom.push(0);
      this.push(0, 0, 0, 0);
      return;
    }
    const b = this.o.blockSize, r = this.o.refineRange;
    const [g2x, g2y] = globalSearch(l2, prev[2], this.o.coarseRange);
    // Level 1 blocks.
    const n1x = Math.floor(l1.w / b), n1y = Math.floor(l1.h / b);
    const sc = this.scratch;
    const n0Max = Math.floor(l0.w / b) * Math.floor(l0.h / b);
    if (sc.v1.length < Math.max(1, n1x * n1y) * 2) sc.v1 = new Int16Array(Math.max(1, n1x * n1y) * 2);
    if (sc.vxs.length < n0Max) {
      sc.vxs = new Float64Array(n0Max); sc.vys = new Float64Array(n0Max);
      sc.bxs = new Int32Array(n0Max); sc.bys = new Int32Array(n0Max); sc.ratios = new Float64Array(n0Max); sc.sort = new Float64Array(n0Max);
    }
    const v1 = sc.v1;
    for (let j = 0; j < n1y; j++) {
      for (let i = 0; i < n1x; i++) {
        searchBlock(l1, prev[1], i * b, j * b, b, 2 * g2x, 2 * g2y, r);
        v1[(j * n1x + i) * 2] = bestVx;
        v1[(j * n1x + i) * 2 + 1] = bestVy;
      }
    }
    // Level 0 blocks.
    const n0x = Math.floor(l0.w / b), n0y = Math.floor(l0.h / b);
    const { vxs, vys, bxs, bys } = sc;
    let n = 0;
    for (let j = 0; j < n0y; j++) {
      for (let i = 0; i < n0x; i++) {
        const x = i * b, y = j * b;
        if (blockTexture(l0, x, y, b) < this.o.minTexture) continue;
        const pi = Math.min(n1x - 1, i >> 1), pj = Math.min(n1y - 1, j >> 1);
        let cx = 2 * g2x * 2, cy = 2 * g2y * 2;
        if (n1x > 0 && n1y > 0) {
          cx = 2 * v1[(pj * n1x + pi) * 2];
          cy = 2 * v1[(pj * n1x + pi) * 2 + 1];
        }
        searchBlock(l0, prev[0], x, y, b, cx, cy, this.o.fineRange);
        vxs[n] = bestVx;
        vys[n] = bestVy;
        bxs[n] = x;
        bys[n] = y;
        n++;
      }
    }
    if (n === 0) {
      this.zoom.push(0);
      this.push(0, 0, 0, 0);
      return;
    }
    const gx = median(vxs, n, sc.sort), gy = median(vys, n, sc.sort);
    // Zoom: median over blocks of the radial divergence ((v − g)·p)/|p|², p = block centre − frame
    // centre, for blocks away from the centre (a median, so mismatched blocks do not pull it).
    const cx0 = l0.w / 2, cy0 = l0.h / 2;
    const ratios = sc.ratios;
    let nr = 0;
    const minR2 = (0.15 * l0.w) ** 2;
    for (let k = 0; k < n; k++) {
      const px = bxs[k] + b / 2 - cx0, py = bys[k] + b / 2 - cy0;
      const r2 = px * px + py * py;
      if (r2 >= minR2) ratios[nr++] = ((vxs[k] - gx) * px + (vys[k] - gy) * py) / r2;
    }
    const zoom = nr >= 4 ? median(ratios, nr, sc.sort) : 0;
    let mag = 0, res = 0;
    for (let k = 0; k < n; k++) {
      mag += Math.hypot(vxs[k], vys[k]);
      const px = bxs[k] + b / 2 - cx0, py = bys[k] + b / 2 - cy0;
      res += Math.hypot(vxs[k] - gx - zoom * px, vys[k] - gy - zoom * py);
    }
    const W = l0.w;
    this.zoom.push(zoom);
    this.push(mag / n / W, -gx / W, -gy / W, res / n / W);
  }

  private push(mag: number, px: number, py: number, obj: number): void {
    this.magnitude.push(mag);
    this.panX.push(px);
    this.panY.push(py);
    this.objectMotion.push(obj);
  }

  finish(_endT: Seconds): MotionResult {
    const shake = shakeSeries(this.t, this.panX, this.panY, this.o.shakeWindow);
    const peaks = motionPeaks(this.t, this.magnitude, this.o);
    return { t: this.t, magnitude: this.magnitude, panX: this.panX, panY: this.panY, zoom: this.zoom, objectMotion: this.objectMotion, shake, peaks };
  }
}

/** Mean absolute horizontal + vertical luma gradient inside a block, 0..255 per px. */
function blockTexture(pl: Plane, x: number, y: number, b: number): number {
  let s = 0;
  const w = pl.w, p = pl.p;
  for (let j = 0; j < b - 1; j++) {
    for (let i = 0; i < b - 1; i++) {
      const k = (y + j) * w + x + i;
      s += Math.abs(p[k + 1] - p[k]) + Math.abs(p[k + w] - p[k]);
    }
  }
  return s / ((b - 1) * (b - 1));
}

/**
 * Shake per frame: std over a centred window of `window` s of the first difference of the
 * global (pan) vector, as a vector norm sqrt(var(Δx) + var(Δy)); frame widths per frame.
 */
export function shakeSeries(t: readonly number[], gx: readonly number[], gy: readonly number[], window: number): number[] {
  const n = t.length;
  const dx = new Float64Array(n), dy = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    dx[i] = gx[i] - gx[i - 1];
    dy[i] = gy[i] - gy[i - 1];
  }
  const out: number[] = new Array(n).fill(0);
  let lo = 1, hi = 1; // window [lo, hi)
  let sx = 0, sy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    while (hi < n && t[hi] <= t[i] + window / 2) {
      sx += dx[hi]; sy += dy[hi]; sxx += dx[hi] * dx[hi]; syy += dy[hi] * dy[hi];
      hi++;
    }
    while (lo < hi && t[lo] < t[i] - window / 2) {
      sx -= dx[lo]; sy -= dy[lo]; sxx -= dx[lo] * dx[lo]; syy -= dy[lo] * dy[lo];
      lo++;
    }
    const m = hi - lo;
    if (m >= 2) {
      const vx = Math.max(0, sxx / m - (sx / m) ** 2);
      const vy = Math.max(0, syy / m - (sy / m) ** 2);
      out[i] = Math.sqrt(vx + vy);
    }
  }
  return out;
}

/** Motion peaks: local maxima of the 0.25 s-smoothed magnitude that stand out from their context. */
export function motionPeaks(t: readonly number[], mag: readonly number[], o: MotionOptions): { t: Seconds; strength: number }[] {
  const n = t.length;
  if (n < 3) return [];
  const sm = movingAverage(t, mag, 0.25);
  const peaks: { t: Seconds; strength: number }[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (sm[i] < o.peakMin || sm[i] < sm[i - 1] || sm[i] <= sm[i + 1]) continue;
    const ctx: number[] = [];
    for (let j = i; j >= 0 && t[j] >= t[i] - o.peakContext; j--) ctx.push(sm[j]);
    for (let j = i + 1; j < n && t[j] <= t[i] + o.peakContext; j++) ctx.push(sm[j]);
    ctx.sort((a, b) => a - b);
    const med = ctx[ctx.length >> 1];
    if (sm[i] < o.peakProminence * med) continue;
    const last = peaks[peaks.length - 1];
    const strength = Math.min(1, sm[i] / o.peakFullStrength);
    if (last && t[i] - last.t < o.peakMinGap) {
      if (strength > last.strength) peaks[peaks.length - 1] = { t: seconds(t[i]), strength };
      continue;
    }
    peaks.push({ t: seconds(t[i]), strength });
  }
  return peaks;
}

/** Centred moving average over `window` seconds. */
export function movingAverage(t: readonly number[], x: readonly number[], window: number): number[] {
  const n = t.length;
  const out = new Array<number>(n);
  let lo = 0, hi = 0, s = 0;
  for (let i = 0; i < n; i++) {
    while (hi < n && t[hi] <= t[i] + window / 2) s += x[hi++];
    while (t[lo] < t[i] - window / 2) s -= x[lo++];
    out[i] = s / (hi - lo);
  }
  return out;
}
