/**
 * Rational frame rates (24000/1001, 25/1, 30000/1001 …) and exact frame ↔ seconds
 * conversion. Frames exist only at media I/O (DESIGN.md, "Time has one clock"); this
 * module is the one place that turns a frame count into film seconds and back.
 *
 * Exactness: a rate is kept as an integer pair in lowest terms. `frames · den / num`
 * is computed as one integer product followed by one division, so the result is the
 * correctly rounded double of the exact rational whenever `frames · den < 2^53`
 * (about 285 000 years of 24000/1001 video).
 */
import type { Rational } from '../model/artifacts.js';
import { UserInputError, type Place } from '../model/errors.js';
import { seconds, type Seconds } from '../model/units.js';

/** Greatest common divisor of two non-negative integers (Euclid). */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/**
 * A rational num/den in lowest terms with a positive denominator.
 * Both parts must be safe integers and den ≠ 0 (RangeError otherwise: a programming error).
 */
export function rational(num: number, den: number = 1): Rational {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den === 0) {
    throw new RangeError(`rational(${num}, ${den}): parts must be safe integers and den ≠ 0`);
  }
  const g = gcd(num, den) || 1;
  const sign = den < 0 ? -1 : 1;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** The same rational in lowest terms (see {@link rational}). */
export function normalizeRational(r: Rational): Rational {
  return rational(r.num, r.den);
}

/** True when two rationals are equal as numbers (3/1 equals 6/2). */
export function rationalEquals(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

/** The rational as a float64 (e.g. 30000/1001 → 29.97002997…). */
export function rationalToNumber(r: Rational): number {
  return r.num / r.den;
}

/** "24000/1001", or "25" when the denominator is 1. */
export function formatRational(r: Rational): string {
  const n = normalizeRational(r);
  return n.den === 1 ? `${n.num}` : `${n.num}/${n.den}`;
}

/**
 * Decimal spellings of the NTSC-family rates, mapped to their exact x000/1001 values.
 * Anyone who types 29.97 means 30000/1001, not 2997/100.
 */
const NTSC_DECIMALS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^23\.97(6\d*)?$|^23\.98$/, 24000],
  [/^29\.97(00?3?\d*)?$/, 30000],
  [/^47\.95(2\d*)?$/, 48000],
  [/^59\.94(00?6?\d*)?$/, 60000],
  [/^119\.88(01?\d*)?$/, 120000],
];

/**
 * Parses a frame rate: "24000/1001", "30000/1001", "25", "25/1", "29.97", "23.976",
 * "59.94", "12.5". NTSC decimals (23.976/23.98, 29.97, 47.952, 59.94, 119.88) map to
 * their exact x000/1001 rationals; other decimals are taken exactly (12.5 → 25/2).
 * The result is in lowest terms and positive.
 * @throws UserInputError for text that is not a positive rate (`place` names where it came from).
 */
export function parseRational(text: string, place: Place = {}): Rational {
  const s = text.trim();
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (frac) {
    const num = Number(frac[1]);
    const den = Number(frac[2]);
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num === 0 || den === 0) {
      throw new UserInputError(`frame rate "${text}" must be a positive fraction like 24000/1001`, place);
    }
    return rational(num, den);
  }
  const dec = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!dec) {
    throw new UserInputError(`"${text}" is not a frame rate (expected e.g. 24, 25, 29.97 or 30000/1001)`, place);
  }
  for (const [re, num] of NTSC_DECIMALS) if (re.test(s)) return rational(num, 1001);
  const whole = dec[1];
  const fracDigits = (dec[2] ?? '').replace(/0+$/, '');
  if (fracDigits.length > 9) {
    throw new UserInputError(`frame rate "${text}" has too many decimals (give it as a fraction, e.g. 24000/1001)`, place);
  }
  const den = 10 ** fracDigits.length;
  const num = Number(whole + fracDigits);
  if (!Number.isSafeInteger(num) || num === 0) {
    throw new UserInputError(`frame rate "${text}" must be a positive number`, place);
  }
  return rational(num, den);
}

/** Duration of one frame at `rate` frames per second (den/num seconds). */
export function frameDuration(rate: Rational): Seconds {
  return seconds(rate.den / rate.num);
}

/**
 * True for the NTSC rates that have a drop-frame timecode: 30000/1001 (29.97, drops 2)
 * and 60000/1001 (59.94, drops 4).
 */
export function isDropFrameRate(rate: Rational): boolean {
  const r = normalizeRational(rate);
  return r.den === 1001 && (r.num === 30000 || r.num === 60000);
}

/**
 * Timecode base: whole frames counted per timecode second (round(num/den)):
 * 24 for 23.976, 30 for 29.97, 60 for 59.94, 25 for 25.
 */
export function nominalFps(rate: Rational): number {
  return Math.max(1, Math.round(rate.num / rate.den));
}

/**
 * Frame index (or count) → seconds: frames · den / num. Exact for integer frames
 * (one rounding, see module note). Frame 0 is at 0 s.
 */
export function framesToSeconds(frames: number, rate: Rational): Seconds {
  return seconds((frames * rate.den) / rate.num);
}

/** How {@link secondsToFrames} turns a fractional frame position into an index. */
export type FrameRounding = 'floor' | 'round' | 'ceil';

/**
 * Seconds → frame index: t · num / den, rounded as asked.
 * - 'floor': the frame on screen at t (a frame lasts [k/fps, (k+1)/fps)).
 * - 'round': the nearest frame start (default). Halves round up.
 * - 'ceil': the first frame starting at or after t.
 * Positions within 1e-9 frame of an integer snap to it first, so
 * `secondsToFrames(framesToSeconds(k, r), r, any) === k` despite float rounding.
 */
export function secondsToFrames(t: Seconds | number, rate: Rational, rounding: FrameRounding = 'round'): number {
  const x = (t * rate.num) / rate.den;
  const nearest = Math.round(x);
  if (Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x))) return nearest;
  switch (rounding) {
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round':
      return nearest;
  }
}
