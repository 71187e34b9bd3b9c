/**
 * Sync verification measured on rendered audio (eq. 7, 13).
 *
 * - Each planned hit's onset is measured on the audio (see `measureOnset`) within a window
 *   around the planned time. The error is measured − planned, in ms.
 * - A global offset is the lag maximising the cross-correlation of the audio's onset-strength
 *   curve (positive derivative of the 2 ms log-energy envelope) with the planned hits (eq. 13).
 * - The detected strong onsets are aligned to the picture's cuts by DTW (eq. 7), giving for
 *   every cut the distance to the musical event it was matched with (onset − cut, ms; the
 *   nearest one when several). Either side may leave an event unmatched (at a cost of
 *   `cutMatchGap` seconds): a cut with no strong onset within reach reads null.
 */
import type { HitPoint, SyncReport } from '../model/artifacts.js';
import { seconds } from '../model/units.js';
import { dtw } from '../util/dtw.js';

export interface SyncOptions {
  readonly windowBefore: number;
  readonly windowAfter: number;
  /** Smallest 5 ms rise of the envelope that counts as an onset, dB. */
  readonly minRiseDb: number;
  readonly maxLag: number;
  /**
   * Cut matching: the cost (seconds) of leaving a cut or a musical onset unmatched, so a cut
   * is matched to an onset at most 2 × this away (an onset between two cuts, or a cut with no
   * music near it, no longer drags every later match one place over); such a cut reads null.
   */
  readonly cutMatchGap: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = { windowBefore: 0.06, windowAfter: 0.08, minRiseDb: 6, maxLag: 0.2, cutMatchGap: 0.25 };

/** 1 ms peak envelope of a mono signal (one value per millisecond). */
function peakEnvelope(x: Float32Array, rate: number): { env: Float32Array; hop: number } {
  const hop = Math.max(1, Math.round(rate / 1000));
  const env = new Float32Array(Math.ceil(x.length / hop));
  for (let i = 0; i < env.length; i++) {
    let m = 0;
    for (let j = i * hop; j < Math.min(x.length, (i + 1) * hop); j++) { const v = Math.abs(x[j]!); if (v > m) m = v; }
    env[i] = m;
  }
  return { env, hop };
}

/**
 * Measured onset time (s) near `t`, or null if there is no clear onset there.
 * On the 1 ms peak envelope in dB, the onset is the steepest rise inside the window over the
 * loudest level of the 10 ms before it (at least `minRiseDb`), traced back to the first
 * millisecond more than 1 dB above that level, then refined to the first sample over it.
 * This works under a roll or a crescendo, where the level before the hit is already high.
 */
export function measureOnset(mono: Float32Array, rate: number, t: number, o: SyncOptions = DEFAULT_SYNC_OPTIONS, env = peakEnvelope(mono, rate)): number | null {
  const e = env.env;
  const db = (i: number): number => 20 * Math.log10(Math.max(1e-6, e[Math.max(0, Math.min(e.length - 1, i))]!));
  const msAt = (s: number): number => Math.max(0, Math.min(e.length - 1, Math.round((s * rate) / env.hop)));
  const w0 = msAt(t - o.windowBefore), w1 = msAt(t + o.windowAfter);
  /** Level just before ms i: the loudest of the 10 ms before it (robust to decaying tails). */
  const before = (i: number): number => { let m = -120; for (let k = i - 10; k < i; k++) m = Math.max(m, db(k)); return m; };
  let best = -1, bestRise = -Infinity;
  for (let i = w0; i <= w1; i++) {
    const rise = db(i + 2) - before(i);
    if (rise > bestRise + 1e-9) { bestRise = rise; best = i; }
  }
  if (best < 0 || bestRise < o.minRiseDb) return null;
  const base = before(best);
  let i = Math.max(w0, best - 3);
  while (i < best + 2 && db(i) <= base + 1) i++;
  const thr = Math.pow(10, (base + 1) / 20);
  for (let s0 = Math.max(0, (i - 1) * env.hop); s0 < Math.min(mono.length, (i + 1) * env.hop); s0++) if (Math.abs(mono[s0]!) >= thr) return s0 / rate;
  return (i * env.hop) / rate;
}

/** Onset-strength curve: positive derivative of 2 ms log energy. */
function onsetStrength(mono: Float32Array, rate: number): { s: Float64Array; hopSeconds: number } {
  const hop = Math.round(rate * 0.002);
  const n = Math.floor(mono.length / hop);
  const s = new Float64Array(n);
  let prev = -120;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = i * hop; j < (i + 1) * hop; j++) e += mono[j]! * mono[j]!;
    const db = 10 * Math.log10(e / hop + 1e-12);
    s[i] = Math.max(0, db - prev);
    prev = db;
  }
  return { s, hopSeconds: hop / rate };
}

