/**
 * The score's own mix: stems summed with per-stem gains, ducked under dialogue,
 * brought to a loudness target and held under a true-peak ceiling (classical DSP).
 *
 * Ducking is a precomputed gain curve (the speech segments are known in advance,
 * so it can look ahead): the gain starts falling `lookahead` seconds before a line,
 * ramps down over `attack` seconds, stays down through the line and through gaps
 * shorter than `holdGap` (no pumping between lines), and recovers over `release`
 * seconds after it. Ramps are raised-cosine (continuous slope) and never shorter
 * than 10 ms, so the gain never steps: no clicks.
 *
 * Limiter: offline look-ahead true-peak limiter. Per sample, the needed gain is
 * ceiling / (4× oversampled peak, loudness.ts interpolator); a running minimum over the look-ahead window,
 * an exponential release and a moving-average attack of the same window length
 * give a smooth gain that is at or below the needed gain at every peak. A final
 * true-peak measurement trims any residue, so the result never exceeds the
 * ceiling (default −1 dBTP).
 */
import type { SpeechSegment, StemName } from '../model/artifacts.js';
import { SAMPLE_RATE } from '../model/units.js';
import { carveSpeechBand, compressBus, type CompressorOptions } from './bus-dynamics.js';
import { applyGain, integratedLoudness, measureLoudness, oversampledPeakEnvelope, truePeakLinear, type LoudnessResult } from './loudness.js';

/**
 * Default stem gains in dB: a neutral starting balance for General MIDI banks, where
 * brass, percussion and synth presets sound hotter than strings and woodwinds.
 */
export const DEFAULT_STEM_GAINS_DB: Readonly<Record<StemName, number>> = {
  strings: 0,
  woodwinds: -1,
  keys: -1,
  brass: -2,
  percussion: -2,
  synths: -3,
  fx: -4,
};

export interface DuckingOptions {
  /** Gain under speech, dB (negative), default −12. */
  readonly depthDb?: number;
  /** How long before a line the gain starts to fall, seconds, default 0.2. */
  readonly lookahead?: number;
  /** Length of the fall, seconds (≥ 0.01), default 0.15: fully down 50 ms before the line. */
  readonly attack?: number;
  /** Length of the recovery after a line, seconds (≥ 0.01), default 0.6. */
  readonly release?: number;
  /** Gaps between lines shorter than this stay ducked, seconds, default 0.4. */
  readonly holdGap?: number;
}

export const DEFAULT_DUCKING: Required<DuckingOptions> = {
  depthDb: -12,
  lookahead: 0.2,
  attack: 0.15,
  release: 0.6,
  holdGap: 0.4,
};

/** Raised-cosine step from 0 (u ≤ 0) to 1 (u ≥ 1). */
function smoothStep(u: number): number {
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return 0.5 - 0.5 * Math.cos(Math.PI * u);
}

/** Speech segments sorted, clipped to t ≥ 0 and merged where the gap is shorter than `holdGap`. */
export function mergeSpeech(speech: readonly SpeechSegment[], holdGap: number): { start: number; end: number }[] {
  const segs = speech
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.end > s.start)
    .map((s) => ({ start: Math.max(0, s.start as number), end: s.end as number }))
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && s.start - last.end < holdGap) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Ducking gain curve: linear gain per sample (1 = untouched, 10^(depthDb/20) under
 * speech), `lengthSamples` long at `sampleRate` Hz. Speech segments in seconds.
 * Per merged region [s, e]: duck amount d rises over [s − lookahead, s − lookahead + attack]
 * and falls over [e, e + release] (raised cosine); regions combine by maximum;
 * gain = 10^(depthDb·d/20).
 */
