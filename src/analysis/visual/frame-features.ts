/**
 * Shared per-frame intermediates of the visual analysis (computed once per frame by
 * `analyzeFrames`, read by every detector, in the spirit of Meyda's precomputed inputs).
 *
 * Each frame is box-downscaled (area average) to at most `maxWidth` px and converted to
 * planes: luma Y (Rec. 709 weights on the gamma-coded RGB), HSV hue/saturation/value and
 * chroma (max − min), plus a 16-bin luma histogram and the frame's colour means.
 * The luma plane is freshly allocated per frame, so a detector may keep it; hue/sat/val/chroma
 * are recycled after POOL_SIZE frames (the reader's RGB buffer is never kept).
 */
import type { Frame } from '../../model/artifacts.js';
import type { Seconds } from '../../model/units.js';

/**
 * How many frames' hue/sat/val/chroma planes stay valid: the planes of a frame are overwritten
 * POOL_SIZE frames later (the cut detector looks at most maxOutlierRun + 2 frames back).
 */
export const POOL_SIZE = 8;

/** Number of bins of the luma histogram. */
export const LUMA_BINS = 16;

export interface FrameFeatures {
  readonly t: Seconds;
  readonly index: number;
  /** Size of the analysis planes (≤ maxWidth wide). */
  readonly width: number;
  readonly height: number;
  /** Luma Y' 0..255 (Rec. 709 weights), width*height. */
  readonly luma: Uint8Array;
  /** Hue on a full circle mapped to 0..255 (0 = red). */
  readonly hue: Uint8Array;
  /** HSV saturation 0..255. */
  readonly sat: Uint8Array;
  /** HSV value (max of R, G, B) 0..255. */
  readonly val: Uint8Array;
  /** Chroma (max − min of R, G, B) 0..255: how much the hue means anything. */
  readonly chroma: Uint8Array;
  /** Luma histogram, LUMA_BINS bins, sums to 1. */
  readonly hist: Float32Array;
  /** Mean luma 0..1. */
  readonly meanLuma: number;
  /** Luma standard deviation 0..0.5 (contrast). */
  readonly contrast: number;
  /** Mean HSV saturation 0..1. */
  readonly meanSat: number;
  /** (R̄ − B̄)/(R̄ + B̄): −1 blue .. +1 orange/red. */
  readonly warmth: number;
  /** Content distance to the previous analysed frame (see {@link contentDistance}), 0..255; 0 for the first frame. */
  readonly contentDelta: number;
  /** Mean absolute luma change to the previous frame, 0..1; 0 for the first frame. */
  readonly lumaDelta: number;
}

/** Weights of the content distance terms (PySceneDetect's ContentDetector uses H, S, V = 1, 1, 1). */
export interface ContentWeights {
  /** Hue difference, chroma-weighted so that grey and dark pixels (undefined hue) do not count. */
  readonly hue: number;
  readonly sat: number;
  /** HSV value (the "luma" term of PySceneDetect). */
  readonly val: number;
  /** Half the L1 distance of the luma histograms, ×255: insensitive to motion. */
  readonly hist: number;
}

export const DEFAULT_CONTENT_WEIGHTS: ContentWeights = { hue: 1, sat: 1, val: 1, hist: 1 };

/**
 * Perceptual distance between two frames, 0..255: the weighted mean of the mean absolute
 * differences of the hue (circular, chroma-weighted), saturation and value planes and of a
 * luma-histogram term (classical content metric after PySceneDetect's ContentDetector).
 */
