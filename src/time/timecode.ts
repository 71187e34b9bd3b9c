/**
 * SMPTE timecode (what people read and type) and loose human time formats.
 *
 * Timecode counts frames from the first displayed frame: frame 0 = 00:00:00:00.
 * - Non-drop (NDF) `HH:MM:SS:FF`: frame numbers run 0..nominalFps−1 every second.
 * - Drop-frame (DF) `HH:MM:SS;FF`, only at 30000/1001 (29.97) and 60000/1001 (59.94):
 *   frame *numbers* 0–1 (0–3 at 59.94) are skipped at the start of every minute except
 *   minutes divisible by ten, so the label tracks wall-clock time (SMPTE ST 12-1).
 *   No frames are dropped; only labels.
 *
 * All conversions here are integer arithmetic on frame counts; seconds go through
 * ./rational.ts.
 */
import type { Rational } from '../model/artifacts.js';
import { UserInputError, type Place } from '../model/errors.js';
import { seconds, type Seconds } from '../model/units.js';
import {
  formatRational,
  framesToSeconds,
  isDropFrameRate,
  nominalFps,
  secondsToFrames,
} from './rational.js';

/** Options for {@link framesToTimecode}. */
export interface TimecodeOptions {
  /**
   * Drop-frame labels. Default: true at 29.97/59.94, false elsewhere.
   * true at a rate without drop-frame is a RangeError.
   */
  readonly dropFrame?: boolean;
}

