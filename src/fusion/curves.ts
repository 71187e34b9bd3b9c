/**
 * Music parameter curves from the arc (eq. 10-12, 41-42), as documented rules with
 * named constants (no learned mapping):
 * - tempo(t) = c1·a + c2 (eq. 10), clamped to [tempoMin, tempoMax]; the prompt's bpm moves c2
 *   and narrows the range to ±15%; tempo words ("fast", "slow") move c2;
 * - mode(t) = sign(v) (eq. 11) with hysteresis: it changes only when v crosses ±modeThreshold
 *   and the new mode has held for modeMinDwell seconds;
 * - dynamics(t) = c3·√(a'² + (v/2)²) with a' = (a+1)/2 (eq. 12 on a non-negative arousal,
 *   so calm means quiet whatever the valence), clamped to [0, 1];
 * - tension(t) = k·|d| (eq. 41) blended with arousal and negative valence;
 * - density(t) = c·(a + v) (eq. 42), rescaled from [−2, 2] to [0, 1] and biased by arousal.
 * - harmonicTension(t) = k_H·|d| (eq. 41) + 0.3·max(0, −v) + 0.25·a' + 0.25·rise, where rise is
 *   the arousal slope over the next riseWindow seconds (0..1 at riseSlope per second): harmony
 *   tightens while the scene builds and resolves when it peaks;
 * - register(t) = 0.5 + 0.2·v + 0.2·a, in [0.1, 0.9]: dark and calm sits low, bright and excited high;
 * - articulation(t) = 0.65·a' + 0.35·pace, pace = 1 − exp(−cuts per 10 s / paceScale) from the
 *   local cutting rate (±paceWindow/2): fast cutting asks for short, accented notes;
 * - rhythmicDensity(t) = 0.55·a' + 0.3·pace + 0.15·rise.
 * Each curve is smoothed with a centred moving average (smoothing seconds). A mode change
 * decided at t (hysteresis) moves to the nearest shot/beat boundary in [when v first crossed
 * the threshold, t + modeSnap], so the harmony turns with the picture. All constants are
 * hand-set defaults (musical judgement), not fitted.
 */
import type { ArcPoint, ParameterCurves, PromptSpec } from '../model/artifacts.js';
import type { Seconds } from '../model/units.js';
import { gridIndex, type TimeGrid } from './grid.js';

export interface CurveOptions {
  readonly c1: number;
  readonly c2: number;
  readonly c3: number;
  readonly tempoMin: number;
  readonly tempoMax: number;
  readonly modeThreshold: number;
  readonly modeMinDwell: number;
  readonly tensionK: number;
  readonly densityC: number;
  readonly smoothing: number;
  /** k_H of eq. 41 in harmonicTension. */
  readonly harmonicK: number;
  /** Look-ahead of the arousal slope feeding tension and density, seconds. */
  readonly riseWindow: number;
  /** Arousal slope (per second) counted as a full rise. */
  readonly riseSlope: number;
  /** Window of the local cut rate, seconds. */
  readonly paceWindow: number;
  /** Cuts per 10 s giving 63 % pace. */
  readonly paceScale: number;
  /** How far after the hysteresis decision a mode change may move to reach a boundary, seconds. */
  readonly modeSnap: number;
}

/** Where the picture and story turn: the curves prefer to change there. */
export interface CurveContext {
  /** Shot boundaries (cuts, transition starts), seconds. */
  readonly cuts?: readonly Seconds[];
  /** Other boundaries a mode change may move to: narrative beats, prompt cues. */
  readonly beats?: readonly Seconds[];
}

export const DEFAULT_CURVE_OPTIONS: CurveOptions = {
  c1: 28,
  c2: 96,
  c3: 1,
  tempoMin: 60,
  tempoMax: 150,
  modeThreshold: 0.12,
  modeMinDwell: 4,
  tensionK: 0.5,
  densityC: 0.5,
  smoothing: 1.0,
  harmonicK: 0.3,
  riseWindow: 2,
  riseSlope: 0.3,
  paceWindow: 10,
  paceScale: 4,
  modeSnap: 2,
};

