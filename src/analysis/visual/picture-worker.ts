/**
 * The picture analysis (frame reader + every classical detector, `analyzeFrames`) in a worker
 * thread of its own, so its memory stays flat in clip length.
 *
 * Why a worker: the analysis allocates short-lived objects for every frame (stdout chunks, frame
 * features, promises of the async frame stream). V8 grows an isolate's young generation each time
 * the bytes that survived its scavenges add up to its size, so over a long clip it climbs to its
 * maximum (tens of MiB) even though almost nothing is kept: a 20-min clip peaked ~60 MiB above a
 * 2-min one. A worker's young generation can be capped (`resourceLimits`), which the main
 * isolate's cannot after start-up. The per-frame results travel back once, by structured clone.
 *
 * Errors keep their kind across the thread boundary: a UserInputError stays one (exit 2 with its
 * one-line message), a MediaToolError stays one, anything else becomes an Error with the worker's
 * stack in its message when FILMSCORE_DEBUG is set.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Probe, VisualSample } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import { UserInputError, type Place } from '../../model/errors.js';
import { MediaToolError, type MediaTool } from '../../ingest/ffmpeg.js';
import { readFrames, type ReadFramesOptions } from '../../ingest/frames.js';
import { analyzeFrames, type VisualAnalysisDetail, type VisualMetrics, type VisualOptionsInput } from './detector.js';

/** Young-generation cap of the analysis worker, MiB (V8's default grows to 16–32 MiB per semi-space). */
export const PICTURE_WORKER_YOUNG_MB = 2;

interface Job {
  readonly file: string;
  readonly probe: Probe;
  readonly duration: Seconds;
  readonly read: ReadFramesOptions;
  readonly visual: VisualOptionsInput;
}

type SerialError =
  | { readonly kind: 'user'; readonly problem: string; readonly place: Place }
  | { readonly kind: 'media'; readonly tool: MediaTool; readonly args: readonly string[]; readonly exitCode: number | null; readonly stderr: string }
  | { readonly kind: 'other'; readonly message: string; readonly stack?: string };

/**
 * The per-frame parts of a result as columns of Float64Array (exact values), moved across the
 * thread boundary without copying; the small parts (shots, events, scenes…) are cloned.
 */
interface PackedResult {
  readonly rest: Omit<VisualAnalysisDetail, 'samples' | 'vad' | 'metrics'>;
  readonly cols: Record<string, Float64Array>;
}

const SAMPLE_KEYS = ['t', 'diff', 'motion', 'luma', 'saturation', 'warmth'] as const;
const VAD_KEYS = ['t', 'v', 'a', 'd'] as const;
const METRIC_KEYS = ['t', 'content', 'contrast', 'panX', 'panY', 'zoom', 'objectMotion', 'shake'] as const;

function pack(r: VisualAnalysisDetail): PackedResult {
  const { samples, vad, metrics, ...rest } = r;
  const cols: Record<string, Float64Array> = {};
  for (const k of SAMPLE_KEYS) cols[`s.${k}`] = Float64Array.from(samples, (x) => x[k]);
  for (const k of VAD_KEYS) cols[`v.${k}`] = Float64Array.from(vad, (x) => x[k]);
  for (const k of METRIC_KEYS) cols[`m.${k}`] = Float64Array.from(metrics[k]);
  return { rest, cols };
}

function unpack(p: PackedResult): VisualAnalysisDetail {
  const c = p.cols;
  const col = (k: string): Float64Array => c[k]!;
  const n = col('s.t').length, nv = col('v.t').length;
  const samples: VisualSample[] = new Array(n);
  for (let i = 0; i < n; i++) {
    samples[i] = {
      t: seconds(col('s.t')[i]), diff: col('s.diff')[i], motion: col('s.motion')[i],
      luma: col('s.luma')[i], saturation: col('s.saturation')[i], warmth: col('s.warmth')[i],
    };
  }
  const vad: VisualAnalysisDetail['vad'][number][] = new Array(nv);
  for (let i = 0; i < nv; i++) vad[i] = { t: seconds(col('v.t')[i]), v: col('v.v')[i], a: col('v.a')[i], d: col('v.d')[i] };
  const m = (k: (typeof METRIC_KEYS)[number]): number[] => Array.from(col(`m.${k}`));
  const metrics: VisualMetrics = {
    t: m('t'), content: m('content'), contrast: m('contrast'), panX: m('panX'), panY: m('panY'),
    zoom: m('zoom'), objectMotion: m('objectMotion'), shake: m('shake'),
  };
  return { ...p.rest, samples, vad, metrics };
}

type Message =
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly result: PackedResult }
  | { readonly type: 'error'; readonly error: SerialError };

function serialise(e: unknown): SerialError {
  if (e instanceof UserInputError) return { kind: 'user', problem: e.problem, place: e.place };
  if (e instanceof MediaToolError) return { kind: 'media', tool: e.tool, args: e.args, exitCode: e.exitCode, stderr: e.stderr };
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'other', message: err.message, stack: err.stack };
}

function revive(e: SerialError): Error {
  switch (e.kind) {
    case 'user':
      return new UserInputError(e.problem, e.place);
    case 'media':
      return new MediaToolError(e.tool, e.args, e.exitCode, e.stderr);
    default: {
      const err = new Error(e.message);
      if (e.stack) err.stack = `${e.stack}\n    (in the picture-analysis worker)`;
      return err;
    }
  }
}

/**
 * Decode `file` at analysis resolution and run the whole visual analysis, in a worker thread.
 * `onProgress` gets the fraction 0..1 of `duration` analysed.
 */
export function analyzePictureFile(
  file: string,
  probe: Probe,
  duration: Seconds,
  read: ReadFramesOptions,
  visual: VisualOptionsInput = {},
  onProgress?: (fraction: number) => void,
): Promise<VisualAnalysisDetail> {
  const job: Job = { file, probe, duration, read, visual };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: PICTURE_WORKER_YOUNG_MB },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (m: Message) => {
      if (m.type === 'progress') onProgress?.(m.fraction);
      else if (m.type === 'done') {
        // Let the worker's heap go before the results become objects here, so the two never
        // coexist at the peak.
        settled = true;
        void worker.terminate().then(() => resolve(unpack(m.result)), reject);
      }
      else settle(() => reject(revive(m.error)));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`picture-analysis worker stopped (exit ${code}) before it finished`))));
  });
}

async function runJob(job: Job): Promise<void> {
  const port = parentPort!;
  try {
    const result = await analyzeFrames(readFrames(job.file, job.probe, job.read), job.duration, job.visual, (fraction) =>
      port.postMessage({ type: 'progress', fraction } satisfies Message),
    );
    const packed = pack(result);
    port.postMessage({ type: 'done', result: packed } satisfies Message, Object.values(packed.cols).map((a) => a.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ type: 'error', error: serialise(e) } satisfies Message);
  }
}

if (!isMainThread && parentPort && (workerData as Job | undefined)?.file !== undefined) void runJob(workerData as Job);
