/**
 * Placing script lines on the film timeline.
 *
 * - Timed scripts (subtitles, timed JSON) keep their own times (method 'timed').
 * - Untimed scripts (Fountain, FDX, plain text) with speech in the video's audio: the spoken
 *   lines are aligned to the detected speech by dynamic time warping (eq. 7), method 'dtw'.
 *   Classical, no speech recogniser: only *when* there is speech is used, not what is said.
 * - With no usable speech (< 1 s detected) lines are laid out by scene and length
 *   (method 'layout'): each line takes screen time in proportion to its length.
 *
 * DTW alignment
 *   Units (the template sequence M of eq. 7): the dialogue lines in script order; consecutive
 *   dual-dialogue lines (spoken at once) are one unit. Each unit k has an expected speaking
 *   time E_k from its text (`speakingTime`: 0.1 s + 0.22 s a syllable, + 0.12 s per comma-like
 *   and 0.25 s per sentence-ending mark inside the line; at least 0.4 s), times a speaking-rate
 *   factor r of the film (below).
 *   Pieces (the observed sequence V): the detected speech segments (clipped to the video,
 *   overlaps merged) in time order, each cut into equal pieces of about 0.25 s (coarser when
 *   units × pieces would pass 4 M cells), so that lines spoken back to back inside one
 *   detected segment can still be told apart. Between two pieces of different segments lies a
 *   silence gap g > 0; between two pieces of one segment, none.
 *   Recurrence: eq. 7, D(k, j) = cost + min(predecessors), on the grid (unit k, pieces 1..j
 *   consumed), with the step pattern generalised as Sakoe and Chiba's step patterns do, so that
 *   a step may take several pieces and every cost term below is exact rather than per frame:
 *     D(k, j) = min( D(k, j−1) + skip(j),                           horizontal: piece j is no line's
 *                    D(k−1, j) + miss(k),                           vertical: unit k has no detected speech
 *                    min over i ≤ j of D(k−1, i−1) + take(k, i..j) ) diagonal, n = j−i+1 pieces for unit k
 *   with D(0, 0) = 0; the answer is D(K, J), the path comes from back-pointers.
 *   Cost terms (weights chosen on test/script-align.test.ts, the Sintel trailer and a randomised
 *   simulation of dialogue with strays, misses, pauses and run-together lines; halving or doubling
 *   any one weight moved the share of lines within 0.5 s by at most about 3 points):
 *     take(k, i..j) = dur + Σ pause + cut, where
 *       dur   = 4 · max(0, |ln(S / (r·E_k))| − ln 1.2)²: S is the speech time of the pieces (gaps
 *               excluded). Within ±20 % of the expected time a line is free; a line squeezed into
 *               a short burst or stretched over much more speech than its words pays, symmetric
 *               in the ratio (×2 and ×½ cost the same, 1.04).
 *       pause = 0.2 + (g / 1 s)² for every silence gap g inside the unit: a pause inside a line
 *               is allowed (0.6 s costs 0.56), a long gap is not (2 s: 4.2, 14 s: 196), so a line
 *               does not span a long silence; each extra segment a line takes costs at least 0.2.
 *       cut   = 0.3 for each end of the unit that lies inside a detected segment (the line
 *               begins or ends in running speech: lines run together, or part of a segment
 *               left out).
 *       Hard limits (for speed; costs would reject these anyway): a unit spans at most
 *       2.5·r·E_k + 3 s of clock time and at most 4·r·E_k + 0.5 s of speech.
 *     skip(j)  = 1.2 per second of the piece + 0.3 when it begins a segment: detected sound that
 *               is no line (music, effects, walla) may be left unassigned, so a stray burst does
 *               not drag a line away; leaving real speech out costs more than it saves.
 *     miss(k)  = 2 + 0.5 per second of r·E_k: a line the detector did not hear (a whisper); it is
 *               placed in the silence between its neighbours.
 *   Speaking rate: r (0.5–2 × the reference rate) minimises D(K, J) + 0.5 · (log₂ r)². Small
 *   problems (≤ 200 k cells) try every 2^(i/4), i = −4..4, then 2^(±1/8) around the best, with the
 *   exact DP; larger ones descend on the same grid from the rate that matches expected to detected
 *   speech time, and prune each row of the DP to starts within 40 cost units of the row's best
 *   (a beam): 1500 lines over 2.5 h of synthetic speech align in about 0.3–1.2 s.
 *   A line starts at the start of its first piece and ends at the end of its last. A parenthetical
 *   takes the window of the speech it qualifies; action, headings and transitions share out the
 *   silence around the speech they sit between.
 *
 * Confidence in [0, 1] (reported in analysis.json `script.insights.alignment`):
 *   'timed' 1; 'layout' 0.2 (a guess by length);
 *   'dtw' = mean over units of fit_k × (½ + ½ · share of detected speech assigned to lines)
 *           × exp(−½ (log₂ r)²), where fit_k = exp(−take_k) for a placed unit (1 when its
 *           speech time matches its words and it spans no pause; lower the more the line had to
 *           be stretched or squeezed, the longer the pauses inside it, the more it was cut out of
 *           running speech) and 0.1 for a missed one.
 * Pure and deterministic.
 */
