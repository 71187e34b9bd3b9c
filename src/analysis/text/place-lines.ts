/**
 * Placing script lines on the film timeline.
 *
 * - Timed scripts (subtitles, timed JSON) keep their own times (method 'timed').
 * - Untimed scripts (Fountain, FDX, plain text) with speech in the video's audio: the spoken
 *   lines are aligned to the detected speech by dynamic time warping (eq. 7, src/util/dtw.ts),
 *   method 'dtw'. Classical, no speech recogniser: only *when* there is speech is used, not
 *   what is said.
 *     Observed sequence: speech activity of the audio on a frame grid (0.1 s, coarser for long
 *       scenes so the cost matrix stays ≤ ~4 M cells), with the fraction of all detected speech
 *       heard so far.
 *     Template sequence: the spoken units in script order, each as a run of "speech" frames whose
 *       length is the line's expected speaking time (characters / 14 per second, at least 0.4 s),
 *       scaled so the template's speech time equals the detected speech time (scale clamped to
 *       0.5–2), with a pause frame between units and one at each end.
 *     Frame cost: 1 when a template pause meets detected speech, 0.5 when template speech meets
 *       silence (people pause inside a line), plus 5 · |difference of speech fraction so far|.
 *       The activity term snaps line boundaries to pauses; the fraction term keeps lines near
 *       their proportional place, so DTW cannot stretch a short line over a long segment for
 *       free. (Weights chosen on test/script-align.test.ts: 0.3–0.5 and 2–10 all pass.)
 *   A line starts at the first observed frame its first template frame maps to, and ends after
 *   the last frame its last template frame maps to. Dual dialogue (spoken at once) is one unit;
 *   a parenthetical takes the window of the speech it qualifies; action, headings and
 *   transitions share out the silence around the speech they sit between.
 * - With no usable speech (< 1 s detected) lines are laid out by scene and length
 *   (method 'layout'): each line takes screen time in proportion to its length.
 *
 * Confidence in [0, 1] (reported in analysis.json `script.insights.alignment`):
 *   'timed' 1; 'dtw' = (1 − mean activity mismatch along the warping path)
 *   × (share of unit starts that land within 0.3 s of a detected speech onset)^½
 *   × min(template, detected speech)/max(…) before scaling; 'layout' 0.2 (a guess by length).
 * Pure and deterministic.
 */
import type { ScriptLine, SpeechSegment } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import { dtw } from '../../util/dtw.js';

export interface PlacedLine extends ScriptLine {
  readonly start: Seconds;
  readonly end: Seconds;
}

export type PlacementMethod = 'timed' | 'dtw' | 'layout';

export interface Placement {
  readonly lines: PlacedLine[];
  readonly method: PlacementMethod;
  /** 0..1, see module doc. */
  readonly confidence: number;
}