export function duckingGainCurve(
  speech: readonly SpeechSegment[],
  lengthSamples: number,
  sampleRate: number = SAMPLE_RATE,
  opts: DuckingOptions = {},
): Float32Array {
  const o = { ...DEFAULT_DUCKING, ...opts };
  const attack = Math.max(0.01, o.attack);
  const release = Math.max(0.01, o.release);
  const lookahead = Math.max(0, o.lookahead);
  const n = Math.max(0, Math.floor(lengthSamples));
  const duck = new Float32Array(n); // duck amount 0..1
  for (const r of mergeSpeech(speech, o.holdGap)) {
    const downStart = r.start - lookahead;
    const i0 = Math.max(0, Math.floor(downStart * sampleRate));
    const i1 = Math.min(n, Math.ceil((r.end + release) * sampleRate) + 1);
    for (let i = i0; i < i1; i++) {
      const t = i / sampleRate;
      const d = t < r.end ? smoothStep((t - downStart) / attack) : 1 - smoothStep((t - r.end) / release);
      // Before the fall has completed at r.end (very short line), keep continuity.
      const dd = t < r.end ? d : Math.min(d, smoothStep((r.end - downStart) / attack));
      if (dd > duck[i]!) duck[i] = dd;
    }
  }
  const gain = new Float32Array(n);
  for (let i = 0; i < n; i++) gain[i] = Math.pow(10, (o.depthDb * duck[i]!) / 20);
  return gain;
}

export interface MixOptions {
  readonly sampleRate?: number;
  /** Per-stem gain in dB; missing stems use `DEFAULT_STEM_GAINS_DB`. */
  readonly stemGainsDb?: Partial<Record<StemName, number>>;
  /** A stereo bus added unchanged before ducking (e.g. the renderer's shared reverb return). */
  readonly effectsReturn?: readonly Float32Array[];
  /** Gain of `effectsReturn`, dB, default 0. */
  readonly effectsGainDb?: number;
  /** Dialogue to duck under; none means no ducking. */
  readonly speech?: readonly SpeechSegment[];
  readonly ducking?: DuckingOptions;
  /**
   * Integrated loudness the *unducked* sum is brought to, LUFS (the same gain then
   * applies to the ducked mix, so dialogue regions sit `depthDb` below); default −20.
   * null: no loudness normalisation (only the limiter).
   */
  readonly targetLufs?: number | null;
  /** True-peak ceiling, dBTP, default −1. */
  readonly maxTruePeakDb?: number;
  /** Limiter look-ahead (and attack) window, seconds, default 0.005. */
  readonly limiterLookahead?: number;
  /** Limiter release time constant, seconds, default 0.15. */
  readonly limiterRelease?: number;
  /** Bus compressor on the summed stems (before normalisation), default on; false: off. */
  readonly busCompression?: CompressorOptions | false;
  /** Extra cut of the music's 1–4 kHz band at full duck, dB (≤ 0), default −6; 0: no carve. */
  readonly speechCarveDb?: number;
}

export interface MixResult {
  /** The ducked, normalised, limited stereo mix. */
  readonly mix: Float32Array[];
  /** The same without ducking (same stem gains, normalisation gain, own limiter). */
  readonly unducked: Float32Array[];
  /** The ducking gain curve applied (linear, per sample). */
  readonly duckGain: Float32Array;
  /** Static normalisation gain applied, dB. */
  readonly normalisationGainDb: number;
  /** Deepest gain reduction of the limiter on the mix, dB (≤ 0). */
  readonly limiterMaxReductionDb: number;
  /** Loudness of `mix` after everything (measured when first read: do not modify `mix` before). */
  readonly loudness: LoudnessResult;
  /** The bus compressor's gain curve (linear, per sample; all ones when off). */
  readonly compressorGain: Float32Array;
  /** Gain at full duck (linear) and the band carve applied, for treating stems the same way. */
  readonly duckDepthGain: number;
  readonly speechCarveDb: number;
}

/**
 * Look-ahead true-peak limiter, in place on a stereo-linked signal. Returns the
 * deepest gain reduction in dB (≤ 0). Ceiling in dBTP.
 */