import type { ScriptLine, SpeechSegment } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';

export interface PlacedLine extends ScriptLine {
  readonly start: Seconds;
  readonly end: Seconds;
}

export type PlacementMethod = 'timed' | 'dtw' | 'layout';

/** What the DTW alignment chose (method 'dtw' only). */
export interface AlignmentDetail {
  /** Speaking-rate factor r: expected times were multiplied by it. */
  readonly rate: number;
  /** Detected speech left to no line, seconds. */
  readonly skippedSeconds: number;
  /** Spoken units with no detected speech. */
  readonly missed: number;
  /** Per spoken unit: its speech time over r·E (1 = as expected), null when missed. */
  readonly stretch: readonly (number | null)[];
}

export interface Placement {
  readonly lines: PlacedLine[];
  readonly method: PlacementMethod;
  /** 0..1, see module doc. */
  readonly confidence: number;
  readonly detail?: AlignmentDetail;
}

// ------------------------------------------------------------------ expected speaking time

const LINE_ONSET = 0.1;
const SECONDS_PER_SYLLABLE = 0.22;
const COMMA_PAUSE = 0.12;
const SENTENCE_PAUSE = 0.25;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Syllables of one word: vowel groups with English silent-e/-ed/-es rules; CJK characters one each; digits read out. */
function wordSyllables(word: string): number {
  const cjk = word.match(CJK)?.length ?? 0;
  const rest = word.replace(CJK, '');
  let n = cjk;
  if (rest === '') return Math.max(1, n);
  const digits = rest.replace(/\D/g, '').length;
  n += Math.round(digits * 1.5);
  const w = rest.replace(/[\d']/g, '').toLowerCase();
  if (w === '') return Math.max(1, n);
  if (!/[a-zà-ÿ]/.test(w)) return Math.max(1, n + Math.round(w.length / 2.5)); // other scripts: by length
  let groups = w.match(/[aeiouyàáâãäåèéêëìíîïòóôõöùúûüýÿæœ]+/g)?.length ?? 0;
  if (groups > 1 && /[^aeiouy]e$/.test(w) && !/[^aeiouy]le$/.test(w)) groups--; // "come", not "table"
  else if (groups > 1 && /[^aeiouytd]ed$/.test(w)) groups--; // "called", not "waited"
  else if (groups > 1 && /[^aeiouyszxcg]es$/.test(w) && !/(ch|sh)es$/.test(w)) groups--; // "times", not "boxes"
  return Math.max(1, n + groups);
}

/** Syllables in a line of text (an estimate; English-leaning, any script counted). */
export function syllables(text: string): number {
  let n = 0;
  for (const word of text.normalize('NFC').match(/[\p{L}\p{M}\p{N}']+/gu) ?? []) n += wordSyllables(word);
  return n;
}

/** Expected speaking time of a line at the reference rate, seconds (module doc). */
export function speakingTime(text: string): number {
  const t = text.replace(/\s+/g, ' ').trim();
  const inner = (re: RegExp): number => (t.match(re)?.length ?? 0);
  const commas = inner(/[,;:\u2013\u2014](?=.*[\p{L}\p{N}])/gu) + inner(/ - (?=.*[\p{L}\p{N}])/gu);
  const stops = inner(/[.!?\u2026]+(?=\s.*[\p{L}\p{N}])/gu);
  return Math.max(0.4, LINE_ONSET + SECONDS_PER_SYLLABLE * syllables(t) + COMMA_PAUSE * commas + SENTENCE_PAUSE * stops);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
/** A time rounded to the millisecond, kept inside [0, duration] (the video's duration need not be whole ms). */
const onFilm = (t: number, duration: number): number => Math.max(0, Math.min(duration, round3(t)));

/** Times for every line (module doc). `duration` is the video's. */
export function placeLines(lines: readonly ScriptLine[], speech: readonly SpeechSegment[], duration: number): Placement {
  if (lines.length === 0) return { lines: [], method: 'timed', confidence: 1 };
  if (lines.every((l) => l.start !== undefined && l.end !== undefined)) {
    return { lines: lines.map((l) => ({ ...l, start: l.start!, end: l.end! })), method: 'timed', confidence: 1 };
  }
  const segments = cleanSegments(speech, duration);
  const speechTotal = segments.reduce((s, x) => s + x.end - x.start, 0);
  const spoken = lines.some((l) => l.kind === 'dialogue');
  if (speechTotal >= 1 && spoken) return alignByDtw(lines, segments, duration);
  return layoutByLength(lines, duration);
}

/** Segments clipped to [0, duration], sorted, overlapping or touching ones merged, empty ones dropped. */
function cleanSegments(speech: readonly SpeechSegment[], duration: number): { start: number; end: number }[] {
  const clipped = speech
    .map((s) => ({ start: Math.max(0, Math.min(duration, s.start)), end: Math.max(0, Math.min(duration, s.end)) }))
    .filter((s) => s.end - s.start > 1e-3)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const s of clipped) {
    const prev = out[out.length - 1];
    if (prev && s.start <= prev.end + 1e-3) prev.end = Math.max(prev.end, s.end);
    else out.push({ ...s });
  }
  return out;
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
    return { ...l, start: seconds(onFilm(start, duration)), end: seconds(onFilm(end, duration)) };
  });
  return { lines: placed, method: 'layout', confidence: 0.2 };
}

// ------------------------------------------------------------------ DTW

/** Cost weights (module doc). */
const W = {
  durWeight: 4,
  durTolerance: Math.log(1.2),
  pauseBase: 0.2,
  pauseScale: 1,
  cut: 0.3,
  skipPerSecond: 1.2,
  skipPerSegment: 0.3,
  missBase: 2,
  missPerSecond: 0.5,
  ratePrior: 0.5,
  maxSpanFactor: 2.5,
  maxSpanExtra: 3,
  maxSpeechFactor: 4,
  maxSpeechExtra: 0.5,
  piece: 0.25,
  maxCells: 4e6,
  /** Above this many cells the DP is beam-pruned (BEAM cost units over each row's best). */
  exactCells: 2e5,
  beam: 40,
} as const;

interface Unit {
  /** Indices into lines of the dialogue lines this unit holds (two for dual dialogue). */
  readonly members: number[];
  /** Expected speaking time at the reference rate. */
  readonly seconds: number;
}

/** The observed sequence: speech cut into pieces (module doc). */
interface Pieces {
  readonly n: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Silence before piece j when it begins a new segment (j > 0), else 0. */
  readonly gapBefore: Float64Array;
  readonly firstOfSegment: Uint8Array;
  readonly lastOfSegment: Uint8Array;
  readonly skip: Float64Array;
}

function cutPieces(segments: readonly { start: number; end: number }[], units: number): Pieces {
  let piece: number = W.piece;
  const count = (p: number): number => segments.reduce((s, x) => s + Math.max(1, Math.round((x.end - x.start) / p)), 0);
  while (units * (count(piece) + 1) > W.maxCells && count(piece) > segments.length) piece *= 1.25;
  const n = count(piece);
  const start = new Float64Array(n), end = new Float64Array(n), gapBefore = new Float64Array(n), skip = new Float64Array(n);
  const firstOfSegment = new Uint8Array(n), lastOfSegment = new Uint8Array(n);
  let j = 0;
  segments.forEach((s, k) => {
    const m = Math.max(1, Math.round((s.end - s.start) / piece));
    for (let q = 0; q < m; q++, j++) {
      start[j] = s.start + ((s.end - s.start) * q) / m;
      end[j] = q === m - 1 ? s.end : s.start + ((s.end - s.start) * (q + 1)) / m;
      firstOfSegment[j] = q === 0 ? 1 : 0;
      lastOfSegment[j] = q === m - 1 ? 1 : 0;
      gapBefore[j] = q === 0 && k > 0 ? s.start - segments[k - 1]!.end : 0;
      skip[j] = W.skipPerSecond * (end[j]! - start[j]!) + (q === 0 ? W.skipPerSegment : 0);
    }
  });
  return { n, start, end, gapBefore, firstOfSegment, lastOfSegment, skip };
}

const durCost = (ratio: number): number => {
  const over = Math.abs(Math.log(ratio)) - W.durTolerance;
  return over > 0 ? W.durWeight * over * over : 0;
};
const pauseCost = (gap: number): number => W.pauseBase + (gap / W.pauseScale) ** 2;
const missCost = (expected: number): number => W.missBase + W.missPerSecond * expected;

/** One unit's placement from the back-pointers: pieces [from, to] or missed after `after` pieces. */
type UnitPlace = { readonly from: number; readonly to: number } | { readonly after: number };

interface DtwRun {
  readonly total: number;
  readonly places?: UnitPlace[];
}

/**
 * The DTW of the module doc for one speaking rate: D over (unit, pieces consumed), two rows of
 * values, back-pointers when `trace` is set.
 */
function dtwRun(units: readonly Unit[], P: Pieces, rate: number, trace: boolean): DtwRun {
  const K = units.length, J = P.n;
  const beam = K * (J + 1) > W.exactCells;
  let prev = new Float64Array(J + 1);
  let cur = new Float64Array(J + 1);
  const take = new Float64Array(J + 1);
  const from = trace ? new Int32Array(K * (J + 1)) : null;
  const choice = trace ? new Uint8Array(K * (J + 1)) : null; // 0 take, 1 skip, 2 miss
  prev[0] = 0;
  for (let c = 1; c <= J; c++) prev[c] = prev[c - 1]! + P.skip[c - 1]!;
  for (let k = 0; k < K; k++) {
    const E = units[k]!.seconds * rate;
    const maxSpan = W.maxSpanFactor * E + W.maxSpanExtra;
    const maxSpeech = W.maxSpeechFactor * E + W.maxSpeechExtra;
    const miss = missCost(E);
    take.fill(Infinity);
    // Beam (large problems only): starts i with D(k−1, i) more than BEAM over the row's best are not extended.
    let limit = Infinity, firstActive = 0, lastActive = J;
    if (beam) {
      let lo = Infinity;
      for (let i = 0; i <= J; i++) if (prev[i]! < lo) lo = prev[i]!;
      limit = lo + W.beam;
      while (firstActive < J && prev[firstActive]! > limit) firstActive++;
      while (lastActive > 0 && prev[lastActive]! > limit) lastActive--;
    }
    // Diagonal steps, take(k, i..je): unit k on pieces i..je (0-based), coming from D(k−1, i).
    for (let je = firstActive; je < J; je++) {
      if (je > lastActive && P.end[je]! - P.start[lastActive]! > maxSpan) break;
      const endCut = P.lastOfSegment[je] ? 0 : W.cut;
      let speechTime = 0, pauses = 0, best = Infinity, bestFrom = -1;
      for (let i = je; i >= firstActive; i--) {
        speechTime += P.end[i]! - P.start[i]!;
        if (i < je && P.gapBefore[i + 1]! > 0) pauses += pauseCost(P.gapBefore[i + 1]!);
        if (i < je && (P.end[je]! - P.start[i]! > maxSpan || speechTime > maxSpeech)) break;
        if (prev[i]! > limit) continue;
        const c = prev[i]! + durCost(speechTime / E) + pauses + endCut + (P.firstOfSegment[i] ? 0 : W.cut);
        if (c < best) { best = c; bestFrom = i; }
      }
      take[je + 1] = best;
      if (from) from[k * (J + 1) + je + 1] = bestFrom;
    }
    // Horizontal (skip) and vertical (miss) steps.
    cur[0] = prev[0]! + miss;
    if (choice) choice[k * (J + 1)] = 2;
    for (let c = 1; c <= J; c++) {
      const t = take[c]!, s = cur[c - 1]! + P.skip[c - 1]!, m = prev[c]! + miss;
      let v = t, ch = 0;
      if (s < v) { v = s; ch = 1; }
      if (m < v) { v = m; ch = 2; }
      cur[c] = v;
      if (choice) choice[k * (J + 1) + c] = ch;
    }
    [prev, cur] = [cur, prev];
  }
  const total = prev[J]! + W.ratePrior * Math.log2(rate) ** 2;
  if (!from || !choice) return { total };
  const places: UnitPlace[] = new Array(K);
  let k = K - 1, c = J;
  while (k >= 0) {
    const ch = choice[k * (J + 1) + c]!;
    if (ch === 1) c--;
    else if (ch === 2) { places[k] = { after: c }; k--; }
    else {
      const i = from[k * (J + 1) + c]!;
      places[k] = { from: i, to: c - 1 };
      c = i;
      k--;
    }
  }
  return { total, places };
}

/**
 * The speaking rate with the lowest total. Small problems: a grid 2^(i/4), i = −4..4, then
 * 2^(±1/8) around the best. Large ones: a descent on the same grid from the rate that makes the
 * expected speech time equal the detected one, then the same ±1/8 refinement.
 */
function bestRate(units: readonly Unit[], P: Pieces, detected: number): number {
  const totals = new Map<number, number>();
  const total = (i: number): number => {
    if (!totals.has(i)) totals.set(i, dtwRun(units, P, 2 ** (i / 8), false).total);
    return totals.get(i)!;
  };
  let at: number;
  if (units.length * (P.n + 1) <= W.exactCells) {
    at = 0;
    for (let i = -8; i <= 8; i += 2) if (total(i) < total(at) - 1e-12) at = i;
  } else {
    const expected = units.reduce((s, u) => s + u.seconds, 0);
    at = 2 * Math.round(4 * Math.log2(Math.min(2, Math.max(0.5, detected / expected))));
    for (;;) {
      const down = at > -8 ? total(at - 2) : Infinity, up = at < 8 ? total(at + 2) : Infinity;
      if (down < total(at) - 1e-12 && down <= up) at -= 2;
      else if (up < total(at) - 1e-12) at += 2;
      else break;
    }
  }
  const center = at;
  for (const i of [center - 1, center + 1]) if (i >= -8 && i <= 8 && total(i) < total(at) - 1e-12) at = i;
  return 2 ** (at / 8);
}

function alignByDtw(lines: readonly ScriptLine[], segments: readonly { start: number; end: number }[], duration: number): Placement {
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

  const P = cutPieces(segments, units.length);
  const rate = bestRate(units, P, segments.reduce((sum, x) => sum + x.end - x.start, 0));
  const places = dtwRun(units, P, rate, true).places!;

  // Windows of placed units, their fit, and the speech they took.
  type Win = { start: number; end: number };
  const windows: (Win | undefined)[] = new Array(units.length).fill(undefined);
  const fits: number[] = [];
  const stretch: (number | null)[] = [];
  let assigned = 0;
  places.forEach((pl, k) => {
    if (!('from' in pl)) { fits.push(0.1); stretch.push(null); return; }
    const E = units[k]!.seconds * rate;
    let speechTime = 0, pauses = 0;
    for (let i = pl.from; i <= pl.to; i++) {
      speechTime += P.end[i]! - P.start[i]!;
      if (i > pl.from && P.gapBefore[i]! > 0) pauses += pauseCost(P.gapBefore[i]!);
    }
    const cuts = (P.firstOfSegment[pl.from] ? 0 : W.cut) + (P.lastOfSegment[pl.to] ? 0 : W.cut);
    fits.push(Math.exp(-(durCost(speechTime / E) + pauses + cuts)));
    stretch.push(round3(speechTime / E));
    assigned += speechTime;
    const s = P.start[pl.from]!;
    windows[k] = { start: s, end: Math.min(duration, Math.max(s + 0.2, P.end[pl.to]!)) };
  });
  // Missed units: in the silence between the neighbouring placed units (narrowed to the gap
  // between the pieces the path passed them at), one after another, centred.
  let k = 0;
  while (k < units.length) {
    if (windows[k]) { k++; continue; }
    let m = k;
    while (m < units.length && !windows[m]) m++;
    let lo = k > 0 ? windows[k - 1]!.end : 0;
    let hi = m < units.length ? windows[m]!.start : duration;
    const after = (places[k] as { after: number }).after;
    const aLo = after > 0 ? P.end[after - 1]! : 0, aHi = after < P.n ? P.start[after]! : duration;
    if (aLo >= lo && aLo <= hi) lo = aLo;
    if (aHi <= hi && aHi >= lo) hi = aHi;
    const want = units.slice(k, m).map((u) => u.seconds * rate);
    const total = want.reduce((s, x) => s + x, 0);
    const room = Math.max(0, hi - lo);
    const scale = total > room ? room / total : 1;
    let t = lo + (room - total * scale) / 2;
    for (let q = k; q < m; q++) {
      const len = want[q - k]! * scale;
      windows[q] = { start: t, end: Math.min(duration, Math.max(t + len, Math.min(duration, t + 0.2))) };
      t += len;
    }
    k = m;
  }

  const detected = segments.reduce((s, x) => s + x.end - x.start, 0);
  const coverage = detected > 0 ? Math.min(1, assigned / detected) : 0;
  const meanFit = fits.reduce((s, x) => s + x, 0) / Math.max(1, fits.length);
  const confidence = round3(Math.max(0, Math.min(1, meanFit * (0.5 + 0.5 * coverage) * Math.exp(-0.5 * Math.log2(rate) ** 2))));

  // Every line gets a window.
  const at: (Win | undefined)[] = new Array(lines.length).fill(undefined);
  units.forEach((u, q) => {
    for (const i of u.members) at[i] = windows[q];
  });
  // Parentheticals take the window of the next spoken line of the same speech (else the previous).
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.kind !== 'parenthetical') continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.kind === 'parenthetical') j++;
    if (j < lines.length && lines[j]!.kind === 'dialogue') at[i] = at[j];
    else for (let q = i - 1; q >= 0; q--) if (at[q]) { at[i] = at[q]; break; }
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
    for (let q = i; q < j; q++) {
      const s = lo + ((hi - lo) * acc) / total;
      acc += w(lines[q]!);
      const e = lo + ((hi - lo) * acc) / total;
      at[q] = { start: s, end: Math.min(duration, Math.max(e, s + 0.2)) };
    }
    i = j;
  }
  const placed = lines.map((l, q) => ({ ...l, start: seconds(onFilm(at[q]!.start, duration)), end: seconds(onFilm(at[q]!.end, duration)) }));
  return {
    lines: placed,
    method: 'dtw',
    confidence,
    detail: { rate: round3(rate), skippedSeconds: round3(Math.max(0, detected - assigned)), missed: stretch.filter((x) => x === null).length, stretch },
  };
}

/** Index of the last dialogue line before i, or −1. */
function lastDialogueBefore(lines: readonly ScriptLine[], i: number): number {
  for (let k = i - 1; k >= 0; k--) if (lines[k]!.kind === 'dialogue') return k;
  return -1;
}
