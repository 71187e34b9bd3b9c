/**
 * Tempo solver: a tempo map under which each hit point lands exactly on a beat,
 * preferably a downbeat, with every tempo inside the arousal-derived range and
 * changes between segments kept small.
 *
 * Method (classical dynamic programming): between consecutive anchors (t=0, then each
 * hit) the music runs a whole number k of beats at one constant tempo 60·k/Δt. For every
 * anchor we consider every k that keeps the tempo in range, and the bar phase
 * (beats mod beats-per-bar) it leaves. A Viterbi pass over (k, phase) minimises
 *   Σ [ wTempo·((bpm−pref)/pref)² + wJump·jump(bpm_prev, bpm) + wDown·priority·[phase≠0] ].
 * A hit that no k can catch (too close to the previous anchor for the tempo range) is
 * left out of the locking and reported as not on a beat ("free time") with its residual.
 * When a segment's tempo differs from the one before by more than maxJump, the change is
 * spread as a ramp of bar-long steps (≤ RAMP_STEP each) inside the segment, the rest of the
 * segment taking the tempo that still lands its anchor exactly; if no ramp fits (a short
 * segment), the change stays a break at the hit and plan.tempoSolution reports it.
 * Tempos are stored as integer microseconds per quarter note (what MIDI can hold); each
 * segment's value is rounded from the *actual* time reached so far, so rounding never
 * accumulates: every locked hit lands within a microsecond or so of its time.
 */
import { TempoMap } from '../time/tempo-map.js';
import { PPQ, ticks } from '../model/units.js';

export interface Anchor {
  readonly t: number;
  /** 1 = must-land (prompt cue), 2 = strong (climax), 3 = nice to have (cut). */
  readonly priority: number;
  readonly wantDownbeat: boolean;
}

export interface TempoSolverOptions {
  readonly beatsPerBar: number;
  readonly minBpm: number;
  readonly maxBpm: number;
  /** Preferred tempo at time t (from the tempo curve, eq. 10). */
  readonly preferred: (t0: number, t1: number) => number;
  readonly wTempo: number;
  readonly wJump: number;
  /** Largest tempo ratio change between segments before the penalty grows steeply. */
  readonly maxJump: number;
  readonly wDownbeat: number;
}

/** Largest tempo change from one bar to the next inside a ramp (a little under the 8 % limit, for rounding). */
export const RAMP_STEP = 0.075;

export const DEFAULT_SOLVER_WEIGHTS = { wTempo: 100, wJump: 60, maxJump: 0.08, wDownbeat: 1.2 } as const;

export interface SolvedTempo {
  readonly map: TempoMap;
  /** For each input anchor (same order): its beat index from the start, or null if not locked. */
  readonly beats: readonly (number | null)[];
}

interface State { cost: number; prev: number; k: number; phase: number; bpm: number; }