const TEMPO_WORDS: Record<string, number> = {
  'very slow': 62, slow: 72, moderate: 96, medium: 96, fast: 128, 'very fast': 145, 'high-bpm': 132, driving: 124,
};

/** Tempo constants after the prompt: its bpm or tempo word moves c2 and may narrow the range. */
export function tempoConstants(prompt: PromptSpec, o: CurveOptions = DEFAULT_CURVE_OPTIONS): { c1: number; c2: number; min: number; max: number } {
  if (prompt.tempo?.bpm) {
    const b = prompt.tempo.bpm;
    return { c1: b * 0.12, c2: b, min: b * 0.85, max: b * 1.15 };
  }
  const word = prompt.tempo?.word?.toLowerCase();
  if (word && TEMPO_WORDS[word] !== undefined) {
    const c2 = TEMPO_WORDS[word]!;
    return { c1: o.c1 * 0.7, c2, min: Math.max(o.tempoMin, c2 * 0.8), max: Math.min(o.tempoMax + 20, c2 * 1.2) };
  }
  return { c1: o.c1, c2: o.c2, min: o.tempoMin, max: o.tempoMax };
}

/** Derive the parameter curves on the grid from the fused arc (eq. 10-12, 41-42). */
export function deriveCurves(
  grid: TimeGrid,
  arc: readonly ArcPoint[],
  prompt: PromptSpec,
  options: Partial<CurveOptions> = {},
  context: CurveContext = {},
): ParameterCurves {
  const o = { ...DEFAULT_CURVE_OPTIONS, ...options };
  const tc = tempoConstants(prompt, o);
  const n = arc.length;
  const pace = cutPace(grid, context.cuts ?? [], o);
  const riseK = Math.max(1, Math.round(o.riseWindow / grid.step));
  const tempo: number[] = [], dynamics: number[] = [], tension: number[] = [], density: number[] = [];
  const harmonic: number[] = [], register: number[] = [], articulation: number[] = [], rhythm: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = arc[k]!;
    tempo.push(clamp(tc.c1 * p.a + tc.c2, tc.min, tc.max)); // eq. 10
    const ap = (p.a + 1) / 2;
    dynamics.push(clamp(o.c3 * Math.sqrt(ap * ap + (p.v / 2) ** 2), 0, 1)); // eq. 12
    tension.push(clamp(o.tensionK * Math.abs(p.d) * 0.4 + 0.45 * ap + 0.35 * Math.max(0, -p.v), 0, 1)); // eq. 41 blended
    density.push(clamp(0.5 * (o.densityC * (p.a + p.v) + 1) * 0.5 + 0.5 * ap, 0, 1)); // eq. 42
    const ahead = arc[Math.min(n - 1, k + riseK)]!;
    const slope = (ahead.a - p.a) / Math.max(grid.step, ahead.t - p.t);
    const rise = clamp(slope / o.riseSlope, 0, 1);
    harmonic.push(clamp(o.harmonicK * Math.abs(p.d) + 0.3 * Math.max(0, -p.v) + 0.25 * ap + 0.25 * rise, 0, 1)); // eq. 41 + build
    register.push(clamp(0.5 + 0.2 * p.v + 0.2 * p.a, 0.1, 0.9));
    articulation.push(clamp(0.65 * ap + 0.35 * pace[k]!, 0, 1));
    rhythm.push(clamp(0.55 * ap + 0.3 * pace[k]! + 0.15 * rise, 0, 1));
  }
  const boundaries = [...(context.cuts ?? []), ...(context.beats ?? [])].map((t) => gridIndex(grid, t)).sort((a, b) => a - b);
  const mode = modeWithHysteresis(grid, arc, o, boundaries);
  const w = Math.max(0, Math.round(o.smoothing / grid.step / 2));
  return {
    t: grid.t,
    tempo: smooth(tempo, w).map(r2),
    dynamics: smooth(dynamics, w).map(r4),
    tension: smooth(tension, w).map(r4),
    density: smooth(density, w).map(r4),
    mode,
    harmonicTension: smooth(harmonic, w).map(r4),
    register: smooth(register, w).map(r4),
    articulation: smooth(articulation, w).map(r4),
    rhythmicDensity: smooth(rhythm, w).map(r4),
  };
}

