/**
 * What every part generator reads: the plan, its tempo map and bar grid, and quick
 * look-ups (section, key, parameter curves) by tick. Built once per composition.
 * Also the note type parts emit before they are routed to tracks.
 */
import type { ControlEvent, Mode, ScorePlan, Section } from '../model/artifacts.js';
import { TempoMap } from '../time/tempo-map.js';

/** Roles a part plays; the orchestration routes each role to one or more tracks. */
export type PartRole = 'bass' | 'pad' | 'pulse' | 'melody' | 'brass' | 'timpani' | 'drums' | 'riser' | 'impact';

/** A note before routing. Ticks are integers (PPQ of the plan). */
export interface PartNote {
  tick: number;
  duration: number;
  pitch: number;
  /** 1..127 */
  velocity: number;
  /** Impact notes on a hit point: never moved, never dropped by texture gates. */
  locked?: boolean;
  /** Drone notes keep their low register (down to MIDI 28) on any track. */
  drone?: boolean;
  /** A leitmotif statement: heard in every texture but silence, may sit an octave below its track's register. */
  motif?: boolean;
}

/** Controller event before routing (CC number, value 0..127). */
export type PartControl = ControlEvent;

/** Notes and controllers per role. */
export type PartMap = Map<PartRole, PartNote[]>;

export interface ComposeContext {
  readonly plan: ScorePlan;
  readonly tempo: TempoMap;
  readonly ticksPerBeat: number;
  readonly ticksPerBar: number;
  readonly beatsPerBar: number;
  readonly sections: readonly Section[];
  /** Index of the section containing `tick` (start inclusive, end exclusive), or −1. */
  sectionIndexAt(tick: number): number;
  /** Key in force at `tick`: tonic pitch class 0..11 and mode (D minor when the plan has no keys). */
  keyAt(tick: number): { tonic: number; mode: Mode };
  /** plan.curves.dynamics at the tick's film time, 0..1 (the section energy when the plan has no curve). */
  dynamicsAt(tick: number): number;
  /** plan.curves.tension at the tick's film time, 0..1 (the section tension when the plan has no curve). */
  tensionAt(tick: number): number;
  /**
   * Crescendo ramp 0..1 into the next swelling hit point (kinds build/swell/hit/climax,
   * or strength ≥ 0.6): rises over the two bars before the hit (never back past the
   * previous hit), 0 elsewhere.
   */
  rampAt(tick: number): number;
}

/** Hit kinds that get a crescendo and a CC1 swell into them. */
export const SWELL_KINDS = /build|swell|hit|climax|impact/;

/** Linear interpolation of a sampled curve at time t (clamped at both ends). */
function interp(ts: readonly number[], ys: readonly number[], t: number): number {
  const n = Math.min(ts.length, ys.length);
  if (n === 0) return NaN;
  if (t <= ts[0]) return ys[0];
  if (t >= ts[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] <= t) lo = mid;
    else hi = mid;
  }
  const span = ts[hi] - ts[lo];
  const f = span > 0 ? (t - ts[lo]) / span : 0;
  return ys[lo] + f * (ys[hi] - ys[lo]);
}

const clamp01 = (x: number): number => Math.max(0, Math.min(1, x));

/** Build the look-up context for a plan (pure; validates nothing the TempoMap does not). */
export function createContext(plan: ScorePlan): ComposeContext {
  const tempo = TempoMap.fromPoints(plan.tempoMap, plan.meter);
  const sections = [...plan.sections].sort((a, b) => a.startTick - b.startTick);
  const starts = sections.map((s) => s.startTick);
  const keys = [...plan.keys].sort((a, b) => a.tick - b.tick);

  const sectionIndexAt = (tick: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= tick) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    if (found < 0) return -1;
    return tick < sections[found].endTick ? found : -1;
  };

  const curveAt = (ys: readonly number[], tick: number, fallback: (s: Section | undefined) => number): number => {
    const v = interp(plan.curves.t, ys, tempo.secondsAt(tick));
    if (Number.isFinite(v)) return clamp01(v);
    const i = sectionIndexAt(tick);
    return clamp01(fallback(i >= 0 ? sections[i] : undefined));
  };

  const hitTicks = [...plan.hitPoints].sort((a, b) => a.tick - b.tick);
  const ramps: { from: number; to: number }[] = [];
  hitTicks.forEach((h, k) => {
    if (!(SWELL_KINDS.test(h.kind) || h.strength >= 0.6)) return;
    const to = Math.round(h.tick);
    const prev = k > 0 ? Math.round(hitTicks[k - 1].tick) : 0;
    const from = Math.max(prev, to - 2 * tempo.ticksPerBar, 0);
    if (to - from >= tempo.ticksPerBeat) ramps.push({ from, to });
  });

  return {
    plan,
    tempo,
    ticksPerBeat: tempo.ticksPerBeat,
    ticksPerBar: tempo.ticksPerBar,
    beatsPerBar: plan.meter.numerator,
    sections,
    sectionIndexAt,
    keyAt(tick) {
      let k = keys[0];
      for (const p of keys) if (p.tick <= tick) k = p;
      return k ? { tonic: ((k.tonic % 12) + 12) % 12, mode: k.mode } : { tonic: 2, mode: 'minor' };
    },
    dynamicsAt: (tick) => curveAt(plan.curves.dynamics, tick, (s) => s?.energy ?? 0.5),
    tensionAt: (tick) => curveAt(plan.curves.tension, tick, (s) => s?.tension ?? 0.5),
    rampAt(tick) {
      let r = 0;
      for (const w of ramps) if (tick >= w.from && tick < w.to) r = Math.max(r, Math.pow((tick - w.from) / (w.to - w.from), 1.5));
      return r;
    },
  };
}

/**
 * Loudness level 0..1 a part should play at inside a section: the mean of the dynamics
 * curve at the tick and the section's energy (so both the film-time curve and the plan's
 * section character move it).
 */
export function levelAt(ctx: ComposeContext, section: Section, tick: number): number {
  return clamp01(0.5 * ctx.dynamicsAt(tick) + 0.5 * section.energy);
}

/**
 * Drive 0..1 of a section for rhythm decisions (drums, pulse): arousal mapped from
 * [−1, 1] to [0, 1], blended 60/40 with energy.
 */
export function driveOf(section: Section): number {
  return clamp01(0.6 * ((section.arousal + 1) / 2) + 0.4 * section.energy);
}
