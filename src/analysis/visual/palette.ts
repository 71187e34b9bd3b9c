/**
 * Dominant colours per shot (classical): pixels in CIE L*a*b* (sRGB, D65), clustered by
 * k-means with deterministic farthest-point seeding.
 *
 * Streaming: `PaletteSampler` keeps a fixed grid of `pixelsPerFrame` pixels of at most
 * `samplesPerSecond` frames a second as 8-bit Lab codes (3 bytes a pixel, ~1 MB for 20 minutes —
 * the only per-frame colour memory), so palettes can be made per shot once the shot boundaries
 * are known at the end. Neighbouring frames of a shot repeat each other's colours; eight a second
 * reach every shot longer than 1/8 s (the cut detector keeps shots ≥ 0.5 s).
 */
import { lowerBound } from '../../util/sorted-search.js';

export interface PaletteColour {
  /** sRGB hex, e.g. "#c08040". */
  readonly hex: string;
  /** CIE L* 0..100, a*, b* roughly −128..127. */
  readonly lab: readonly [number, number, number];
  /** Share of the shot's pixels, 0..1 (the palette's weights sum to 1). */
  readonly weight: number;
}

const SRGB_TO_LINEAR = new Float64Array(256).map((_, i) => {
  const c = i / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

const labF = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116);

/** sRGB 0..255 → CIE Lab (D65). */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const R = SRGB_TO_LINEAR[r], G = SRGB_TO_LINEAR[g], B = SRGB_TO_LINEAR[b];
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const fx = labF(x), fy = labF(y), fz = labF(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE Lab (D65) → sRGB 0..255 (clamped). */
export function labToRgb(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
  const inv = (f: number): number => (f ** 3 > 216 / 24389 ? f ** 3 : (116 * f - 16) / (24389 / 27));
  const x = inv(fx) * 0.95047, y = inv(fy), z = inv(fz) * 1.08883;
  const R = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const G = -0.969266 * x + 1.8760108 * y + 0.041556 * z;
  const B = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  const enc = (c: number): number => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.max(0, c) ** (1 / 2.4) - 0.055;
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  };
  return [enc(R), enc(G), enc(B)];
}

const hex2 = (x: number): string => x.toString(16).padStart(2, '0');

/**
 * Deterministic k-means in Lab over `n` points (flat [L, a, b, …]): farthest-point seeding from
 * the point nearest the mean, then Lloyd iterations; clusters sorted by weight, empty ones dropped.
 */
export function kmeansLab(points: Float32Array, n: number, k: number, iterations = 12): PaletteColour[] {
  if (n === 0) return [];
  k = Math.min(k, n);
  const centres = new Float64Array(k * 3);
  let mL = 0, ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    mL += points[3 * i];
    ma += points[3 * i + 1];
    mb += points[3 * i + 2];
  }
  mL /= n; ma /= n; mb /= n;
  const d2 = (i: number, c: number, src: ArrayLike<number> = centres): number => {
    const x = points[3 * i] - src[3 * c], y = points[3 * i + 1] - src[3 * c + 1], z = points[3 * i + 2] - src[3 * c + 2];
    return x * x + y * y + z * z;
  };
  let first = 0, bestD = Infinity;
  for (let i = 0; i < n; i++) {
    const d = d2(i, 0, [mL, ma, mb]);
    if (d < bestD) { bestD = d; first = i; }
  }
  centres.set(points.subarray(3 * first, 3 * first + 3), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  let used = 1;
  for (let c = 1; c < k; c++) {
    let far = -1, farD = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], d2(i, c - 1));
      if (nearest[i] > farD) { farD = nearest[i]; far = i; }
    }
    if (far < 0 || farD < 4) break; // the rest are within ΔE 2 of a seed: fewer colours
    centres.set(points.subarray(3 * far, 3 * far + 3), 3 * c);
    used++;
  }
  k = used;
  const assign = new Int32Array(n);
  const sums = new Float64Array(k * 4);
  for (let it = 0; it < iterations; it++) {
    sums.fill(0);
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = d2(i, c);
        if (d < bd) { bd = d; best = c; }
      }
      if (assign[i] !== best) { assign[i] = best; changed = true; }
      sums[4 * best] += points[3 * i];
      sums[4 * best + 1] += points[3 * i + 1];
      sums[4 * best + 2] += points[3 * i + 2];
      sums[4 * best + 3]++;
    }
    for (let c = 0; c < k; c++) {
      const m = sums[4 * c + 3];
      if (m > 0) for (let j = 0; j < 3; j++) centres[3 * c + j] = sums[4 * c + j] / m;
    }
    if (!changed && it > 0) break;
  }
  const out: PaletteColour[] = [];
  for (let c = 0; c < k; c++) {
    const m = sums[4 * c + 3];
    if (m === 0) continue;
    const lab: [number, number, number] = [centres[3 * c], centres[3 * c + 1], centres[3 * c + 2]];
    const [r, g, b] = labToRgb(...lab);
    out.push({ hex: `#${hex2(r)}${hex2(g)}${hex2(b)}`, lab: lab.map((x) => Math.round(x * 10) / 10) as [number, number, number], weight: m / n });
  }
  return out.sort((x, y) => y.weight - x.weight);
}