/**
 * eq. 11 with hysteresis: the mode changes only when v crosses ±modeThreshold and the new mode
 * is wanted for modeMinDwell seconds; the change then moves to the boundary (grid index)
 * nearest the decision within [first wanted, decision + modeSnap], never past its neighbours.
 */
function modeWithHysteresis(grid: TimeGrid, arc: readonly ArcPoint[], o: CurveOptions, boundaries: readonly number[]): number[] {
  const n = arc.length;
  const changes: { k: number; since: number; to: number }[] = [];
  // The opening mode: the sign of the mean valence over the first dwell (a fade from black
  // must not decide it from its first, darkest frame).
  const open = arc.filter((p) => p.t - (arc[0]?.t ?? 0) <= o.modeMinDwell);
  let current = open.reduce((s, p) => s + p.v, 0) >= 0 ? 1 : -1;
  const first = current;
  let pendingSince = -1;
  for (let k = 0; k < n; k++) {
    const v = arc[k]!.v;
    const wants = v > o.modeThreshold ? 1 : v < -o.modeThreshold ? -1 : current;
    if (wants !== current) {
      if (pendingSince < 0) pendingSince = k;
      if ((k - pendingSince) * grid.step >= o.modeMinDwell) { current = wants; changes.push({ k, since: pendingSince, to: wants }); pendingSince = -1; }
    } else pendingSince = -1;
  }
  const snapK = Math.round(o.modeSnap / grid.step);
  const moved = changes.map((c) => c.k);
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    const lo = Math.max(c.since, i > 0 ? moved[i - 1]! + 1 : 0);
    const hi = Math.min(c.k + snapK, i + 1 < changes.length ? changes[i + 1]!.since - 1 : n - 1);
    let best = -1;
    for (const b of boundaries) {
      if (b < lo || b > hi) continue;
      if (best < 0 || Math.abs(b - c.k) < Math.abs(best - c.k)) best = b;
    }
    if (best >= 0) moved[i] = best;
  }
  const mode: number[] = new Array<number>(n);
  let m = first, ci = 0;
  for (let k = 0; k < n; k++) {
    while (ci < changes.length && moved[ci]! <= k) { m = changes[ci]!.to; ci++; }
    mode[k] = m;
  }
  return mode;
}

/** Local cutting pace per grid step, 0..1: 1 − exp(−(cuts per 10 s in the window)/paceScale). */
function cutPace(grid: TimeGrid, cuts: readonly Seconds[], o: CurveOptions): Float64Array {
  const pace = new Float64Array(grid.n);
  if (cuts.length === 0) return pace;
  const sorted = [...cuts].sort((a, b) => a - b);
  let lo = 0, hi = 0;
  for (let k = 0; k < grid.n; k++) {
    const t = grid.t[k]!;
    while (lo < sorted.length && sorted[lo]! < t - o.paceWindow / 2) lo++;
    while (hi < sorted.length && sorted[hi]! <= t + o.paceWindow / 2) hi++;
    const per10 = ((hi - lo) * 10) / o.paceWindow;
    pace[k] = 1 - Math.exp(-per10 / o.paceScale);
  }
  return pace;
}

function smooth(x: readonly number[], w: number): number[] {
  if (w === 0) return [...x];
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    let s = 0, c = 0;
    for (let j = Math.max(0, i - w); j <= Math.min(x.length - 1, i + w); j++) { s += x[j]!; c++; }
    out.push(s / c);
  }
  return out;
}
const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
const r2 = (x: number): number => Math.round(x * 100) / 100;
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
