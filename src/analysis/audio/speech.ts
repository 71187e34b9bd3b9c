/**
 * A classical energy-based speech (voice-activity) detector for the production track.
 *
 * Frames of 20 ms (10 ms hop) are band-limited to the speech band (2nd-order high-pass at
 * 250 Hz and low-pass at 3.8 kHz), their energy taken in dB; the noise floor is the 10th
 * percentile; a frame is speech when it exceeds floor + `marginDb` (and `minDb` absolute),
 * with hysteresis, a hangover, a minimum segment length and short-gap merging.
 * It hears any sound in the speech band, so music reads as speech: it is the fallback
 * (`--vad classical`); the default is the learned Silero detector (silero-vad.ts).
 */
import type { SpeechSegment } from '../../model/artifacts.js';
import { seconds } from '../../model/units.js';
import { UserInputError } from '../../model/errors.js';
import { rbjHighPass, rbjLowPass, runBiquad } from '../../util/biquad.js';

export interface SpeechOptions {
  readonly frameSeconds: number;
  readonly hopSeconds: number;
  readonly marginDb: number;
  readonly minDb: number;
  readonly hysteresisDb: number;
  readonly hangover: number;
  readonly minSegment: number;
  readonly mergeGap: number;
}

export const DEFAULT_SPEECH_OPTIONS: SpeechOptions = {
  frameSeconds: 0.02,
  hopSeconds: 0.01,
  marginDb: 10,
  minDb: -50,
  hysteresisDb: 4,
  hangover: 0.2,
  minSegment: 0.15,
  mergeGap: 0.3,
};

/** Frame energies in dBFS of the speech band, one per hop. */
export function speechBandEnergyDb(mono: Float32Array, rate: number, o: SpeechOptions = DEFAULT_SPEECH_OPTIONS): Float64Array {
  const band = runBiquad(runBiquad(mono, rbjHighPass(250, rate)), rbjLowPass(Math.min(3800, rate * 0.45), rate));
  const frame = Math.round(o.frameSeconds * rate), hop = Math.round(o.hopSeconds * rate);
  const n = Math.max(0, Math.floor((band.length - frame) / hop) + 1);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * hop; j < i * hop + frame; j++) s += band[j]! * band[j]!;
    e[i] = 10 * Math.log10(s / frame + 1e-12);
  }
  return e;
}

/** Speech segments in seconds from a mono signal. */
export function detectSpeech(mono: Float32Array, rate: number, options: Partial<SpeechOptions> = {}): SpeechSegment[] {
  const o = { ...DEFAULT_SPEECH_OPTIONS, ...options };
  const e = speechBandEnergyDb(mono, rate, o);
  if (e.length === 0) return [];
  const sorted = Float64Array.from(e).sort();
  const floor = sorted[Math.floor(sorted.length * 0.1)]!;
  const on = Math.max(floor + o.marginDb, o.minDb);
  const off = on - o.hysteresisDb;
  const hangFrames = Math.round(o.hangover / o.hopSeconds);
  const raw: { s: number; e: number }[] = [];
  let active = false, start = 0, lastAbove = 0;
  for (let i = 0; i < e.length; i++) {
    if (!active && e[i]! >= on) { active = true; start = i; lastAbove = i; }
    else if (active) {
      if (e[i]! >= off) lastAbove = i;
      else if (i - lastAbove > hangFrames) { raw.push({ s: start, e: lastAbove + 1 }); active = false; }
    }
  }
  if (active) raw.push({ s: start, e: Math.min(e.length, lastAbove + 1) });
  const merged: { s: number; e: number }[] = [];
  for (const r of raw) {
    const prev = merged[merged.length - 1];
    if (prev && (r.s - prev.e) * o.hopSeconds < o.mergeGap) prev.e = r.e;
    else merged.push({ ...r });
  }
  const frameOffset = o.frameSeconds / 2;
  return merged
    .map((r) => ({ start: seconds(round3(Math.max(0, r.s * o.hopSeconds))), end: seconds(round3(r.e * o.hopSeconds + frameOffset)) }))
    .filter((r) => r.end - r.start >= o.minSegment);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Which speech detector runs: 'silero' (learned, the default) or 'classical' (band energy, above). */
export type SpeechDetector = 'silero' | 'classical';
export const DEFAULT_SPEECH_DETECTOR: SpeechDetector = 'silero';

/**
 * Speech segments in 16 kHz mono production audio by the chosen detector. Silero is the
 * default because the classical detector hears music in the speech band as dialogue; if
 * the Silero model cannot be loaded, the classical detector runs and `onFallback` is told why.
 */
export async function detectSpeechWith(
  detector: SpeechDetector,
  mono16k: Float32Array,
  onFallback: (reason: string) => void = () => undefined,
): Promise<SpeechSegment[]> {
  if (detector === 'classical') return detectSpeech(mono16k, 16000);
  try {
    const { detectSpeechSilero } = await import('./silero-vad.js');
    return await detectSpeechSilero(mono16k);
  } catch (e) {
    onFallback(`Silero VAD unavailable (${(e as Error).message}); used the classical band-energy detector`);
    return detectSpeech(mono16k, 16000);
  }
}

/** `--vad` value → detector (default Silero). */
export function parseVad(text: string | undefined): SpeechDetector {
  if (text === undefined) return DEFAULT_SPEECH_DETECTOR;
  if (text === 'silero' || text === 'classical') return text;
  throw new UserInputError(`unknown speech detector "${text}" (use silero or classical)`, { field: '--vad' });
}
