/**
 * The emotional arc E_t (eq. 9): text and picture valence/arousal/dominance fused on one
 * time grid by a Kalman filter with per-modality measurement noise, smoothed offline by a
 * Rauch–Tung–Striebel pass, then shaped by the prompt's timecoded cues.
 *
 * Classical, not learned: each of v, a, d is an independent scalar random walk (a
 * diagonal model). Text is a strong measurement while a line is spoken and for a short
 * hangover after it; the picture is a weaker, continuous measurement; the prompt's mood
 * words are a weak constant prior over the whole scene.
 */
import type { ArcPoint, PromptCue, PromptSpec, TimedLine, Vad } from '../model/artifacts.js';
import { seconds, type Seconds } from '../model/units.js';
import { kalmanFilter, rtsSmooth, type MeasurementSeries } from './kalman.js';
import { gridIndex, type TimeGrid } from './grid.js';

export interface ArcOptions {
  /** Measurement variance of a line's VAD while it is spoken. */
  readonly textNoise: number;
  /** Seconds a line keeps informing the arc after it ends (variance grows to 1 over this). */
  readonly textHangover: Seconds;
  /** Measurement variance of the per-frame visual VAD (averaged per grid step). */
  readonly visualNoise: number;
  /** Measurement variance of the prompt's mood prior. */
  readonly promptNoise: number;
  /** Process noise variance per grid step. */
  readonly processNoise: number;
  /** Longest build-up before a build cue's peak. */
  readonly buildWindow: Seconds;
  /** How long a drop holds its low state before the arc may recover. */
  readonly dropHold: Seconds;
}

export const DEFAULT_ARC_OPTIONS: ArcOptions = {
  textNoise: 0.04,
  textHangover: seconds(2),
  visualNoise: 0.2,
  promptNoise: 0.6,
  processNoise: 0.004,
  buildWindow: seconds(10),
  dropHold: seconds(8),
};

type Dim = 'v' | 'a' | 'd';
const DIMS: readonly Dim[] = ['v', 'a', 'd'];

/** Fuse text lines, visual VAD samples and the prompt into the arc (eq. 9, 38-40). */
export function fuseArc(
  grid: TimeGrid,
  lines: readonly TimedLine[],
  visualVad: readonly (Vad & { t: number })[],
  prompt: PromptSpec,
  options: Partial<ArcOptions> = {},
): ArcPoint[] {
  const o = { ...DEFAULT_ARC_OPTIONS, ...options };
  const n = grid.n;
  const out: Record<Dim, Float64Array> = { v: new Float64Array(n), a: new Float64Array(n), d: new Float64Array(n) };
  const sigma = new Float64Array(n);

  // Visual: average the per-frame estimates inside each grid step.
  const visSum: Record<Dim, Float64Array> = { v: new Float64Array(n), a: new Float64Array(n), d: new Float64Array(n) };
  const visCount = new Float64Array(n);
  for (const s of visualVad) {
    const k = gridIndex(grid, s.t);
    visSum.v[k]! += s.v; visSum.a[k]! += s.a; visSum.d[k]! += s.d;
    visCount[k]! += 1;
  }

  for (const dim of DIMS) {
    const ty = new Float64Array(n), tr = new Float64Array(n).fill(Infinity);
    for (const line of lines) {
      const k0 = gridIndex(grid, line.start), k1 = gridIndex(grid, line.end);
      const kh = gridIndex(grid, line.end + o.textHangover);
      for (let k = k0; k <= kh; k++) {
        const r = k <= k1 ? o.textNoise : o.textNoise + (1 - o.textNoise) * ((k - k1) / Math.max(1, kh - k1));
        // Where lines overlap, keep the more certain one.
        if (r < tr[k]!) { tr[k] = r; ty[k] = line.vad[dim]; }
      }
    }
    const vy = new Float64Array(n), vr = new Float64Array(n).fill(Infinity);
    for (let k = 0; k < n; k++) if (visCount[k]! > 0) { vy[k] = visSum[dim][k]! / visCount[k]!; vr[k] = o.visualNoise; }
    const series: MeasurementSeries[] = [{ y: ty, r: tr }, { y: vy, r: vr }];
    const prior = prompt.moodVad?.[dim] ?? 0;
    if (prompt.moodVad) series.push({ y: new Float64Array(n).fill(prior), r: new Float64Array(n).fill(o.promptNoise) });
    const filtered = kalmanFilter(n, series, { q: o.processNoise, x0: prior, p0: 0.25 });
    const smoothed = rtsSmooth(filtered);
    out[dim].set(smoothed.x);
    if (dim === 'a') for (let k = 0; k < n; k++) sigma[k] = Math.sqrt(Math.max(0, smoothed.p[k]!));
  }

  applyCues(grid, out, prompt.cues, o);

  const arc: ArcPoint[] = [];
  for (let k = 0; k < n; k++) {
    arc.push({
      t: grid.t[k]!,
      v: round4(clamp1(out.v[k]!)),
      a: round4(clamp1(out.a[k]!)),
      d: round4(clamp1(out.d[k]!)),
      sigma: round4(sigma[k]!),
    });
  }
  return arc;
}

