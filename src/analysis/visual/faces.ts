/**
 * Faces and close-ups (learned, optional): @vladmandic/face-api's Tiny Face Detector (a small
 * CNN after YOLO v2) and its face-expression CNN, on TensorFlow.js with the WebAssembly backend,
 * weights shipped inside the package. Everything is loaded lazily on the first call, so the rest
 * of filmscore never pays for it; the CLI runs it only with `--faces`.
 *
 * Frames are sampled at a few per second (the reader's `fps` option) at a detector-friendly
 * width. Per sample: the number of faces, the largest face's box height as a fraction of the
 * frame height (the cinematographer's measure of shot size: a close-up shows a face about a
 * third of the frame high or more) and that face's expression probabilities.
 *
 * Close-up events: runs of samples whose largest face height ≥ `closeUpHeight`; the event is at
 * the run's first sample, strength = max height / `fullStrengthHeight` (capped at 1).
 *
 * Expression → VAD: each of face-api's seven expression classes is placed in
 * valence/arousal/dominance space at approximate positions of the basic emotions in Russell's
 * circumplex (1980) and Mehrabian's PAD tables (1996) — see EXPRESSION_VAD — and a face's VAD is
 * the probability-weighted mean. It is a cue, not a measurement of what the character feels:
 * analyzeFrames' picture VAD stays the main visual estimate and `blendFaceVad` mixes this in with
 * a small weight where faces are seen.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Frame, Vad } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';

export const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
export type Expression = (typeof EXPRESSIONS)[number];

/** Approximate VAD (−1..1) of each expression class (Russell 1980; Mehrabian 1996). */
export const EXPRESSION_VAD: Readonly<Record<Expression, Vad>> = {
  neutral: { v: 0, a: -0.1, d: 0 },
  happy: { v: 0.8, a: 0.5, d: 0.4 },
  sad: { v: -0.7, a: -0.4, d: -0.4 },
  angry: { v: -0.6, a: 0.8, d: 0.6 },
  fearful: { v: -0.7, a: 0.7, d: -0.6 },
  disgusted: { v: -0.6, a: 0.3, d: 0.2 },
  surprised: { v: 0.2, a: 0.8, d: 0 },
};

export interface FaceOptions {
  /** Samples per second of film. */
  readonly fps: number;
  /** Width of the frames given to the detector, px. */
  readonly width: number;
  /** Tiny Face Detector input size (multiple of 32; smaller is faster, misses small faces). */
  readonly inputSize: number;
  /** Detector score threshold 0..1. */
  readonly minScore: number;
  /** Largest-face height / frame height at which a sample is a close-up. */
  readonly closeUpHeight: number;
  /** Face height / frame height mapped to close-up strength 1. */
  readonly fullStrengthHeight: number;
}

export const DEFAULT_FACE_OPTIONS: FaceOptions = {
  fps: 2,
  width: 640,
  inputSize: 320,
  minScore: 0.4,
  closeUpHeight: 0.3,
  fullStrengthHeight: 0.6,
};

export interface FaceSample {
  readonly t: Seconds;
  readonly count: number;
  /** Largest face's box height / frame height, 0 when no face. */
  readonly height: number;
  /** Largest face's box area / frame area, 0 when no face. */
  readonly area: number;
  /** Expression probabilities of the largest face (absent when no face). */
  readonly expressions?: Readonly<Record<Expression, number>>;
  /** Probability-weighted VAD of the largest face's expressions (absent when no face). */
  readonly vad?: Vad;
}

export interface CloseUp {
  readonly t: Seconds;
  readonly duration: Seconds;
  readonly strength: number;
}

export interface FaceAnalysis {
  readonly method: string;
  readonly samples: readonly FaceSample[];
  readonly closeUps: readonly CloseUp[];
  /** Wall-clock seconds spent (model loading included), reported apart from the rest of the picture analysis. */
  readonly seconds: number;
}

/** The part of face-api's API used here (loaded lazily; typed loosely on purpose). */
interface FaceApiLike {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    getBackend(): string;
    tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
    engine(): { startScope(): void; endScope(): void };
  };
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> }; faceExpressionNet: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: unknown, opts: unknown): {
    withFaceExpressions(): Promise<{ detection: { box: { width: number; height: number } }; expressions: Record<string, number> }[]>;
  };
}

let loaded: Promise<FaceApiLike> | undefined;

/** Load face-api (WASM backend) and its two models once per process. */
export function loadFaceApi(): Promise<FaceApiLike> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js');
    const api = require(main) as FaceApiLike;
    await api.tf.setBackend('wasm');
    await api.tf.ready();
    const modelDir = path.join(path.dirname(main), '..', 'model');
    await api.nets.tinyFaceDetector.loadFromDisk(modelDir);
    await api.nets.faceExpressionNet.loadFromDisk(modelDir);
    return api;
  })();
  return loaded;
}

