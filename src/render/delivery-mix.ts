/**
 * Delivery mix: the score balanced against the production audio and brought to the
 * delivery loudness.
 *
 * 0. Each stem gets its EQ (high-pass under the family's range, a shelf where useful).
 * 1. The stems are summed, bus-compressed, ducked under speech (with the 1–4 kHz carve) and
 *    limited by `mixStemsDetailed`, with the
 *    unducked score set `musicUnderDialogueLu` below the production track's integrated
 *    loudness (or straight to the target when there is no production audio).
 * 2. Program = production + ducked score, normalised to the target; a look-ahead true-peak
 *    limiter keeps it under the ceiling (two passes, and more while the limiter's loss leaves
 *    it over 0.05 LU from the target, up to eight).
 * 3. Stems (dry, with the shared reverb return beside them) and the score mix are delivered at the level they have inside the program
 *    (drop them on a timeline under the production track at 0 dB and you hear the program),
 *    each true-peak limited to the ceiling.
 */
import type { SpeechSegment, StemName } from '../model/artifacts.js';
import { DEFAULT_STEM_GAINS_DB, limitTruePeak, mixStemsDetailed } from './mix.js';
import { carveSpeechBand, DEFAULT_STEM_EQ, equaliseStem, type StemEq } from './bus-dynamics.js';
import { applyGain, integratedLoudness, measureLoudness, truePeakLinear, truePeakUpperBound, type LoudnessResult } from './loudness.js';

/**
 * True-peak limit only when the true peak is over the ceiling (the meter is cheaper than the
 * limiter). `samplePeak`, when known: the channels' sample peak, so that a signal whose
 * true peak provably stays under the ceiling (sample peak × the interpolator's L1 gain)
 * is not even metered.
 */
function limitIfOver(channels: Float32Array[], sampleRate: number, ceilingDb: number, samplePeak = Infinity): void {
  const ceiling = Math.pow(10, ceilingDb / 20);
  if (truePeakUpperBound(samplePeak) <= ceiling) return;
  // Starting the meter at the ceiling lets it skip every block that cannot reach it.
  let peak = ceiling;
  for (const ch of channels) peak = truePeakLinear(ch, peak);
  if (peak > ceiling) limitTruePeak(channels, sampleRate, ceilingDb);
}

/**
 * o[i] = x[i] · g · duck[i] · comp[i] (a missing curve counts as 1; the same products in the
 * same order as one general loop, so the same float32 results), one plain loop per case.
 * Returns the sample peak of what was written.
 */
function scaleInto(o: Float32Array, x: Float32Array, g: number, duck: Float32Array | null, comp: Float32Array | null): number {
  const n = o.length;
  let peak = 0;
  if (duck && comp) {
    for (let i = 0; i < n; i++) {
      const v = Math.fround(x[i]! * g * duck[i]! * comp[i]!);
      o[i] = v;
      const a = Math.abs(v);
      if (a > peak) peak = a;
    }
  } else if (comp) {
    for (let i = 0; i < n; i++) {
      const v = Math.fround(x[i]! * g * comp[i]!);
      o[i] = v;
      const a = Math.abs(v);
      if (a > peak) peak = a;
    }
  } else if (duck) {
    for (let i = 0; i < n; i++) {
      const v = Math.fround(x[i]! * g * duck[i]!);
      o[i] = v;
      const a = Math.abs(v);
      if (a > peak) peak = a;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = Math.fround(x[i]! * g);
      o[i] = v;
      const a = Math.abs(v);
      if (a > peak) peak = a;
    }
  }
  return peak;
}

/** True when every value of the curve is exactly 1 (no ducking anywhere). */
function isUnity(curve: Float32Array): boolean {
  for (let i = 0; i < curve.length; i++) if (curve[i] !== 1) return false;
  return true;
}