/** Peaks of the onset-strength curve above a threshold, at least `gap` seconds apart. */
function strongOnsets(s: Float64Array, hopSeconds: number, gap = 0.25): number[] {
  const sorted = Float64Array.from(s).sort();
  const thr = Math.max(6, sorted[Math.floor(sorted.length * 0.995)] ?? 6);
  const out: number[] = [];
  for (let i = 1; i + 1 < s.length; i++) {
    if (s[i]! >= thr && s[i]! >= s[i - 1]! && s[i]! >= s[i + 1]!) {
      const t = i * hopSeconds;
      if (out.length === 0 || t - out[out.length - 1]! >= gap) out.push(t);
    }
  }
  return out;
}

function toMono(channels: readonly Float32Array[]): Float32Array {
  const len = channels[0]?.length ?? 0;
  const mono = new Float32Array(len);
  for (const c of channels) for (let i = 0; i < len; i++) mono[i]! += c[i]! / channels.length;
  return mono;
}

/**
 * Other rendered signals a hit may be measured on: per hit, the names of `sources` to try in
 * order (e.g. the stem that plays the hit's own notes) before the main signal. The first
 * source that shows a clear onset near the hit gives its measurement.
 */
export interface PerHitSources {
  readonly sources: ReadonlyMap<string, readonly Float32Array[]>;
  readonly order: readonly (readonly string[])[];
}

/** Build the sync report for the rendered audio (channels summed to mono). */
export function verifySync(channels: readonly Float32Array[], rate: number, hits: readonly HitPoint[], cuts: readonly number[], measuredOn: string, options: Partial<SyncOptions> = {}, perHit?: PerHitSources): SyncReport {
  const o = { ...DEFAULT_SYNC_OPTIONS, ...options };
  const mono = toMono(channels);
  const env = peakEnvelope(mono, rate);
  const alt = new Map<string, { mono: Float32Array; env: ReturnType<typeof peakEnvelope> }>();
  const altSignal = (name: string): { mono: Float32Array; env: ReturnType<typeof peakEnvelope> } | null => {
    const chs = perHit?.sources.get(name);
    if (!chs) return null;
    let a = alt.get(name);
    if (!a) { const m = toMono(chs); a = { mono: m, env: peakEnvelope(m, rate) }; alt.set(name, a); }
    return a;
  };
  const entries = hits.map((h, k) => {
    for (const name of perHit?.order[k] ?? []) {
      const a = altSignal(name);
      const m = a ? measureOnset(a.mono, rate, h.t, o, a.env) : null;
      if (m !== null) return { t: h.t, kind: h.kind, measuredT: seconds(round6(m)), errorMs: round3((m - h.t) * 1000), measuredOn: name };
    }
    const m = measureOnset(mono, rate, h.t, o, env);
    return { t: h.t, kind: h.kind, measuredT: m === null ? null : seconds(round6(m)), errorMs: m === null ? null : round3((m - h.t) * 1000) };
  });

  // eq. 13: lag maximising Σ onsetStrength(t_hit + τ), each hit's term taken on the signal it
  // was measured on (its own notes' stem when there is one), so a masked hit does not pull the
  // correlation towards another part's onsets.
  const main = onsetStrength(mono, rate);
  const { s, hopSeconds } = main;
  const strengthOf = new Map<string, Float64Array>();
  const curveFor = (name: string | undefined): Float64Array => {
    if (!name) return s;
    let c = strengthOf.get(name);
    if (!c) { c = onsetStrength(altSignal(name)!.mono, rate).s; strengthOf.set(name, c); }
    return c;
  };
  const curves = entries.map((e) => curveFor((e as { measuredOn?: string }).measuredOn));
  let bestLag = 0, bestScore = -Infinity;
  const maxSteps = Math.round(o.maxLag / hopSeconds);
  for (let k = -maxSteps; k <= maxSteps; k++) {
    let score = 0;
    hits.forEach((h, j) => {
      const c = curves[j]!;
      const i = Math.round(h.t / hopSeconds) + k;
      if (i >= 0 && i < c.length) score += c[i]!;
    });
    if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && Math.abs(k) < Math.abs(bestLag))) { bestScore = score; bestLag = k; }
  }

  // eq. 7: DTW of strong musical onsets against cuts.
  const onsets = strongOnsets(s, hopSeconds);
  const cutEntries = cuts.map((t) => ({ t: seconds(t), nearestHitMs: null as number | null }));
  if (onsets.length > 0 && cuts.length > 0) {
    const res = dtw(onsets, [...cuts], (m, v) => Math.abs(m - v), o.cutMatchGap);
    for (const [i, j] of res.path) {
      const d = round3((onsets[i]! - cuts[j]!) * 1000);
      const cur = cutEntries[j]!;
      if (cur.nearestHitMs === null || Math.abs(d) < Math.abs(cur.nearestHitMs)) cutEntries[j] = { t: cur.t, nearestHitMs: d };
    }
  }
  const errs = entries.filter((e) => e.errorMs !== null).map((e) => Math.abs(e.errorMs!));
  return {
    measuredOn,
    globalOffsetMs: round3(bestLag * hopSeconds * 1000),
    hits: entries,
    maxAbsErrorMs: errs.length ? Math.max(...errs) : null,
    cuts: cutEntries,
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