/** Probability-weighted VAD of expression probabilities. */
export function expressionVad(p: Readonly<Record<string, number>>): Vad {
  let v = 0, a = 0, d = 0, sum = 0;
  for (const e of EXPRESSIONS) {
    const w = p[e] ?? 0;
    v += w * EXPRESSION_VAD[e].v;
    a += w * EXPRESSION_VAD[e].a;
    d += w * EXPRESSION_VAD[e].d;
    sum += w;
  }
  return sum > 0 ? { v: v / sum, a: a / sum, d: d / sum } : { v: 0, a: 0, d: 0 };
}

/** Faces in one packed-RGB24 frame. */
export async function detectFaces(frame: Frame, opts: FaceOptions = DEFAULT_FACE_OPTIONS): Promise<FaceSample> {
  const api = await loadFaceApi();
  const input = api.tf.tensor3d(frame.data.subarray(0, frame.width * frame.height * 3), [frame.height, frame.width, 3], 'int32');
  try {
    const found = await api.detectAllFaces(input, new api.TinyFaceDetectorOptions({ inputSize: opts.inputSize, scoreThreshold: opts.minScore })).withFaceExpressions();
    if (found.length === 0) return { t: frame.t, count: 0, height: 0, area: 0 };
    let best = found[0];
    for (const f of found) if (f.detection.box.height * f.detection.box.width > best.detection.box.height * best.detection.box.width) best = f;
    const box = best.detection.box;
    const expressions = Object.fromEntries(EXPRESSIONS.map((e) => [e, best.expressions[e] ?? 0])) as Record<Expression, number>;
    return {
      t: frame.t,
      count: found.length,
      height: Math.min(1, box.height / frame.height),
      area: Math.min(1, (box.width * box.height) / (frame.width * frame.height)),
      expressions,
      vad: expressionVad(expressions),
    };
  } finally {
    input.dispose();
  }
}

/** Close-up runs from face samples (see the module comment). */
export function findCloseUps(samples: readonly FaceSample[], endT: number, opts: FaceOptions = DEFAULT_FACE_OPTIONS): CloseUp[] {
  const out: CloseUp[] = [];
  let i = 0;
  while (i < samples.length) {
    if (samples[i].height < opts.closeUpHeight) {
      i++;
      continue;
    }
    const start = i;
    let peak = 0;
    while (i < samples.length && samples[i].height >= opts.closeUpHeight) peak = Math.max(peak, samples[i++].height);
    const end = i < samples.length ? samples[i].t : Math.max(endT, samples[i - 1].t);
    out.push({ t: samples[start].t, duration: seconds(end - samples[start].t), strength: Math.min(1, peak / opts.fullStrengthHeight) });
  }
  return out;
}

/** Run face analysis over a (sampled) frame stream. */
export async function analyzeFaces(frames: AsyncIterable<Frame> | Iterable<Frame>, duration: number, opts: Partial<FaceOptions> = {}): Promise<FaceAnalysis> {
  const o = { ...DEFAULT_FACE_OPTIONS, ...opts };
  const start = process.hrtime.bigint();
  const samples: FaceSample[] = [];
  for await (const f of frames as AsyncIterable<Frame>) samples.push(await detectFaces(f, o));
  return {
    method: `face-api Tiny Face Detector (input ${o.inputSize}) + expression net, tfjs wasm, ${o.fps} frames/s`,
    samples,
    closeUps: findCloseUps(samples, duration, o),
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
  };
}

/**
 * Mix the face-expression VAD into the picture VAD: at each picture VAD point, the nearest face
 * sample within 1/fps seconds that has a face pulls the estimate towards its VAD by
 * `weight` × (largest-face height / closeUpHeight, capped at 1) — a close-up counts fully, a
 * small face in a wide shot hardly at all.
 */
export function blendFaceVad<T extends Vad & { t: number }>(vad: readonly T[], faces: FaceAnalysis, weight = 0.35, opts: FaceOptions = DEFAULT_FACE_OPTIONS): T[] {
  const s = faces.samples;
  if (s.length === 0) return [...vad];
  const reach = 1 / opts.fps;
  let j = 0;
  return vad.map((p) => {
    while (j + 1 < s.length && Math.abs(s[j + 1].t - p.t) <= Math.abs(s[j].t - p.t)) j++;
    const f = s[j];
    if (!f.vad || Math.abs(f.t - p.t) > reach) return p;
    const w = weight * Math.min(1, f.height / opts.closeUpHeight);
    return { ...p, v: (1 - w) * p.v + w * f.vad.v, a: (1 - w) * p.a + w * f.vad.a, d: (1 - w) * p.d + w * f.vad.d };
  });
}