/**
 * Keeps a fixed pixel grid of frames (at most `samplesPerSecond` a second) as 8-bit Lab codes
 * (L·2.55, a+128, b+128), and which frame each sample came from.
 */
export class PaletteSampler {
  private chunks: Uint8Array[] = [];
  private cur: Uint8Array;
  private used = 0;
  private frames = 0;
  /** Frame number of each kept sample, ascending (grown by doubling). */
  private frameOf = new Int32Array(1024);
  private kept = 0;
  private lastT = -Infinity;
  private readonly chunkFrames = 1024;
  constructor(
    readonly pixelsPerFrame = 48,
    readonly samplesPerSecond = 8,
  ) {
    this.cur = new Uint8Array(this.chunkFrames * pixelsPerFrame * 3);
  }

  /**
   * Offer the next frame (a packed-RGB24 analysis plane shown at `t` s); it is sampled when at
   * least 1/samplesPerSecond s has passed since the last sample.
   */
  add(rgb: Uint8Array, width: number, height: number, t: number): void {
    const frame = this.frames++;
    if (t - this.lastT < 1 / this.samplesPerSecond - 1e-9) return;
    this.lastT = t;
    if (this.kept === this.frameOf.length) {
      const grown = new Int32Array(2 * this.frameOf.length);
      grown.set(this.frameOf);
      this.frameOf = grown;
    }
    this.frameOf[this.kept++] = frame;
    const p = this.pixelsPerFrame;
    const cols = Math.max(1, Math.round(Math.sqrt((p * width) / height)));
    const rows = Math.max(1, Math.ceil(p / cols));
    if (this.used === this.cur.length) {
      this.chunks.push(this.cur);
      this.cur = new Uint8Array(this.chunkFrames * p * 3);
      this.used = 0;
    }
    let k = 0;
    for (let j = 0; j < rows && k < p; j++) {
      const y = Math.min(height - 1, Math.floor(((j + 0.5) * height) / rows));
      for (let i = 0; i < cols && k < p; i++, k++) {
        const x = Math.min(width - 1, Math.floor(((i + 0.5) * width) / cols));
        const q = (y * width + x) * 3;
        const [L, a, b] = rgbToLab(rgb[q], rgb[q + 1], rgb[q + 2]);
        const o = this.used + 3 * k;
        this.cur[o] = Math.round(L * 2.55);
        this.cur[o + 1] = Math.max(0, Math.min(255, Math.round(a + 128)));
        this.cur[o + 2] = Math.max(0, Math.min(255, Math.round(b + 128)));
      }
    }
    this.used += 3 * p;
  }

  get frameCount(): number {
    return this.frames;
  }

  /**
   * Palette of frames [from, to) (frame numbers in the order offered), ≤ `maxPoints` pixels: from
   * the samples taken in that range, or the last sample before it when it has none.
   */
  palette(from: number, to: number, k = 5, maxPoints = 4096): PaletteColour[] {
    const p = this.pixelsPerFrame;
    if (Math.min(this.frames, to) <= Math.max(0, from) || this.kept === 0) return [];
    const kept = this.frameOf.subarray(0, this.kept);
    to = lowerBound(kept, to);
    from = Math.min(lowerBound(kept, from), Math.max(0, to - 1));
    const nFrames = to - from;
    if (nFrames <= 0) return [];
    const stride = Math.max(1, Math.ceil((nFrames * p) / maxPoints));
    const pts = new Float32Array(Math.ceil((nFrames * p) / stride) * 3 + 3);
    let n = 0;
    const per = this.chunkFrames * p * 3;
    for (let g = from * p; g < to * p; g += stride) {
      const byte = g * 3;
      const c = Math.floor(byte / per);
      const arr = c < this.chunks.length ? this.chunks[c] : this.cur;
      const o = byte - c * per;
      pts[3 * n] = arr[o] / 2.55;
      pts[3 * n + 1] = arr[o + 1] - 128;
      pts[3 * n + 2] = arr[o + 2] - 128;
      n++;
    }
    return kmeansLab(pts, n, k);
  }
}