export function contentDistance(a: FrameFeatures, b: FrameFeatures, w: ContentWeights = DEFAULT_CONTENT_WEIGHTS): number {
  const n = a.luma.length;
  if (n !== b.luma.length) throw new Error('contentDistance: frames of different analysis size');
  let dh = 0;
  let ds = 0;
  let dv = 0;
  const ah = a.hue, bh = b.hue, as = a.sat, bs = b.sat, av = a.val, bv = b.val, ac = a.chroma, bc = b.chroma;
  // Branchless integer |x| ((x ^ m) − m, m = x >> 31) and min: on picture content the signs of
  // the differences are noise to the branch predictor. Same sums as the plain forms.
  for (let i = 0; i < n; i++) {
    const hd = ah[i] - bh[i];
    const hm = hd >> 31;
    const h0 = (hd ^ hm) - hm; // 0..255
    const hw = 128 - h0;
    const wm = hw >> 31;
    const h = 128 - ((hw ^ wm) - wm); // circular distance 0..128
    const cd = ac[i] - bc[i];
    const c = bc[i] + (cd & (cd >> 31)); // min of the two chromas
    dh += h * c; // h ≤ 128, c ≤ 255
    const sd = as[i] - bs[i];
    const sm = sd >> 31;
    ds += (sd ^ sm) - sm;
    const vd = av[i] - bv[i];
    const vm = vd >> 31;
    dv += (vd ^ vm) - vm;
  }
  // hue: h·2 maps the half circle to 0..255, c/255 weights it.
  const hueTerm = (dh * 2) / 255 / n;
  const satTerm = ds / n;
  const valTerm = dv / n;
  let hd = 0;
  for (let k = 0; k < LUMA_BINS; k++) hd += Math.abs(a.hist[k] - b.hist[k]);
  const histTerm = 0.5 * hd * 255;
  const sumW = w.hue + w.sat + w.val + w.hist;
  return (w.hue * hueTerm + w.sat * satTerm + w.val * valTerm + w.hist * histTerm) / sumW;
}

/** Mean absolute difference of two luma planes, 0..1. */
export function lumaDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] - b[i];
    d += x < 0 ? -x : x;
  }
  return d / (a.length * 255);
}

/** Analysis plane size for a frame of `width`×`height` downscaled to at most `maxWidth` px wide. */
export function planeSize(width: number, height: number, maxWidth: number): { width: number; height: number } {
  if (width <= maxWidth) return { width, height };
  const w = Math.max(1, Math.floor(maxWidth));
  return { width: w, height: Math.max(1, Math.round((height * w) / width)) };
}

/** Reusable box-downscaler (area average) for one input size. */
class BoxScaler {
  readonly xs0: Int32Array;
  readonly xs1: Int32Array;
  readonly ys0: Int32Array;
  readonly ys1: Int32Array;
  readonly rowAcc: Uint32Array;
  constructor(readonly inW: number, readonly inH: number, readonly outW: number, readonly outH: number) {
    this.xs0 = new Int32Array(outW);
    this.xs1 = new Int32Array(outW);
    this.ys0 = new Int32Array(outH);
    this.ys1 = new Int32Array(outH);
    for (let x = 0; x < outW; x++) {
      this.xs0[x] = Math.floor((x * inW) / outW);
      this.xs1[x] = Math.max(this.xs0[x] + 1, Math.floor(((x + 1) * inW) / outW));
    }
    for (let y = 0; y < outH; y++) {
      this.ys0[y] = Math.floor((y * inH) / outH);
      this.ys1[y] = Math.max(this.ys0[y] + 1, Math.floor(((y + 1) * inH) / outH));
    }
    this.rowAcc = new Uint32Array(outW * 3);
  }
  /** Packed RGB24 in → packed RGB24 out. */
  scale(src: Uint8Array, dst: Uint8Array): void {
    const { inW, outW, outH, xs0, xs1, ys0, ys1, rowAcc } = this;
    for (let y = 0; y < outH; y++) {
      rowAcc.fill(0);
      const y0 = ys0[y], y1 = ys1[y];
      for (let sy = y0; sy < y1; sy++) {
        const row = sy * inW * 3;
        for (let x = 0; x < outW; x++) {
          let r = 0, g = 0, b = 0;
          for (let sx = xs0[x]; sx < xs1[x]; sx++) {
            const p = row + sx * 3;
            r += src[p];
            g += src[p + 1];
            b += src[p + 2];
          }
          rowAcc[x * 3] += r;
          rowAcc[x * 3 + 1] += g;
          rowAcc[x * 3 + 2] += b;
        }
      }
      for (let x = 0; x < outW; x++) {
        const area = (xs1[x] - xs0[x]) * (y1 - y0);
        const o = (y * outW + x) * 3;
        dst[o] = Math.round(rowAcc[x * 3] / area);
        dst[o + 1] = Math.round(rowAcc[x * 3 + 1] / area);
        dst[o + 2] = Math.round(rowAcc[x * 3 + 2] / area);
      }
    }
  }
}

/**
 * Computes {@link FrameFeatures} for a stream of frames (keeps the previous frame's
 * features for the deltas, and one scratch RGB buffer; nothing grows with clip length).
 */
