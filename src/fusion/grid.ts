import { seconds, type Seconds } from '../model/units.js';

/** The fusion time grid: uniform steps in seconds from 0 to the video's duration. */
export interface TimeGrid {
  readonly step: Seconds;
  readonly n: number;
  readonly t: readonly Seconds[];
}

/** Default grid step: 10 Hz. */
export const GRID_STEP = seconds(0.1);

/** A grid covering [0, duration] inclusive of both ends. */
export function makeGrid(duration: Seconds, step: Seconds = GRID_STEP): TimeGrid {
  const n = Math.max(2, Math.floor(duration / step + 1e-9) + 1 + (duration % step > 1e-9 ? 1 : 0));
  const t: Seconds[] = [];
  // Rounded to the microsecond so grid times print as the decimals they are (26.9, not 26.900000000000002).
  for (let k = 0; k < n; k++) t.push(seconds(Math.min(duration, Math.round(k * step * 1e6) / 1e6)));
  return { step, n, t };
}

/** Grid index nearest to time t (clamped). */
export function gridIndex(grid: TimeGrid, t: number): number {
  return Math.max(0, Math.min(grid.n - 1, Math.round(t / grid.step)));
}

/** Linear interpolation of a grid-sampled curve at time t. */
export function sampleCurve(grid: TimeGrid, values: ArrayLike<number>, t: number): number {
  const x = Math.max(0, Math.min(grid.n - 1, t / grid.step));
  const i = Math.floor(x);
  const f = x - i;
  const a = values[i]!;
  const b = values[Math.min(grid.n - 1, i + 1)]!;
  return a + (b - a) * f;
}

/** Mean of a grid-sampled curve over [t0, t1]. */
export function meanOver(grid: TimeGrid, values: ArrayLike<number>, t0: number, t1: number): number {
  const i0 = gridIndex(grid, t0), i1 = Math.max(i0, gridIndex(grid, t1));
  let s = 0;
  for (let i = i0; i <= i1; i++) s += values[i]!;
  return s / (i1 - i0 + 1);
}