export function limitTruePeak(
  channels: readonly Float32Array[],
  sampleRate: number,
  ceilingDb = -1,
  lookahead = 0.005,
  release = 0.15,
): number {
  const n = channels[0]?.length ?? 0;
  if (n === 0) return 0;
  const ceiling = Math.pow(10, (ceilingDb - 0.05) / 20); // small margin for the gain's own modulation
  // Nothing to do when the true peak is already under the ceiling (the meter is far cheaper).
  let tp0 = ceiling;
  for (const ch of channels) tp0 = truePeakLinear(ch, tp0);
  if (tp0 <= ceiling) return 0;
  const peakEnv = linkedPeakEnvelope(channels, ceiling);
  const needed = new Float32Array(n);
  let anyOver = false;
  for (let i = 0; i < n; i++) {
    const p = peakEnv[i]!;
    needed[i] = p > ceiling ? ceiling / p : 1;
    if (p > ceiling) anyOver = true;
  }
  let maxReductionDb = 0;
  if (anyOver) {
    const w = Math.max(1, Math.round(lookahead * sampleRate));
    // m[i] = min(needed[i .. i+w−1]) (monotonic deque), then release (instant fall, slow rise).
    const m = slidingMinForward(needed, w);
    const rise = 1 - Math.exp(-1 / (release * sampleRate));
    let g = 1;
    for (let i = 0; i < n; i++) {
      g = Math.min(m[i]!, g + (1 - g) * rise);
      m[i] = g;
    }
    // Attack: moving average over the previous w samples; every sample of that window
    // has its look-ahead covering i, so the average ≤ needed[i].
    let acc = 0;
    const gain = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      acc += m[i]!;
      if (i >= w) acc -= m[i - w]!;
      const cnt = Math.min(i + 1, w);
      // Before w samples exist, pad the window with unity gain... which could exceed m; use the true min instead.
      gain[i] = i + 1 >= w ? acc / w : Math.min(acc / cnt, m[i]!);
    }
    for (const ch of channels) for (let i = 0; i < n; i++) ch[i] *= gain[i]!;
    for (let i = 0; i < n; i++) maxReductionDb = Math.min(maxReductionDb, 20 * Math.log10(gain[i]!));
  }
  // Final guarantee: trim whatever residue remains.
  let tp = 0;
  for (const ch of channels) tp = truePeakLinear(ch, tp);
  const hard = Math.pow(10, ceilingDb / 20);
  if (tp > hard) {
    const trim = (hard / tp) * 0.9999;
    applyGain(channels, trim);
    maxReductionDb += 20 * Math.log10(trim);
  }
  return maxReductionDb;
}

/** m[i] = min(x[i .. i+w−1]) in O(n) with a monotonic deque. */
function slidingMinForward(x: Float32Array, w: number): Float32Array {
  const n = x.length;
  const out = new Float32Array(n);
  const dq = new Int32Array(n);
  let head = 0,
    tail = 0;
  // Walk backwards: window [i, i+w−1].
  for (let i = n - 1; i >= 0; i--) {
    while (tail > head && x[dq[tail - 1]!]! >= x[i]!) tail--;
    dq[tail++] = i;
    while (dq[head]! > i + w - 1) head++;
    out[i] = x[dq[head]!]!;
  }
  return out;
}

/**
 * Per-sample peak envelope of the 4× oversampled signal, max over channels, dilated
 * by ±1 sample (the interpolated points lie between i and i+1). Exact above `floor`.
 */
function linkedPeakEnvelope(channels: readonly Float32Array[], floor: number): Float32Array {
  const n = channels[0]!.length;
  const env = new Float32Array(n);
  for (const ch of channels) {
    const e = oversampledPeakEnvelope(ch, floor);
    for (let i = 0; i < n; i++) if (e[i]! > env[i]!) env[i] = e[i]!;
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Math.max(env[i]!, i > 0 ? env[i - 1]! : 0, i + 1 < n ? env[i + 1]! : 0);
  }
  return out;
}