/** Frame numbers dropped per minute at a DF rate: 2 at 29.97, 4 at 59.94. */
function droppedPerMinute(rate: Rational): number {
  return Math.round(nominalFps(rate) / 15);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function resolveDropFrame(rate: Rational, dropFrame: boolean | undefined): boolean {
  if (dropFrame === undefined) return isDropFrameRate(rate);
  if (dropFrame && !isDropFrameRate(rate)) {
    throw new RangeError(`drop-frame timecode exists only at 29.97 and 59.94 fps, not ${formatRational(rate)}`);
  }
  return dropFrame;
}

/**
 * Frame index (integer ≥ 0) → timecode at `rate`. DF uses ';' before the frames.
 * Hours are not wrapped at 24 (a 25-hour position prints as 25:…).
 * E.g. at 29.97 DF: 1800 → "00:01:00;02", 17982 → "00:10:00;00".
 */
export function framesToTimecode(frame: number, rate: Rational, options: TimecodeOptions = {}): string {
  if (!Number.isSafeInteger(frame) || frame < 0) {
    throw new RangeError(`framesToTimecode: frame must be a non-negative integer, got ${frame}`);
  }
  const fps = nominalFps(rate);
  const df = resolveDropFrame(rate, options.dropFrame);
  let label = frame;
  if (df) {
    const drop = droppedPerMinute(rate);
    const perMinute = fps * 60 - drop; // frames in a minute that drops labels
    const perTenMinutes = fps * 600 - 9 * drop;
    const tens = Math.floor(frame / perTenMinutes);
    const rest = frame % perTenMinutes;
    label += 9 * drop * tens;
    if (rest >= drop) label += drop * Math.floor((rest - drop) / perMinute);
  }
  const ff = label % fps;
  const totalSeconds = Math.floor(label / fps);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}${df ? ';' : ':'}${pad2(ff)}`;
}

const TIMECODE_RE = /^(\d{1,3})([:;])(\d{2})([:;])(\d{2})([:;])(\d{2,3})$/;

/**
 * Timecode → frame index at `rate`. `HH:MM:SS:FF` is counted non-drop; a ';' anywhere
 * (`HH:MM:SS;FF`, `HH;MM;SS;FF`) means drop-frame and needs a 29.97/59.94 rate.
 * @throws UserInputError for bad syntax, minutes/seconds ≥ 60, frames ≥ the timecode
 *   base, a frame number that drop-frame skips (e.g. 00:01:00;00), or DF at another rate.
 */
export function timecodeToFrames(tc: string, rate: Rational, place: Place = {}): number {
  const text = tc.trim();
  const m = TIMECODE_RE.exec(text);
  const where = place;
  if (!m) {
    throw new UserInputError(`"${tc}" is not a timecode (expected HH:MM:SS:FF, or HH:MM:SS;FF for drop-frame)`, where);
  }
  const hh = Number(m[1]);
  const mm = Number(m[3]);
  const ss = Number(m[5]);
  const ff = Number(m[7]);
  const df = [m[2], m[4], m[6]].includes(';');
  const fps = nominalFps(rate);
  if (mm >= 60) throw new UserInputError(`timecode "${text}" has minutes ${mm} (must be below 60)`, where);
  if (ss >= 60) throw new UserInputError(`timecode "${text}" has seconds ${ss} (must be below 60)`, where);
  if (ff >= fps) {
    throw new UserInputError(
      `timecode "${text}" has frame ${ff} but ${formatRational(rate)} fps counts frames 00-${pad2(fps - 1)}`,
      where,
    );
  }
  if (df && !isDropFrameRate(rate)) {
    throw new UserInputError(
      `timecode "${text}" is drop-frame (';') but drop-frame exists only at 29.97 and 59.94 fps, not ${formatRational(rate)}`,
      where,
    );
  }
  const totalMinutes = hh * 60 + mm;
  let frame = (totalMinutes * 60 + ss) * fps + ff;
  if (df) {
    const drop = droppedPerMinute(rate);
    if (ss === 0 && ff < drop && mm % 10 !== 0) {
      throw new UserInputError(
        `timecode "${text}" does not exist in drop-frame: frames 00-${pad2(drop - 1)} are skipped at the start of each minute not divisible by 10`,
        where,
      );
    }
    frame -= drop * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return frame;
}

/**
 * Film time → timecode of the frame on screen at t (floor, with the 1e-9-frame snap of
 * {@link secondsToFrames}). t must be ≥ 0 (RangeError otherwise).
 */
export function secondsToTimecode(t: Seconds | number, rate: Rational, options: TimecodeOptions = {}): string {
  if (!(t >= 0)) throw new RangeError(`secondsToTimecode: t must be ≥ 0, got ${t}`);
  return framesToTimecode(secondsToFrames(t, rate, 'floor'), rate, options);
}

/** Timecode → film time of the start of that frame. Throws as {@link timecodeToFrames}. */
export function timecodeToSeconds(tc: string, rate: Rational, place: Place = {}): Seconds {
  return framesToSeconds(timecodeToFrames(tc, rate, place), rate);
}

/**
 * Seconds → "MM:SS.mmm" for people (e.g. 92.5 → "01:32.500"); "H:MM:SS.mmm" from one
 * hour on; a leading '-' for negative times. Rounded to the nearest millisecond.
 */
export function formatSeconds(t: Seconds | number): string {
  if (!Number.isFinite(t)) return String(t);
  const sign = t < 0 ? '-' : '';
  const totalMs = Math.round(Math.abs(t) * 1000);
  const ms = totalMs % 1000;
  const totalS = Math.floor(totalMs / 1000);
  const s = totalS % 60;
  const totalM = Math.floor(totalS / 60);
  const msText = String(ms).padStart(3, '0');
  if (totalM < 60) return `${sign}${pad2(totalM)}:${pad2(s)}.${msText}`;
  return `${sign}${Math.floor(totalM / 60)}:${pad2(totalM % 60)}:${pad2(s)}.${msText}`;
}

// ------------------------------------------------------------------ loose times

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const INT = String.raw`(\d+)`;
/** h:mm:ss(.fff) or m:ss(.fff) — colons, seconds always two digits. */
const CLOCK_RE = /^(?:(\d+):)?(\d+):(\d{2})(\.\d+)?$/;
/** Four fields: a timecode with frames. */
const TC_LIKE_RE = /^\d+[:;]\d+[:;]\d+[:;]\d+$/;
/** Something with colons and digits only: looks like a time even when it is invalid. */
const CLOCKISH_RE = /^\d+(?:[:;]\d+(?:\.\d+)?)+$/;
const H = String.raw`(?:h|hr|hrs|hour|hours)`;
const M = String.raw`(?:m|min|mins|minute|minutes)`;
const S = String.raw`(?:s|sec|secs|second|seconds)`;
/** Unit words: "92s", "92.5 s", "1 min 32", "1m32s", "1h 2m 3s", "2 min". */
const UNITS_RE = new RegExp(
  String.raw`^(?:${INT}\s*${H}\s*)?(?:${INT}\s*${M}\s*)?(?:${NUM}\s*(${S})?)?$`,
  'i',
);

/**
 * Parses a time as people type it in prompts and options, returning film seconds:
 * `1:32`, `01:32`, `01:32.5` (m:ss), `1:02:03` (h:mm:ss), `00:01:32:12` or
 * `00:01:32;12` (timecode with frames at `rate`), `92s`, `92.5 s`, `92 sec`,
 * `1 min 32`, `1m32s`, `1h 2m 3s`, `2 min`.
 * Returns null for text that is not a time (including a bare number such as "92",
 * which is ambiguous in prose).
 * @throws UserInputError for text that looks like a time but is invalid: `1:75`,
 *   `1:5`, `1:60:00`, `1 min 75`, frames ≥ the frame rate, or a timecode with frames
 *   when no `rate` is known.
 */
export function parseLooseTime(text: string, rate?: Rational, place: Place = {}): Seconds | null {
  const s = text.trim().toLowerCase();
  if (s === '') return null;
  const where = place;

  if (TC_LIKE_RE.test(s)) {
    if (!rate) {
      throw new UserInputError(`"${text.trim()}" has frames, but no frame rate is known to count them`, where);
    }
    return timecodeToSeconds(s, rate, where);
  }

  const clock = CLOCK_RE.exec(s);
  if (clock) {
    const h = clock[1] === undefined ? 0 : Number(clock[1]);
    const m = Number(clock[2]);
    const sec = Number(clock[3]) + (clock[4] ? Number(clock[4]) : 0);
    if (sec >= 60) throw new UserInputError(`"${text.trim()}" has ${clock[3]} seconds (must be below 60)`, where);
    if (clock[1] !== undefined && m >= 60) {
      throw new UserInputError(`"${text.trim()}" has ${m} minutes (must be below 60 after the hours)`, where);
    }
    return seconds(h * 3600 + m * 60 + sec);
  }
  if (CLOCKISH_RE.test(s)) {
    throw new UserInputError(`"${text.trim()}" is not a valid time (expected m:ss, h:mm:ss or hh:mm:ss:ff)`, where);
  }

  const u = UNITS_RE.exec(s);
  if (u && /[a-z]/.test(s)) {
    const [, hText, mText, sText, sUnit] = u;
    // A trailing number without a unit counts as seconds only after minutes ("1 min 32").
    if (sText !== undefined && sUnit === undefined && mText === undefined) return null;
    if (hText === undefined && mText === undefined && sText === undefined) return null;
    const h = hText === undefined ? 0 : Number(hText);
    const m = mText === undefined ? 0 : Number(mText);
    const sec = sText === undefined ? 0 : Number(sText);
    if (mText !== undefined && sec >= 60) {
      throw new UserInputError(`"${text.trim()}" has ${sText} seconds after the minutes (must be below 60)`, where);
    }
    if (hText !== undefined && m >= 60) {
      throw new UserInputError(`"${text.trim()}" has ${mText} minutes after the hours (must be below 60)`, where);
    }
    return seconds(h * 3600 + m * 60 + sec);
  }
  return null;
}