export class FeatureExtractor {
  private scaler: BoxScaler | undefined;
  private scratch: Uint8Array | undefined;
  private prev: FrameFeatures | undefined;
  private readonly pool: { luma: Uint8Array; hue: Uint8Array; sat: Uint8Array; val: Uint8Array; chroma: Uint8Array }[] = [];
  private poolNext = 0;
  /** Packed RGB24 of the last frame at analysis size (valid until the next call; do not keep). */
  lastRgb: Uint8Array = new Uint8Array(0);
  constructor(
    /** Largest analysis plane width in px. */
    readonly maxWidth: number = 160,
    readonly weights: ContentWeights = DEFAULT_CONTENT_WEIGHTS,
  ) {}

  /** Features of `frame` (copies what it needs; the frame's buffer is not kept). */
  next(frame: Frame): FrameFeatures {
    if (frame.data.length < frame.width * frame.height * 3) {
      throw new Error(`frame ${frame.index}: ${frame.data.length} bytes for ${frame.width}x${frame.height} RGB24`);
    }
    const size = planeSize(frame.width, frame.height, this.maxWidth);
    let rgb = frame.data;
    if (size.width !== frame.width || size.height !== frame.height) {
      const s = this.scaler;
      if (!s || s.inW !== frame.width || s.inH !== frame.height) {
        this.scaler = new BoxScaler(frame.width, frame.height, size.width, size.height);
        this.scratch = new Uint8Array(size.width * size.height * 3);
      }
      this.scaler!.scale(frame.data, this.scratch!);
      rgb = this.scratch!;
    }
    this.lastRgb = rgb;
    const n = size.width * size.height;
    // Luma/hue/sat/val/chroma are read only by the content distance, at most a few frames back
    // (the cut detector's outlier look-ahead): they come from a ring of POOL_SIZE recycled
    // planes, so a long clip allocates nothing per frame (the fade detector copies the luma
    // planes it keeps longer). Memory stays flat in clip length.
    if (this.pool.length < POOL_SIZE || this.pool[0].hue.length !== n) {
      if (this.pool.length > 0 && this.pool[0].hue.length !== n) this.pool.length = 0;
      this.pool.push({ luma: new Uint8Array(n), hue: new Uint8Array(n), sat: new Uint8Array(n), val: new Uint8Array(n), chroma: new Uint8Array(n) });
    }
    const set = this.pool[this.poolNext++ % this.pool.length];
    const { luma, hue, sat, val, chroma } = set;
    const counts = new Uint32Array(LUMA_BINS);
    let sumY = 0, sumY2 = 0, sumS = 0, sumR = 0, sumB = 0;
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      const r = rgb[p], g = rgb[p + 1], b = rgb[p + 2];
      const y = (54 * r + 183 * g + 19 * b + 128) >> 8; // Rec. 709: 0.2126, 0.7152, 0.0722
      luma[i] = y;
      counts[y >> 4]++;
      sumY += y;
      sumY2 += y * y;
      sumR += r;
      sumB += b;
      const mx = r > g ? (r > b ? r : b) : g > b ? g : b;
      const mn = r < g ? (r < b ? r : b) : g < b ? g : b;
      const c = mx - mn;
      val[i] = mx;
      chroma[i] = c;
      const s = mx === 0 ? 0 : ((c * 255) / mx + 0.5) | 0;
      sat[i] = s;
      sumS += s;
      if (c === 0) {
        hue[i] = 0;
      } else {
        let h: number; // in sixths of the circle
        if (mx === r) h = (g - b) / c;
        else if (mx === g) h = 2 + (b - r) / c;
        else h = 4 + (r - g) / c;
        if (h < 0) h += 6;
        hue[i] = ((h * 256) / 6) & 255;
      }
    }
    const hist = new Float32Array(LUMA_BINS);
    for (let k = 0; k < LUMA_BINS; k++) hist[k] = counts[k] / n;
    const meanY = sumY / n;
    const varY = Math.max(0, sumY2 / n - meanY * meanY);
    const f: FrameFeatures = {
      t: frame.t,
      index: frame.index,
      width: size.width,
      height: size.height,
      luma, hue, sat, val, chroma, hist,
      meanLuma: meanY / 255,
      contrast: Math.sqrt(varY) / 255,
      meanSat: sumS / n / 255,
      warmth: sumR + sumB > 0 ? (sumR - sumB) / (sumR + sumB) : 0,
      contentDelta: 0,
      lumaDelta: 0,
    };
    const prev = this.prev;
    const out: FrameFeatures =
      prev && prev.luma.length === n
        ? { ...f, contentDelta: contentDistance(prev, f, this.weights), lumaDelta: lumaDistance(prev.luma, f.luma) }
        : f;
    this.prev = out;
    return out;
  }
}
