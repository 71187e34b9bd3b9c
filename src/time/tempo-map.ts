/**
 * The tempo map: the only bridge between musical time (ticks, PPQ 960; bars/beats) and
 * film time (seconds). A piecewise-constant tempo, exactly as a MIDI file stores it:
 * segments `{tick, usPerQuarter}` with integer microseconds per quarter note, so what the
 * planner solves is what a DAW plays back.
 *
 *   seconds(tick) = Σ_segments Δticks · usPerQuarter / (PPQ · 10⁶)
 *
 * The sum is kept as an integer numerator (units: PPQ·µs) so `secondsAt` of an integer
 * tick is one correctly rounded division.
 *
 * Bars and beats: a beat is the meter's denominator note (a quarter in 4/4, an eighth in
 * 6/8, a half in 2/2), so `ticksPerBeat = PPQ · 4 / denominator` and a bar holds
 * `numerator` beats. This is the notated beat (what a DAW's bar|beat ruler shows), not the
 * felt pulse (dotted quarter in 6/8). Tempo (bpm) always counts quarter notes, as MIDI does.
 * v1 has one meter for the whole score; bar maths goes through a list of meter regions
 * (`MeterRegion`) so meter changes can be added without changing callers.
 */
import type { TempoPoint } from '../model/artifacts.js';
import { bpm, PPQ, seconds, ticks, type Bpm, type Seconds, type Ticks } from '../model/units.js';

/** One constant-tempo segment, from `tick` to the next segment's tick. */
export interface TempoSegment {
  /** Integer tick where this tempo starts (the first segment starts at 0). */
  readonly tick: number;
  /** Integer microseconds per quarter note, 1..16 777 215 (MIDI's 24-bit range). */
  readonly usPerQuarter: number;
}

/** A time signature. Denominator is a power of two, 1..64. */
export interface Meter {
  readonly numerator: number;
  readonly denominator: number;
}

/** A position in bars and beats (both 1-based); `tickInBeat` is the remainder, ≥ 0. */
export interface BarBeat {
  readonly bar: number;
  readonly beat: number;
  readonly tickInBeat: number;
}

/** A stretch of score in one meter, starting on a barline. */
interface MeterRegion {
  readonly tick: number;
  /** 1-based number of the bar that starts at `tick`. */
  readonly bar: number;
  readonly meter: Meter;
  readonly ticksPerBeat: number;
  readonly ticksPerBar: number;
}

/** Largest tempo a MIDI set-tempo event can hold (µs per quarter, 24 bits). */
export const MAX_US_PER_QUARTER = 0xffffff;

const US_PER_MINUTE = 60_000_000;
const DEFAULT_METER: Meter = { numerator: 4, denominator: 4 };

/**
 * Beats per minute (quarter notes) → integer microseconds per quarter, rounded to the
 * nearest microsecond (120 → 500000). RangeError outside the MIDI-storable range
 * (about 3.58..60 000 000 bpm).
 */
export function bpmToUsPerQuarter(tempo: Bpm | number): number {
  if (!Number.isFinite(tempo) || tempo <= 0) throw new RangeError(`tempo must be a positive bpm, got ${tempo}`);
  const us = Math.round(US_PER_MINUTE / tempo);
  if (us < 1 || us > MAX_US_PER_QUARTER) throw new RangeError(`tempo ${tempo} bpm does not fit a MIDI tempo event`);
  return us;
}

/** Integer microseconds per quarter → bpm (60e6 / us). */
export function usPerQuarterToBpm(usPerQuarter: number): Bpm {
  return bpm(US_PER_MINUTE / usPerQuarter);
}

function checkMeter(meter: Meter): Meter {
  const { numerator, denominator } = meter;
  const powerOfTwo = Number.isInteger(denominator) && denominator >= 1 && denominator <= 64 && (denominator & (denominator - 1)) === 0;
  if (!Number.isInteger(numerator) || numerator < 1 || numerator > 255 || !powerOfTwo) {
    throw new RangeError(`meter ${numerator}/${denominator}: numerator 1..255, denominator a power of two 1..64`);
  }
  return { numerator, denominator };
}