/**
 * Prompt cues shape the fused arc (documented, deterministic blends):
 * - build at T: arousal rises on a convex ramp to +1 exactly at T, then eases back over 2 s
 *   (or, when a drop follows within the drop hold, stays high until that drop);
 * - hit at T: a short arousal bump to at least 0.8 around T;
 * - swell at T: a 3 s rise to at least 0.6 peaking at T;
 * - drop at T: arousal falls to −0.8 (silence: −0.95) within 0.3 s and holds, then recovers over 3 s;
 * - fade-out by T: arousal and valence ease towards −1/0 by T and stay there;
 * - subtle [T, end]: arousal capped at −0.2; intense [T, end]: raised to at least 0.6.
 */
function applyCues(grid: TimeGrid, x: Record<Dim, Float64Array>, cues: readonly PromptCue[], o: ArcOptions): void {
  const sorted = [...cues].sort((p, q) => p.t - q.t);
  const a = x.a;
  for (let ci = 0; ci < sorted.length; ci++) {
    const cue = sorted[ci]!;
    const prevT = ci > 0 ? sorted[ci - 1]!.t : 0;
    const nextCue = sorted[ci + 1];
    const nextT = nextCue ? nextCue.t : Infinity;
    const T = cue.t;
    for (let k = 0; k < grid.n; k++) {
      const t = grid.t[k]!;
      switch (cue.kind) {
        case 'build': {
          const W = Math.max(1, Math.min(o.buildWindow, T - prevT));
          if (t >= T - W && t <= T) {
            const u = (t - (T - W)) / W;
            const target = a[k]! + (1 - a[k]!) * Math.pow(u, 1.5);
            a[k] = Math.max(a[k]!, target);
          } else if (t > T && nextCue?.kind === 'drop' && nextT - T <= o.dropHold) {
            // The climax holds until the drop that ends it.
            a[k] = Math.max(a[k]!, 0.9 - 0.05 * ((t - T) / (nextT - T)));
          } else if (t > T && t < Math.min(T + 2, nextT)) {
            const u = (t - T) / 2;
            a[k] = Math.min(1, a[k]! * u + 0.95 * (1 - u));
          }
          break;
        }
        case 'hit':
        case 'swell': {
          const pre = cue.kind === 'hit' ? 0.5 : 3, peak = cue.kind === 'hit' ? 0.8 : 0.6;
          if (t >= T - pre && t <= T + 0.5) {
            const u = t <= T ? (t - (T - pre)) / pre : 1 - (t - T) / 0.5;
            a[k] = Math.max(a[k]!, a[k]! + (peak - a[k]!) * Math.max(0, u));
          }
          break;
        }
        case 'drop': {
          const floor = cue.target === 'silence' ? -0.95 : -0.8;
          const holdEnd = Math.min(T + o.dropHold, nextT);
          if (t >= T && t < holdEnd) {
            const u = Math.min(1, (t - T) / 0.3);
            a[k] = a[k]! + (floor - a[k]!) * u;
          } else if (t >= holdEnd && t < holdEnd + 3 && holdEnd < nextT) {
            const u = (t - holdEnd) / 3;
            a[k] = floor + (a[k]! - floor) * u;
          }
          break;
        }
        case 'fade-out': {
          const W = Math.max(1, Math.min(6, T - prevT));
          if (t >= T - W) {
            const u = Math.min(1, (t - (T - W)) / W);
            a[k] = a[k]! + (-1 - a[k]!) * u;
          }
          break;
        }
        case 'subtle':
          if (t >= T && t <= (cue.end ?? T)) a[k] = Math.min(a[k]!, -0.2);
          break;
        case 'intense':
          if (t >= T && t <= (cue.end ?? T)) a[k] = Math.max(a[k]!, 0.6);
          break;
      }
    }
  }
}

function clamp1(x: number): number {
  return x < -1 ? -1 : x > 1 ? 1 : x;
}
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
