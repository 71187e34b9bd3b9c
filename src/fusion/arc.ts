/**
 * The emotional arc E_t (eq. 9): text and picture valence/arousal/dominance fused on one
 * time grid by a Kalman filter with per-modality measurement noise, smoothed offline by a
 * Rauch–Tung–Striebel pass, then shaped by the prompt's timecoded cues.
 *
 * Classical, not learned: each of v, a, d is an independent scalar random walk (a
 * diagonal model), filtered forward (eq. 38-40) and smoothed backward (RTS). The constants
 * are hand-set, not fitted (DEFAULT_ARC_OPTIONS):
 * - text: the cross-modal attention (attention.ts) tells, per grid step, which lines the
 *   moment attends and how much (text precision Σ α·ω, ≈ 1 while a line is spoken, more when a
 *   cut or close-up falls in it, falling to 0 about a second after it ends). The text
 *   measurement is the ω-weighted line VAD with variance textNoise / precision (0.04 ⇒ σ 0.2 on
 *   a [−1, 1] scale: a lexicon VAD is a fair but not sharp reading of a line);
 * - picture: a continuous, weaker measurement, variance visualNoise 0.2 (σ ≈ 0.45: colour and
 *   motion tell mood only loosely);
 * - prompt mood words: a weak constant prior, variance promptNoise 0.6;
 * - process noise 0.004 per 0.1 s step: σ ≈ 0.2 per second of drift when nothing is measured,
 *   so the arc may turn within a few seconds but not follow single-frame noise.
 */
import type { ArcPoint, PromptCue, PromptSpec, TimedLine, TimelineEvent, Vad } from '../model/artifacts.js';
import { seconds, type Seconds } from '../model/units.js';
import { kalmanFilter, rtsSmooth, type MeasurementSeries } from './kalman.js';
import type { TimeGrid } from './grid.js';
import { crossModalAttention, gridVisualVad, type AttentionOptions, type CrossModalAttention } from './attention.js';

export interface ArcOptions {
  /** Measurement variance of a line's VAD while it is spoken (divided by the attention's text precision). */
  readonly textNoise: number;
  /** Text precision below which a grid step has no text measurement. */
  readonly minTextPrecision: number;
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
  minTextPrecision: 0.02,
  visualNoise: 0.2,
  promptNoise: 0.6,
  processNoise: 0.004,
  buildWindow: seconds(10),
  dropHold: seconds(8),
};

type Dim = 'v' | 'a' | 'd';
const DIMS: readonly Dim[] = ['v', 'a', 'd'];

/**
 * Fuse text lines, visual VAD samples and the prompt into the arc (eq. 9, 38-40). The text
 * reaches the filter through the cross-modal attention over the picture events (eq. 3-4);
 * pass `attention` to reuse one already computed.
 */
export function fuseArc(
  grid: TimeGrid,
  lines: readonly TimedLine[],
  visualVad: readonly (Vad & { t: number })[],
  prompt: PromptSpec,
  options: Partial<ArcOptions> = {},
  visualEvents: readonly TimelineEvent[] = [],
  attention?: CrossModalAttention,
  attentionOptions: Partial<AttentionOptions> = {},
): ArcPoint[] {
  const o = { ...DEFAULT_ARC_OPTIONS, ...options };
  const n = grid.n;
  const att = attention ?? crossModalAttention(grid, lines, visualVad, visualEvents, attentionOptions);
  const vis = gridVisualVad(grid, visualVad);
  const out: Record<Dim, Float64Array> = { v: new Float64Array(n), a: new Float64Array(n), d: new Float64Array(n) };
  const sigma = new Float64Array(n);

  for (const dim of DIMS) {
    const tr = new Float64Array(n).fill(Infinity);
    for (let k = 0; k < n; k++) {
      const p = att.textPrecision[k]!;
      if (p >= o.minTextPrecision) tr[k] = o.textNoise / p;
    }
    const vr = new Float64Array(n).fill(Infinity);
    for (let k = 0; k < n; k++) if (vis.has[k]) vr[k] = o.visualNoise;
    const series: MeasurementSeries[] = [{ y: att.textVad[dim], r: tr }, { y: vis[dim], r: vr }];
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
 * - build at T: arousal rises on a convex ramp to +1 exactly at T (from the cue's start when the
 *   prompt gave one, else over up to buildWindow after the previous cue), then eases back over 2 s
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
    const span = cueStart(cue) !== undefined && cueStart(cue)! < T ? T - cueStart(cue)! : undefined;
    for (let k = 0; k < grid.n; k++) {
      const t = grid.t[k]!;
      switch (cue.kind) {
        case 'build': {
          const W = span ?? Math.max(1, Math.min(o.buildWindow, T - prevT));
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
          const pre = cue.kind === 'hit' ? 0.5 : span ?? 3, peak = cue.kind === 'hit' ? 0.8 : 0.6;
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
          const W = span ?? Math.max(1, Math.min(6, T - prevT));
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

/**
 * Where a cue's span begins when the prompt gave one ("build from 0:20 to 0:50"): the prompt
 * parser's optional `start` field (issue 2), read structurally so older specs without it work.
 */
function cueStart(cue: PromptCue): number | undefined {
  const s = (cue as PromptCue & { readonly start?: number }).start;
  return typeof s === 'number' && Number.isFinite(s) ? s : undefined;
}

function clamp1(x: number): number {
  return x < -1 ? -1 : x > 1 ? 1 : x;
}
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
