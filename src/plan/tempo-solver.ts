/**
 * Tempo solver: a tempo map under which each hit point lands exactly on a beat,
 * preferably a downbeat, with every tempo inside the arousal-derived range, as close as
 * the beats allow to the tempo curve (eq. 10), and changes between segments kept small.
 *
 * Method (classical dynamic programming): between consecutive anchors (t=0, then each
 * hit) the music runs a whole number k of beats at one constant tempo 60·k/Δt. For every
 * anchor we consider every k that keeps the tempo in range, and the bar phase
 * (beats mod beats-per-bar) it leaves. A Viterbi pass over (k, phase) minimises
 *   Σ [ wTempo·(Δt/tempoSpan)·((bpm−pref)/pref)² + jump(tempo in force, segment) + wDown·(4−priority)·[phase≠0] ].
 * The deviation from the curve is weighed by the segment's length (a long stretch off the
 * curve is heard; a short one between close hits cannot do better than whole beats allow).
 * The jump term knows how the change will be made (the same ramp as the build below):
 *   smooth (≤ maxJump)         wJump·r²
 *   ramped over bars           wJump·r² + wRamp·(r − r₈)
 *   a break (no ramp fits)     wJump·(r² + 4·(r − r₈)) + wBreak
 * with r = |ln(bpm/bpm_before)|, r₈ = ln(1 + maxJump) and bpm_before the tempo in force at
 * the segment's start (after the previous segment's own ramp). So breaks are a last resort.
 * The weights make a downbeat worth only a few per cent of tempo: with wTempo 1000 and
 * wDown 1.2, over 4 s a strong cut (priority 3) gives up its downbeat (landing on another
 * beat) rather than run more than about 3.5 % off the curve, a prompt cue (priority 1)
 * rather than about 6 %. So the solved map follows the curve's tempo; the downbeat is a preference.
 * An anchor with `allowBreak` (a prompt "drop": the cue asks for a break) lets the tempo
 * step there: no jump cost into the segment after it, and no ramp — the new tempo starts
 * at the cue. The last anchor may be `optional` (the planner's end of scene): besides
 * whole beats the solver may leave it off the beat, running the remainder at the curve's
 * tempo (held within RAMP_STEP of the tempo before unless that anchor allows a break) at a
 * cost wFreeEnd, so a downbeat — or any beat — at the very end never drags the tempo.
 * A hit that no k can catch (too close to the previous anchor for the tempo range) is
 * left out of the locking and reported as not on a beat ("free time") with its residual.
 * When a segment's tempo differs from the one before by more than maxJump, the change is
 * spread as a ramp of bar-long steps (≤ RAMP_STEP each) inside the segment, the rest of the
 * segment taking the tempo that still lands its anchor exactly; if no ramp fits (a segment
 * too short for the change), the change stays a break at the hit. Every break is returned
 * with its reason ('cue' or 'short segment').
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
  /** The tempo may step at this anchor without a ramp (a prompt cue asking for a break: "drop"). */
  readonly allowBreak?: boolean;
  /** Only for the last anchor: it may be left off the beat when whole beats would drag the tempo. */
  readonly optional?: boolean;
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
  /** Cost of leaving an optional last anchor off the beat (default 0.8, about 2.8 % of tempo over 4 s). */
  readonly wFreeEnd?: number;
  /** Cost per unit of log tempo change beyond maxJump spread as a ramp (default 20). */
  readonly wRamp?: number;
  /** Fixed cost of a break (a change beyond maxJump that no ramp can spread; default 120: about a 20 % tempo error held for 12 s). */
  readonly wBreak?: number;
  /** Seconds of segment over which the tempo deviation counts once (default 4). */
  readonly tempoSpan?: number;
}

/** Largest tempo change from one bar to the next inside a ramp (a little under the 8 % limit, for rounding). */
export const RAMP_STEP = 0.075;

export const DEFAULT_SOLVER_WEIGHTS = { wTempo: 1000, wJump: 60, maxJump: 0.08, wDownbeat: 1.2, wFreeEnd: 0.8, wRamp: 20, wBreak: 120, tempoSpan: 4 } as const;

/** A tempo change larger than maxJump left in the map, and why. */
export interface TempoBreak {
  /** Tick where the new tempo starts (the anchor's beat). */
  readonly tick: number;
  /** Index of the anchor (input order) where it happens. */
  readonly anchor: number;
  /** |old/new − 1| in µs per quarter. */
  readonly change: number;
  /** 'cue': the anchor allows a break (a drop); 'short segment': no ramp fits before the next anchor. */
  readonly reason: 'cue' | 'short segment';
}

