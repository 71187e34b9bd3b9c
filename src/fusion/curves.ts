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
 * Each curve is smoothed with a centred moving average (smoothing seconds).
 */
import type { ArcPoint, ParameterCurves, PromptSpec } from '../model/artifacts.js';
import type { TimeGrid } from './grid.js';

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

/** Derive the parameter curves on the grid from the fused arc. */
export function deriveCurves(grid: TimeGrid, arc: readonly ArcPoint[], prompt: PromptSpec, options: Partial<CurveOptions> = {}): ParameterCurves {
  const o = { ...DEFAULT_CURVE_OPTIONS, ...options };
  const tc = tempoConstants(prompt, o);
  const n = arc.length;
  const tempo: number[] = [], dynamics: number[] = [], tension: number[] = [], density: number[] = [], mode: number[] = [];
  for (const p of arc) {
    tempo.push(clamp(tc.c1 * p.a + tc.c2, tc.min, tc.max)); // eq. 10
    const ap = (p.a + 1) / 2;
    dynamics.push(clamp(o.c3 * Math.sqrt(ap * ap + (p.v / 2) ** 2), 0, 1)); // eq. 12
    tension.push(clamp(o.tensionK * Math.abs(p.d) * 0.4 + 0.45 * ap + 0.35 * Math.max(0, -p.v), 0, 1)); // eq. 41 blended
    density.push(clamp(0.5 * (o.densityC * (p.a + p.v) + 1) * 0.5 + 0.5 * ap, 0, 1)); // eq. 42
  }
  // eq. 11 with hysteresis
  let current = (arc[0]?.v ?? 0) >= 0 ? 1 : -1;
  let pendingSince = -1;
  for (let k = 0; k < n; k++) {
    const v = arc[k]!.v;
    const wants = v > o.modeThreshold ? 1 : v < -o.modeThreshold ? -1 : current;
    if (wants !== current) {
      if (pendingSince < 0) pendingSince = k;
      if ((k - pendingSince) * grid.step >= o.modeMinDwell) { current = wants; pendingSince = -1; }
    } else pendingSince = -1;
    mode.push(current);
  }
  const w = Math.max(0, Math.round(o.smoothing / grid.step / 2));
  return {
    t: grid.t,
    tempo: smooth(tempo, w).map(r2),
    dynamics: smooth(dynamics, w).map(r4),
    tension: smooth(tension, w).map(r4),
    density: smooth(density, w).map(r4),
    mode,
  };
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