/** Passes of gain + true-peak limiter on the program at most (see buildDeliveryMix). */
const MAX_PROGRAM_PASSES = 8;
/** After the first two passes, stop once the program is this close to the target (LU). */
const PROGRAM_TOLERANCE_LU = 0.05;

export interface DeliveryMixInput {
  readonly stems: ReadonlyMap<StemName, readonly Float32Array[]>;
  /** The renderer's shared reverb/chorus return (stems are dry); null for none. */
  readonly effectsReturn: readonly Float32Array[] | null;
  /** Production audio, stereo at `sampleRate`, same length; null when the video has none. */
  readonly production: readonly Float32Array[] | null;
  readonly speech: readonly SpeechSegment[];
  readonly sampleRate: number;
  readonly target: number;
  readonly truePeakCeiling: number;
  /**
   * Ceiling for the program only, dBTP, default `truePeakCeiling`: lower it when the program is
   * going into a lossy codec (AAC, Vorbis), whose decoded peaks overshoot the PCM's.
   */
  readonly programTruePeakCeiling?: number;
  /** Per-stem EQ; missing stems use `DEFAULT_STEM_EQ`. */
  readonly stemEq?: Partial<Record<StemName, StemEq>>;
  /** Unducked score level relative to the production's integrated loudness, LU. */
  readonly musicUnderDialogueLu?: number;
}

/**
 * What the delivery mix gives. Read-only to its users: with no ducking anywhere, each ducked
 * signal and its unducked twin are the same arrays.
 */
export interface DeliveryMix {
  readonly stems: Map<StemName, Float32Array[]>;
  readonly unduckedStems: Map<StemName, Float32Array[]>;
  /** The shared reverb return at its level in the program (ducked / not), or null. */
  readonly reverb: Float32Array[] | null;
  readonly unduckedReverb: Float32Array[] | null;
  readonly mix: Float32Array[];
  readonly unduckedMix: Float32Array[];
  readonly program: Float32Array[];
  readonly mixLoudness: LoudnessResult;
  readonly programLoudness: LoudnessResult;
  readonly duckGain: Float32Array;
}