/** Solve the tempo map for anchors sorted by time (all > 0). */
export function solveTempo(anchors: readonly Anchor[], o: TempoSolverOptions): SolvedTempo {
  const meter = { numerator: o.beatsPerBar, denominator: 4 };
  const locked: { a: Anchor; idx: number }[] = [];
  // Greedy feasibility: an anchor is catchable if at least one beat fits since the last kept anchor.
  let lastT = 0;
  anchors.forEach((a, idx) => {
    const dt = a.t - lastT;
    if (dt <= 0) return;
    const kMax = Math.floor((dt * o.maxBpm) / 60 + 1e-9);
    const kMin = Math.max(1, Math.ceil((dt * o.minBpm) / 60 - 1e-9));
    if (kMax >= kMin) { locked.push({ a, idx }); lastT = a.t; }
  });

  // Viterbi over (k, phase) per locked anchor.
  const layers: State[][] = [];
  let prevLayer: State[] = [{ cost: 0, prev: -1, k: 0, phase: 0, bpm: NaN }];
  let t0 = 0;
  for (const { a } of locked) {
    const dt = a.t - t0;
    const pref = o.preferred(t0, a.t);
    const kMin = Math.max(1, Math.ceil((dt * o.minBpm) / 60 - 1e-9));
    const kMax = Math.floor((dt * o.maxBpm) / 60 + 1e-9);
    const layer: State[] = [];
    for (let k = kMin; k <= kMax; k++) {
      const bpmK = (60 * k) / dt;
      const dev = (bpmK - pref) / pref;
      const tempoCost = o.wTempo * dev * dev;
      for (let phase = 0; phase < o.beatsPerBar; phase++) {
        let best: State | null = null;
        prevLayer.forEach((p, pi) => {
          if ((p.phase + k) % o.beatsPerBar !== phase) return;
          let jump = 0;
          if (Number.isFinite(p.bpm)) {
            const r = Math.abs(Math.log(bpmK / p.bpm));
            jump = o.wJump * (r * r + (r > o.maxJump ? 4 * (r - o.maxJump) : 0));
          }
          const down = a.wantDownbeat && phase !== 0 ? o.wDownbeat * (4 - Math.min(3, a.priority)) : 0;
          const cost = p.cost + tempoCost + jump + down;
          if (!best || cost < best.cost - 1e-12) best = { cost, prev: pi, k, phase, bpm: bpmK };
        });
        if (best) layer.push(best);
      }
    }
    layers.push(layer);
    prevLayer = layer;
    t0 = a.t;
  }

  // Backtrack.
  const ks: number[] = new Array(locked.length).fill(0);
  if (layers.length > 0) {
    const last = layers[layers.length - 1]!;
    let bi = 0;
    for (let i = 1; i < last.length; i++) if (last[i]!.cost < last[bi]!.cost - 1e-12) bi = i;
    for (let li = layers.length - 1; li >= 0; li--) {
      const s = layers[li]![bi]!;
      ks[li] = s.k;
      bi = s.prev;
    }
  }

  // Build integer-µs segments from the actual time reached so far.
  const segments: { tick: number; usPerQuarter: number }[] = [];
  const beats: (number | null)[] = anchors.map(() => null);
  let beat = 0;
  let map = TempoMap.fromSegments([{ tick: 0, usPerQuarter: 500000 }], meter);
  const bpb = o.beatsPerBar;
  const step = Math.log(1 + RAMP_STEP);
  for (let i = 0; i < locked.length; i++) {
    const k = ks[i]!;
    let tick = beat * PPQ;
    let reached = segments.length === 0 ? 0 : map.secondsAt(ticks(tick));
    let kLeft = k;
    // Ramp: when the segment's tempo is more than maxJump away from the tempo in force, move
    // toward it bar by bar (≤ RAMP_STEP per bar); the rest of the segment takes the tempo that
    // still lands the anchor exactly. The shortest ramp that works is used; none ⇒ a break.
    if (segments.length > 0) {
      const prevUs = segments[segments.length - 1]!.usPerQuarter;
      const meanUs = ((locked[i]!.a.t - reached) * 1e6) / k;
      const dir = Math.sign(Math.log(prevUs / meanUs)); // +1: speeding up (fewer µs)
      if (Math.abs(Math.log(prevUs / meanUs)) > Math.log(1 + o.maxJump)) {
        for (let n = 1; n * bpb < k; n++) {
          const ramp = Array.from({ length: n }, (_, j) => Math.round(prevUs * Math.exp(-dir * step * (j + 1))));
          const rampSec = ramp.reduce((acc, us) => acc + (bpb * us) / 1e6, 0);
          const restBeats = k - n * bpb;
          const restUs = ((locked[i]!.a.t - reached - rampSec) * 1e6) / restBeats;
          const restBpm = 60e6 / restUs;
          if (restUs > 0 && Math.abs(Math.log(ramp[n - 1]! / restUs)) <= Math.log(1 + RAMP_STEP) && restBpm >= o.minBpm - 1e-6 && restBpm <= o.maxBpm + 1e-6) {
            for (const us of ramp) {
              segments.push({ tick, usPerQuarter: us });
              tick += bpb * PPQ;
            }
            map = TempoMap.fromSegments(segments, meter);
            reached = map.secondsAt(ticks(tick));
            kLeft = restBeats;
            break;
          }
        }
      }
    }
    const us = Math.round(((locked[i]!.a.t - reached) * 1e6) / kLeft);
    if (segments.length > 0 && segments[segments.length - 1]!.usPerQuarter === us) {
      // same tempo continues
    } else segments.push({ tick, usPerQuarter: us });
    map = TempoMap.fromSegments(segments, meter);
    beat += k;
    beats[locked[i]!.idx] = beat;
  }
  // After the last anchor: the preferred tempo of the remainder (the caller adds the end as an anchor).
  if (segments.length === 0) {
    const bpm0 = Math.min(o.maxBpm, Math.max(o.minBpm, o.preferred(0, Infinity)));
    segments.push({ tick: 0, usPerQuarter: Math.round(60e6 / bpm0) });
    map = TempoMap.fromSegments(segments, meter);
  }
  return { map, beats };
}