/** Sums stems (each stereo, equal lengths) with per-stem gains (dB) and an optional bus. */
function sumStems(
  stems: ReadonlyMap<StemName, readonly Float32Array[]>,
  gainsDb: Partial<Record<StemName, number>>,
  bus: readonly Float32Array[] | undefined,
  busGainDb: number,
): Float32Array[] {
  const first = stems.values().next().value as readonly Float32Array[] | undefined;
  const n = first?.[0]?.length ?? bus?.[0]?.length ?? 0;
  const out = [new Float32Array(n), new Float32Array(n)];
  const add = (pair: readonly Float32Array[], g: number): void => {
    for (let c = 0; c < 2; c++) {
      const src = pair[Math.min(c, pair.length - 1)]!;
      if (src.length !== n) throw new Error('mixStems: stems differ in length');
      const dst = out[c]!;
      for (let i = 0; i < n; i++) dst[i] += g * src[i]!;
    }
  };
  for (const [name, pair] of stems) {
    add(pair, Math.pow(10, (gainsDb[name] ?? DEFAULT_STEM_GAINS_DB[name] ?? 0) / 20));
  }
  if (bus && bus.length > 0) add(bus, Math.pow(10, busGainDb / 20));
  return out;
}

/**
 * Mixes stems into a stereo mix with ducking, loudness normalisation and a true-peak
 * limiter, returning everything measured on the way. Stems: stereo (or mono, used
 * for both sides) Float32 pairs, nominal [-1, 1], all the same length.
 */
export function mixStemsDetailed(
  stems: ReadonlyMap<StemName, readonly Float32Array[]>,
  opts: MixOptions = {},
): MixResult {
  const sr = opts.sampleRate ?? SAMPLE_RATE;
  const ceiling = opts.maxTruePeakDb ?? -1;
  const unducked = sumStems(stems, opts.stemGainsDb ?? {}, opts.effectsReturn, opts.effectsGainDb ?? 0);
  const n = unducked[0]!.length;
  const duckGain =
    opts.speech && opts.speech.length > 0
      ? duckingGainCurve(opts.speech, n, sr, opts.ducking)
      : new Float32Array(n).fill(1);
  const compressorGain = opts.busCompression === false ? new Float32Array(n).fill(1) : compressBus(unducked, sr, opts.busCompression ?? {}).gain;
  let normalisationGainDb = 0;
  const target = opts.targetLufs === undefined ? -20 : opts.targetLufs;
  if (target !== null) {
    const integrated = integratedLoudness(unducked, sr);
    if (Number.isFinite(integrated)) {
      normalisationGainDb = target - integrated;
      applyGain(unducked, Math.pow(10, normalisationGainDb / 20));
    }
  }
  const mix = unducked.map((ch) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = ch[i]! * duckGain[i]!;
    return out;
  });
  const duckDepthGain = Math.pow(10, (opts.ducking?.depthDb ?? DEFAULT_DUCKING.depthDb) / 20);
  const speechCarveDb = opts.speechCarveDb ?? -6;
  if (opts.speech && opts.speech.length > 0) carveSpeechBand(mix, duckGain, duckDepthGain, sr, speechCarveDb);
  const lookahead = opts.limiterLookahead ?? 0.005;
  const release = opts.limiterRelease ?? 0.15;
  const limiterMaxReductionDb = limitTruePeak(mix, sr, ceiling, lookahead, release);
  if (opts.speech && opts.speech.length > 0) limitTruePeak(unducked, sr, ceiling, lookahead, release);
  else for (let c = 0; c < unducked.length; c++) unducked[c]!.set(mix[c]!); // nothing ducked: the same signal
  let loudness: LoudnessResult | null = null;
  return {
    mix,
    unducked,
    duckGain,
    normalisationGainDb,
    limiterMaxReductionDb,
    // Measured on first read (the delivery mix never reads it, and the full meter is not cheap).
    get loudness(): LoudnessResult {
      return (loudness ??= measureLoudness(mix, sr));
    },
    compressorGain,
    duckDepthGain,
    speechCarveDb,
  };
}

/**
 * Mixes stems to a stereo Float32 pair: per-stem gains, ducking under `opts.speech`,
 * loudness normalisation and a −1 dBTP limiter (see `mixStemsDetailed`).
 */
export function mixStems(stems: ReadonlyMap<StemName, readonly Float32Array[]>, opts: MixOptions = {}): Float32Array[] {
  return mixStemsDetailed(stems, opts).mix;
}