export function buildDeliveryMix(input: DeliveryMixInput): DeliveryMix {
  const sr = input.sampleRate;
  // Per-stem EQ first: every delivered stem (ducked or not) and the mix carry it.
  const eqd = new Map<StemName, Float32Array[]>();
  for (const [name, pair] of input.stems) eqd.set(name, equaliseStem(pair, input.stemEq?.[name] ?? DEFAULT_STEM_EQ[name] ?? { highPassHz: 20 }, sr));
  const inp: DeliveryMixInput = { ...input, stems: eqd };
  const ceiling = inp.truePeakCeiling;
  const prodLoud = inp.production ? integratedLoudness(inp.production, sr) : -Infinity;
  const hasProduction = inp.production !== null && Number.isFinite(prodLoud) && prodLoud > -60;
  const scoreLevel = hasProduction ? prodLoud + (inp.musicUnderDialogueLu ?? -2) : inp.target;
  const mixed = mixStemsDetailed(inp.stems, {
    sampleRate: sr,
    speech: inp.speech,
    targetLufs: scoreLevel,
    maxTruePeakDb: ceiling,
    ...(inp.effectsReturn ? { effectsReturn: inp.effectsReturn } : {}),
  });
  const n = mixed.mix[0]!.length;

  // Program = production + ducked score, to the target, true-peak limited (two passes).
  const program = [0, 1].map((c) => {
    const out = new Float32Array(n);
    const m = mixed.mix[c] ?? mixed.mix[0]!;
    const p = hasProduction ? inp.production![c] ?? inp.production![0]! : null;
    for (let i = 0; i < n; i++) out[i] = m[i]! + (p ? p[i]! : 0);
    return out;
  });
  // Two passes make up the limiter's loss when it only touches a few peaks. A program that the
  // limiter holds down harder (a loud hit at −14 LUFS under a −1.5 dBTP ceiling lost 0.5 LU in
  // two passes) gets more, until it is within PROGRAM_TOLERANCE_LU of the target: a limiter's
  // output loudness rises with its input gain, so the passes converge.
  let programGain = 1;
  for (let pass = 0; pass < MAX_PROGRAM_PASSES; pass++) {
    const l = integratedLoudness(program, sr);
    if (!Number.isFinite(l)) break;
    if (pass >= 2 && Math.abs(l - inp.target) <= PROGRAM_TOLERANCE_LU) break;
    const g = Math.pow(10, (inp.target - l) / 20);
    applyGain(program, g);
    programGain *= g;
    limitIfOver(program, sr, inp.programTruePeakCeiling ?? ceiling);
  }

  // Score mix and stems at their level inside the program.
  // Stems get the bus compressor's gain curve too (and, ducked, the duck and the speech-band
  // carve), so the delivered stems sum to the delivered mix.
  const comp = mixed.compressorGain;
  const carving = inp.speech.length > 0;
  // With no ducking anywhere (no dialogue), the ducked and unducked versions of every signal
  // are the same numbers (×1, a carve at depth 0, the same limiter): compute them once.
  const duckUnity = isUnity(mixed.duckGain);
  // Fresh memory costs more than the arithmetic here (a 2-min stereo signal is 46 MB): the last
  // version made of a signal this function owns is written over it, and with no ducking the
  // ducked and unducked versions are the same arrays (the result is read-only to its users).
  /** Scaled copies of `chs` (written into `into` when given: it may be `chs` itself), true-peak limited to the ceiling. */
  const scaledLimited = (chs: readonly Float32Array[], g: number, duck: Float32Array | null, withComp: boolean, into?: readonly Float32Array[]): Float32Array[] => {
    let peak = 0;
    const out = chs.map((ch, c) => {
      const o = into?.[c] ?? new Float32Array(n);
      peak = Math.max(peak, scaleInto(o, ch, g, duck, withComp ? comp : null));
      return o;
    });
    if (duck && carving) {
      carveSpeechBand(out, duck, mixed.duckDepthGain, sr, mixed.speechCarveDb);
      peak = Infinity; // the carve changes the samples: meter them
    }
    limitIfOver(out, sr, ceiling, peak);
    return out;
  };
  // mixed.mix and mixed.unducked are the mixer's own and no longer needed after this.
  const mix = scaledLimited(mixed.mix, programGain, null, false, mixed.mix);
  const unduckedMix = duckUnity ? mix : scaledLimited(mixed.unducked, programGain, null, false, mixed.unducked);
  const stems = new Map<StemName, Float32Array[]>();
  const unduckedStems = new Map<StemName, Float32Array[]>();
  for (const [name, pair] of inp.stems) {
    // `pair` is this function's EQ'd copy: its ducked version is written over it.
    const g = Math.pow(10, (DEFAULT_STEM_GAINS_DB[name] + mixed.normalisationGainDb) / 20) * programGain;
    const plain = scaledLimited(pair, g, null, true, duckUnity ? pair : undefined);
    const ducked = duckUnity ? plain : scaledLimited(pair, g, mixed.duckGain, true, pair);
    stems.set(name, ducked);
    unduckedStems.set(name, plain);
  }
  let reverb: Float32Array[] | null = null, unduckedReverb: Float32Array[] | null = null;
  if (inp.effectsReturn) {
    // The effects return is the caller's: copies.
    const g = Math.pow(10, mixed.normalisationGainDb / 20) * programGain;
    unduckedReverb = scaledLimited(inp.effectsReturn, g, null, true);
    reverb = duckUnity ? unduckedReverb : scaledLimited(inp.effectsReturn, g, mixed.duckGain, true);
  }
  return {
    stems,
    unduckedStems,
    reverb,
    unduckedReverb,
    mix,
    unduckedMix,
    program,
    mixLoudness: measureLoudness(mix, sr),
    programLoudness: measureLoudness(program, sr),
    duckGain: mixed.duckGain,
  };
}