export interface SolvedTempo {
  readonly map: TempoMap;
  /** For each input anchor (same order): its beat index from the start, or null if not locked. */
  readonly beats: readonly (number | null)[];
  /** Changes larger than maxJump (with the smooth limit applied to the rounded µs values). */
  readonly breaks: readonly TempoBreak[];
}

interface State {
  cost: number; prev: number; k: number; phase: number; bpm: number; free: boolean;
  /** Tempo in force at the segment's end (its mean, or the rest tempo after a ramp). */
  endBpm: number;
}

/**
 * How a segment of `k` beats over `dt` seconds follows the tempo in force `from` (bpm):
 * smoothly (change ≤ maxJump), as a ramp of bar-long RAMP_STEP steps then the rest at the
 * tempo that lands the anchor (the same ramp the build makes, in floating point), or as a break.
 */
export function segmentShape(from: number, dt: number, k: number, o: Pick<TempoSolverOptions, 'beatsPerBar' | 'minBpm' | 'maxBpm' | 'maxJump'>): { kind: 'smooth' | 'ramp' | 'break'; end: number; r: number } {
  const mean = (60 * k) / dt;
  if (!Number.isFinite(from)) return { kind: 'smooth', end: mean, r: 0 };
  const r = Math.abs(Math.log(mean / from));
  if (r <= Math.log(1 + o.maxJump)) return { kind: 'smooth', end: mean, r };
  const dir = Math.sign(Math.log(mean / from));
  const step = Math.log(1 + RAMP_STEP);
  const bpb = o.beatsPerBar;
  let rampSec = 0;
  let last = from;
  for (let n = 1; n * bpb < k; n++) {
    last = from * Math.exp(dir * step * n);
    rampSec += (bpb * 60) / last;
    const restSec = dt - rampSec;
    if (restSec <= 0) break;
    const rest = (60 * (k - n * bpb)) / restSec;
    if (Math.abs(Math.log(last / rest)) <= step && rest >= o.minBpm - 1e-6 && rest <= o.maxBpm + 1e-6) return { kind: 'ramp', end: rest, r };
  }
  return { kind: 'break', end: mean, r };
}

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

  const wFreeEnd = o.wFreeEnd ?? DEFAULT_SOLVER_WEIGHTS.wFreeEnd;
  const wRamp = o.wRamp ?? DEFAULT_SOLVER_WEIGHTS.wRamp;
  const wBreak = o.wBreak ?? DEFAULT_SOLVER_WEIGHTS.wBreak;
  const span = o.tempoSpan ?? DEFAULT_SOLVER_WEIGHTS.tempoSpan;
  const r8 = Math.log(1 + o.maxJump);
  /** Cost of moving from the tempo in force to a segment of k beats over dt, and the tempo it leaves. */
  const jump = (from: number, dt: number, k: number): { cost: number; end: number } => {
    const sh = segmentShape(from, dt, k, o);
    const r2 = o.wJump * sh.r * sh.r;
    if (sh.kind === 'smooth') return { cost: r2, end: sh.end };
    if (sh.kind === 'ramp') return { cost: r2 + wRamp * (sh.r - r8), end: sh.end };
    return { cost: r2 + o.wJump * 4 * (sh.r - r8) + wBreak, end: sh.end };
  };
  const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

  // Viterbi over (k, phase) per locked anchor (plus one off-beat state for an optional last anchor).
  const layers: State[][] = [];
  let prevLayer: State[] = [{ cost: 0, prev: -1, k: 0, phase: 0, bpm: NaN, free: false, endBpm: NaN }];
  let t0 = 0;
  locked.forEach(({ a }, li) => {
    const dt = a.t - t0;
    const pref = o.preferred(t0, a.t);
    // The segment after a break-allowing anchor may start at any tempo.
    const stepAllowed = li > 0 && locked[li - 1]!.a.allowBreak === true;
    const kMin = Math.max(1, Math.ceil((dt * o.minBpm) / 60 - 1e-9));
    const kMax = Math.floor((dt * o.maxBpm) / 60 + 1e-9);
    const layer: State[] = [];
    const wSeg = o.wTempo * (dt / span);
    // The jump depends on the previous state's end tempo and k only: cache it per (state, k).
    const jumps = new Map<number, { cost: number; end: number }>();
    const jumpFrom = (pi: number, k: number): { cost: number; end: number } => {
      const key = pi * 100003 + k;
      let j = jumps.get(key);
      if (!j) {
        j = stepAllowed ? { cost: 0, end: (60 * k) / dt } : jump(prevLayer[pi]!.endBpm, dt, k);
        jumps.set(key, j);
      }
      return j;
    };
    for (let k = kMin; k <= kMax; k++) {
      const bpmK = (60 * k) / dt;
      const dev = (bpmK - pref) / pref;
      const tempoCost = wSeg * dev * dev;
      for (let phase = 0; phase < o.beatsPerBar; phase++) {
        let best: State | null = null;
        prevLayer.forEach((p, pi) => {
          if (p.free || (p.phase + k) % o.beatsPerBar !== phase) return;
          const j = jumpFrom(pi, k);
          const down = a.wantDownbeat && phase !== 0 ? o.wDownbeat * Math.max(0, 4 - Math.min(3, a.priority)) : 0;
          const cost = p.cost + tempoCost + j.cost + down;
          if (!best || cost < best.cost - 1e-12) best = { cost, prev: pi, k, phase, bpm: bpmK, free: false, endBpm: j.end };
        });
        if (best) layer.push(best);
      }
    }
    if (a.optional && li === locked.length - 1) {
      // Off the beat: the remainder at the curve's tempo, held within maxJump of the tempo before.
      let best: State | null = null;
      prevLayer.forEach((p, pi) => {
        if (p.free) return;
        const from = stepAllowed ? NaN : p.endBpm;
        let b = clamp(pref, o.minBpm, o.maxBpm);
        if (Number.isFinite(from)) b = clamp(clamp(b, from / (1 + RAMP_STEP), from * (1 + RAMP_STEP)), o.minBpm, o.maxBpm);
        const dev = (b - pref) / pref;
        const r = Number.isFinite(from) ? Math.log(b / from) : 0;
        const cost = p.cost + wSeg * dev * dev + o.wJump * r * r + wFreeEnd;
        if (!best || cost < best.cost - 1e-12) best = { cost, prev: pi, k: (dt * b) / 60, phase: -1, bpm: b, free: true, endBpm: b };
      });
      if (best) layer.push(best);
    }
    layers.push(layer);
    prevLayer = layer;
    t0 = a.t;
  });

  // Backtrack.
  const ks: number[] = new Array(locked.length).fill(0);
  const free: boolean[] = new Array(locked.length).fill(false);
  if (layers.length > 0) {
    const last = layers[layers.length - 1]!;
    let bi = 0;
    for (let i = 1; i < last.length; i++) if (last[i]!.cost < last[bi]!.cost - 1e-12) bi = i;
    for (let li = layers.length - 1; li >= 0; li--) {
      const s = layers[li]![bi]!;
      ks[li] = s.k;
      free[li] = s.free;
      bi = s.prev;
    }
  }

  // Build integer-µs segments from the actual time reached so far.
  const segments: { tick: number; usPerQuarter: number }[] = [];
  const beats: (number | null)[] = anchors.map(() => null);
  const breaks: TempoBreak[] = [];
  let beat = 0;
  let map = TempoMap.fromSegments([{ tick: 0, usPerQuarter: 500000 }], meter);
  const bpb = o.beatsPerBar;
  const step = Math.log(1 + RAMP_STEP);
  for (let i = 0; i < locked.length; i++) {
    const k = ks[i]!;
    const startTick = beat * PPQ;
    let tick = startTick;
    let reached = segments.length === 0 ? 0 : map.secondsAt(ticks(tick));
    let kLeft = k;
    const prevUs = segments.length > 0 ? segments[segments.length - 1]!.usPerQuarter : NaN;
    const stepAllowed = i > 0 && locked[i - 1]!.a.allowBreak === true;
    // Ramp: when the segment's tempo is more than maxJump away from the tempo in force, move
    // toward it bar by bar (≤ RAMP_STEP per bar); the rest of the segment takes the tempo that
    // still lands the anchor exactly. The shortest ramp that works is used; none ⇒ a break.
    // After an anchor that allows a break (a drop cue) the new tempo starts at once.
    if (segments.length > 0 && !stepAllowed) {
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
    if (i > 0 && Number.isFinite(prevUs)) {
      const first = segments.find((sg) => sg.tick === startTick)?.usPerQuarter ?? prevUs;
      const change = Math.abs(prevUs / first - 1);
      if (change > o.maxJump + 1e-9) breaks.push({ tick: startTick, anchor: locked[i - 1]!.idx, change, reason: stepAllowed ? 'cue' : 'short segment' });
    }
    beat += k;
    if (!free[i]) beats[locked[i]!.idx] = beat;
  }
  // After the last anchor: the preferred tempo of the remainder (the caller adds the end as an anchor).
  if (segments.length === 0) {
    const bpm0 = Math.min(o.maxBpm, Math.max(o.minBpm, o.preferred(0, Infinity)));
    segments.push({ tick: 0, usPerQuarter: Math.round(60e6 / bpm0) });
    map = TempoMap.fromSegments(segments, meter);
  }
  return { map, beats, breaks };
}