function checkSegments(segments: readonly TempoSegment[]): TempoSegment[] {
  if (segments.length === 0) throw new RangeError('tempo map needs at least one segment');
  if (segments[0].tick !== 0) throw new RangeError(`first tempo segment must start at tick 0, not ${segments[0].tick}`);
  const out: TempoSegment[] = [];
  for (const [i, s] of segments.entries()) {
    if (!Number.isSafeInteger(s.tick) || s.tick < 0) throw new RangeError(`tempo segment ${i}: tick must be a non-negative integer, got ${s.tick}`);
    if (!Number.isInteger(s.usPerQuarter) || s.usPerQuarter < 1 || s.usPerQuarter > MAX_US_PER_QUARTER) {
      throw new RangeError(`tempo segment ${i}: usPerQuarter must be an integer 1..${MAX_US_PER_QUARTER}, got ${s.usPerQuarter}`);
    }
    if (i > 0 && s.tick <= segments[i - 1].tick) throw new RangeError(`tempo segment ${i}: ticks must increase strictly`);
    out.push({ tick: s.tick, usPerQuarter: s.usPerQuarter });
  }
  return out;
}

/** Index of the last entry whose key ≤ x (0 when x is before the first). */
function lastAtOrBefore(keys: readonly number[], x: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (keys[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Piecewise-constant tempo plus meter; converts ticks ↔ seconds ↔ bars/beats. Immutable. */
export class TempoMap {
  readonly ppq = PPQ;
  readonly #segments: readonly TempoSegment[];
  readonly #segmentTicks: readonly number[];
  /** Σ Δticks·us before each segment: seconds = acc / (PPQ·1e6). Integers. */
  readonly #acc: readonly number[];
  /** Segment start times in seconds (acc / (PPQ·1e6)). */
  readonly #starts: readonly number[];
  readonly #meters: readonly MeterRegion[];

  private constructor(segments: readonly TempoSegment[], meter: Meter) {
    this.#segments = checkSegments(segments);
    this.#segmentTicks = this.#segments.map((s) => s.tick);
    const acc: number[] = [0];
    for (let i = 1; i < this.#segments.length; i++) {
      const prev = this.#segments[i - 1];
      acc.push(acc[i - 1] + (this.#segments[i].tick - prev.tick) * prev.usPerQuarter);
    }
    this.#acc = acc;
    this.#starts = acc.map((a) => a / (PPQ * 1e6));
    const m = checkMeter(meter);
    const ticksPerBeat = (PPQ * 4) / m.denominator;
    this.#meters = [{ tick: 0, bar: 1, meter: m, ticksPerBeat, ticksPerBar: ticksPerBeat * m.numerator }];
  }

  /** One tempo throughout (bpm in quarter notes per minute, rounded to an integer µs/quarter). */
  static constant(tempo: Bpm | number, meter: Meter = DEFAULT_METER): TempoMap {
    return new TempoMap([{ tick: 0, usPerQuarter: bpmToUsPerQuarter(tempo) }], meter);
  }

  /** From segments sorted by strictly increasing integer tick, the first at tick 0. */
  static fromSegments(segments: readonly TempoSegment[], meter: Meter = DEFAULT_METER): TempoMap {
    return new TempoMap(segments, meter);
  }

  /**
   * From plan/score tempo points. Uses each point's `tick` and `usPerQuarter` (the exact
   * MIDI tempo); `t` and `bpm` are derived values and are ignored.
   */
  static fromPoints(points: readonly TempoPoint[], meter: Meter): TempoMap {
    return new TempoMap(points.map((p) => ({ tick: p.tick, usPerQuarter: p.usPerQuarter })), meter);
  }

  /** The meter (v1: one for the whole score). */
  get meter(): Meter {
    return this.#meters[0].meter;
  }

  /** Ticks in one beat: PPQ·4/denominator (960 in 4/4, 480 in 6/8). */
  get ticksPerBeat(): number {
    return this.#meters[0].ticksPerBeat;
  }

  /** Ticks in one bar: numerator · ticksPerBeat (3840 in 4/4). */
  get ticksPerBar(): number {
    return this.#meters[0].ticksPerBar;
  }

  /** Copies of the segments. */
  segments(): TempoSegment[] {
    return this.#segments.map((s) => ({ ...s }));
  }

  /**
   * Film time of a tick (may be fractional or negative; before 0 the first tempo is
   * extended). Exact for integer ticks up to one rounding.
   */
  secondsAt(tick: Ticks | number): Seconds {
    const i = tick < 0 ? 0 : lastAtOrBefore(this.#segmentTicks, tick);
    const s = this.#segments[i];
    return seconds((this.#acc[i] + (tick - s.tick) * s.usPerQuarter) / (PPQ * 1e6));
  }

  /** Fractional tick at film time t (inverse of {@link secondsAt}; extrapolates before 0). */
  tickAt(t: Seconds | number): Ticks {
    const i = t < 0 ? 0 : lastAtOrBefore(this.#starts, t);
    const s = this.#segments[i];
    return ticks(s.tick + (t * PPQ * 1e6 - this.#acc[i]) / s.usPerQuarter);
  }

  /** Microseconds per quarter in force at a tick. */
  usPerQuarterAt(tick: Ticks | number): number {
    return this.#segments[tick < 0 ? 0 : lastAtOrBefore(this.#segmentTicks, tick)].usPerQuarter;
  }

  /** Tempo (quarter notes per minute) in force at a tick. */
  bpmAt(tick: Ticks | number): Bpm {
    return usPerQuarterToBpm(this.usPerQuarterAt(tick));
  }

  /** Tempo points for plan.json / Score: {t, tick, bpm, usPerQuarter} per segment. */
  points(): TempoPoint[] {
    return this.#segments.map((s, i) => ({
      t: seconds(this.#starts[i]),
      tick: ticks(s.tick),
      bpm: usPerQuarterToBpm(s.usPerQuarter),
      usPerQuarter: s.usPerQuarter,
    }));
  }

  #meterRegionAtTick(tick: number): MeterRegion {
    return this.#meters[lastAtOrBefore(this.#meters.map((m) => m.tick), tick)];
  }

  #meterRegionAtBar(bar: number): MeterRegion {
    return this.#meters[lastAtOrBefore(this.#meters.map((m) => m.bar), bar)];
  }

  /**
   * Bar and beat (1-based) of a tick; `tickInBeat` in [0, ticksPerBeat). Ticks before 0
   * give bars ≤ 0 (a pick-up), e.g. tick −960 in 4/4 = bar 0 beat 4.
   */
  barBeatAt(tick: Ticks | number): BarBeat {
    const r = this.#meterRegionAtTick(tick);
    const rel = tick - r.tick;
    const barIndex = Math.floor(rel / r.ticksPerBar);
    const inBar = rel - barIndex * r.ticksPerBar;
    const beatIndex = Math.floor(inBar / r.ticksPerBeat);
    return { bar: r.bar + barIndex, beat: beatIndex + 1, tickInBeat: inBar - beatIndex * r.ticksPerBeat };
  }

  /** Tick of a bar and beat (1-based; a fractional beat lands inside the beat: 2.5 = halfway through beat 2). */
  tickAtBarBeat(bar: number, beat: number = 1): Ticks {
    const r = this.#meterRegionAtBar(bar);
    return ticks(r.tick + (bar - r.bar) * r.ticksPerBar + (beat - 1) * r.ticksPerBeat);
  }
}