/** Expected speaking time of a line, seconds (about 14 characters a second). */
export function speakingTime(text: string): number {
  return Math.max(0.4, text.replace(/\s+/g, ' ').trim().length / 14);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Times for every line (module doc). `duration` is the video's. */
export function placeLines(lines: readonly ScriptLine[], speech: readonly SpeechSegment[], duration: number): Placement {
  if (lines.length === 0) return { lines: [], method: 'timed', confidence: 1 };
  if (lines.every((l) => l.start !== undefined && l.end !== undefined)) {
    return { lines: lines.map((l) => ({ ...l, start: l.start!, end: l.end! })), method: 'timed', confidence: 1 };
  }
  const speechTotal = speech.reduce((s, x) => s + Math.max(0, Math.min(duration, x.end) - Math.max(0, x.start)), 0);
  const spoken = lines.some((l) => l.kind === 'dialogue');
  if (speechTotal >= 1 && spoken) return alignByDtw(lines, speech, duration);
  return layoutByLength(lines, duration);
}

// ------------------------------------------------------------------ layout by length

/** Lays lines over [0, duration] in order, each taking time in proportion to its length. */
export function layoutByLength(lines: readonly ScriptLine[], duration: number): Placement {
  const weight = (l: ScriptLine): number => (l.kind === 'heading' || l.kind === 'transition' ? 6 : Math.max(8, l.text.length));
  const total = lines.reduce((s, l) => s + weight(l), 0);
  let acc = 0;
  const placed = lines.map((l) => {
    const start = (acc / total) * duration;
    acc += weight(l);
    const end = Math.max(Math.min(duration, start + 0.2), (acc / total) * duration);
    return { ...l, start: seconds(round3(start)), end: seconds(round3(Math.min(duration, end))) };
  });
  return { lines: placed, method: 'layout', confidence: 0.2 };
}

// ------------------------------------------------------------------ DTW

interface Unit {
  /** Indices into lines of the dialogue lines this unit holds (two for dual dialogue). */
  readonly members: number[];
  readonly seconds: number;
}

interface Frame {
  readonly act: number;
  /** Fraction of the sequence's speech time before this frame. */
  readonly frac: number;
}

function alignByDtw(lines: readonly ScriptLine[], speech: readonly SpeechSegment[], duration: number): Placement {
  // Spoken units: dialogue lines, consecutive dual lines merged.
  const units: Unit[] = [];
  lines.forEach((l, i) => {
    if (l.kind !== 'dialogue') return;
    const prev = units[units.length - 1];
    const prevLine = prev ? lines[prev.members[prev.members.length - 1]!] : undefined;
    const adjacent = prev !== undefined && prev.members[prev.members.length - 1] === lastDialogueBefore(lines, i);
    if (l.dual && prevLine?.dual && adjacent && prev.members.length === 1) {
      units[units.length - 1] = { members: [...prev.members, i], seconds: Math.max(prev.seconds, speakingTime(l.text)) };
    } else units.push({ members: [i], seconds: speakingTime(l.text) });
  });

  // Observed frames.
  const heardTotal = speech.reduce((acc, x) => acc + Math.max(0, Math.min(duration, x.end) - Math.max(0, x.start)), 0);
  const step = frameStep(duration, units, heardTotal);
  const nObs = Math.max(1, Math.ceil(duration / step));
  const act = new Float64Array(nObs);
  for (const s of speech) {
    const a = Math.max(0, Math.floor(s.start / step + 0.5));
    const b = Math.min(nObs, Math.ceil(s.end / step - 0.5));
    for (let j = a; j < b; j++) act[j] = 1;
  }
  const detected = act.reduce((s, x) => s + x, 0) * step;
  const observed: Frame[] = [];
  let heard = 0;
  for (let j = 0; j < nObs; j++) {
    observed.push({ act: act[j]!, frac: detected > 0 ? heard / detected : 0 });
    heard += act[j]! * step;
  }

  // Template frames: pause, unit, pause, unit, …, pause.
  const expected = units.reduce((s, u) => s + u.seconds, 0);
  const scale = Math.min(2, Math.max(0.5, detected / expected));
  const template: Frame[] = [];
  const owner: number[] = []; // unit index of each template frame, −1 for pauses
  const frames = units.map((u) => Math.max(1, Math.round((u.seconds * scale) / step)));
  const templateSpeech = frames.reduce((s, x) => s + x, 0);
  let said = 0;
  const pause = (): void => {
    template.push({ act: 0, frac: said / templateSpeech });
    owner.push(-1);
  };
  pause();
  units.forEach((_, k) => {
    for (let f = 0; f < frames[k]!; f++) {
      template.push({ act: 1, frac: said / templateSpeech });
      owner.push(k);
      said++;
    }
    pause();
  });

  const result = dtw(template, observed, (x, y) => (x.act > y.act ? 0.5 : y.act > x.act ? 1 : 0) + 5 * Math.abs(x.frac - y.frac));

  // Unit windows from the path.
  const first = new Array<number>(units.length).fill(Infinity);
  const last = new Array<number>(units.length).fill(-Infinity);
  let mismatch = 0;
  for (const [i, j] of result.path) {
    const k = owner[i]!;
    mismatch += Math.abs(template[i]!.act - observed[j]!.act);
    if (k < 0) continue;
    if (j < first[k]!) first[k] = j;
    if (j > last[k]!) last[k] = j;
  }
  const windows = units.map((_, k) => {
    const s = first[k]! * step;
    const e = Math.min(duration, Math.max(s + 0.2, (last[k]! + 1) * step));
    return { start: s, end: e };
  });

  // Confidence.
  const onsets: number[] = [];
  for (let j = 0; j < nObs; j++) if (act[j] === 1 && (j === 0 || act[j - 1] === 0)) onsets.push(j * step);
  const onOnset = windows.filter((w) => onsets.some((o) => Math.abs(o - w.start) <= 0.3 + step / 2)).length / Math.max(1, windows.length);
  const agreement = 1 - mismatch / Math.max(1, result.path.length);
  const amount = Math.min(expected, detected) / Math.max(expected, detected);
  const confidence = round3(Math.max(0, Math.min(1, agreement * Math.sqrt(onOnset) * amount)));

  // Every line gets a window.
  const at: ({ start: number; end: number } | undefined)[] = new Array(lines.length).fill(undefined);
  units.forEach((u, k) => {
    for (const i of u.members) at[i] = windows[k];
  });
  // Parentheticals take the window of the next spoken line of the same speech (else the previous).
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.kind !== 'parenthetical') continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.kind === 'parenthetical') j++;
    if (j < lines.length && lines[j]!.kind === 'dialogue') at[i] = at[j];
    else for (let k = i - 1; k >= 0; k--) if (at[k]) { at[i] = at[k]; break; }
  }
  // Other lines share out the time between the spoken windows around them, by length.
  let i = 0;
  while (i < lines.length) {
    if (at[i]) { i++; continue; }
    let j = i;
    while (j < lines.length && !at[j]) j++;
    const from = i > 0 ? at[i - 1]!.end : 0;
    const to = j < lines.length ? at[j]!.start : duration;
    const lo = Math.min(from, to), hi = Math.max(from, to);
    const w = (l: ScriptLine): number => Math.max(8, l.text.length);
    const total = lines.slice(i, j).reduce((s, l) => s + w(l), 0);
    let acc = 0;
    for (let k = i; k < j; k++) {
      const s = lo + ((hi - lo) * acc) / total;
      acc += w(lines[k]!);
      const e = lo + ((hi - lo) * acc) / total;
      at[k] = { start: s, end: Math.min(duration, Math.max(e, s + 0.2)) };
    }
    i = j;
  }
  const placed = lines.map((l, k) => ({ ...l, start: seconds(round3(at[k]!.start)), end: seconds(round3(at[k]!.end)) }));
  return { lines: placed, method: 'dtw', confidence };
}

/** Index of the last dialogue line before i, or −1. */
function lastDialogueBefore(lines: readonly ScriptLine[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (lines[k]!.kind === 'dialogue') return k;
  return -1;
}

/** Frame step: 0.1 s, coarser (×1.25 at a time) while the DTW matrix would pass ~4 M cells. */
function frameStep(duration: number, units: readonly Unit[], heard: number): number {
  const expected = units.reduce((acc, u) => acc + u.seconds, 0);
  const templateSeconds = expected * Math.min(2, Math.max(0.5, heard / Math.max(1e-9, expected)));
  const cells = (step: number): number => (duration / step + 1) * (units.reduce((acc, u) => acc + Math.max(1, Math.round((u.seconds * templateSeconds) / expected / step)), 0) + units.length + 1);
  let step = 0.1;
  while (cells(step) > 4e6) step *= 1.25;
  return step;
}
