/**
 * The picture analysis (frame reader + every classical detector, `analyzeFrames`) in a worker
 * thread of its own, so its memory stays flat in clip length.
 *
 * Why a worker: the analysis allocates short-lived objects for every frame (stdout chunks, frame
 * features, promises of the async frame stream). V8 grows an isolate's young generation each time
 * the bytes that survived its scavenges add up to its size, so over a long clip it climbs to its
 * maximum (tens of MiB) even though almost nothing is kept: a 20-min clip peaked ~60 MiB above a
 * 2-min one. A worker's young generation can be capped (`resourceLimits`), which the main
 * isolate's cannot after start-up. The per-frame results travel back once, as Float64Array
 * columns moved (not copied) across the boundary; the small parts are cloned.
 *
 * Errors keep their kind across the thread boundary: a UserInputError stays one (exit 2 with its
 * one-line message), a MediaToolError stays one, anything else becomes an Error carrying the
 * worker's stack.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Frame, Probe } from '../../model/artifacts.js';
import type { Seconds } from '../../model/units.js';
import { UserInputError, type Place } from '../../model/errors.js';
import { MediaToolError, passthroughSyncArgs, type MediaTool } from '../../ingest/ffmpeg.js';
import { readFrames, type ReadFramesOptions } from '../../ingest/frames.js';
import { analyzeFrameColumns, fromColumns, type VisualAnalysisDetail, type VisualColumnsResult, type VisualOptionsInput } from './detector.js';

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
  readonly rest: Omit<VisualColumnsResult, 'sampleColumns' | 'vadColumns' | 'metrics'>;
  readonly cols: Record<string, Float64Array>;
}

const SAMPLE_KEYS = ['diff', 'motion', 'luma', 'saturation', 'warmth'] as const;
const VAD_KEYS = ['v', 'a', 'd'] as const;
const METRIC_KEYS = ['content', 'contrast', 'panX', 'panY', 'zoom', 'objectMotion', 'shake'] as const;

/** Every per-frame series shares the frames' times (`t`), sent once. */
function pack(r: VisualColumnsResult): PackedResult {
  const { sampleColumns, vadColumns, metrics, ...rest } = r;
  const cols: Record<string, Float64Array> = { t: Float64Array.from(metrics.t) };
  for (const k of SAMPLE_KEYS) cols[`s.${k}`] = Float64Array.from(sampleColumns[k]);
  for (const k of VAD_KEYS) cols[`v.${k}`] = Float64Array.from(vadColumns[k]);
  for (const k of METRIC_KEYS) cols[`m.${k}`] = Float64Array.from(metrics[k]);
  return { rest, cols };
}

/** Samples and VAD become objects straight from the columns; the metrics stay plain number arrays. */
function unpack(p: PackedResult): VisualAnalysisDetail {
  const c = p.cols;
  const t = c.t!;
  const pick = <K extends string, T>(prefix: string, keys: readonly K[], f: (a: Float64Array) => T): Record<K, T> =>
    Object.fromEntries(keys.map((k) => [k, f(c[`${prefix}.${k}`]!)])) as Record<K, T>;
  const same = (a: Float64Array): Float64Array => a;
  return fromColumns({
    ...p.rest,
    sampleColumns: { t, ...pick('s', SAMPLE_KEYS, same) },
    vadColumns: { t, ...pick('v', VAD_KEYS, same) },
    metrics: { t: Array.from(t), ...pick('m', METRIC_KEYS, (a) => Array.from(a)) },
  });
}

/**
 * A full garbage collection on demand, where V8 lets this isolate have one (`gc` exposed to a
 * fresh context; see `collectGarbageWhenGrown`); undefined otherwise.
 */
function fullGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    v8.setFlagsFromString('--no-expose-gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Heap growth (used heap + external memory, MiB) since the last collection that triggers the next one. */
export const PICTURE_WORKER_GC_GROWTH_MB = 4;

/**
 * Pass frames through, collecting garbage whenever the heap has grown by
 * PICTURE_WORKER_GC_GROWTH_MB since the last collection (checked every 64 frames).
 *
 * Why: with the young generation capped, the per-frame garbage that outlives two scavenges
 * (stdout chunk wrappers with their 64 KiB backing stores, log lines, promises) is promoted, and
 * V8 lets old space and external memory grow by tens of MiB before it marks — in proportion to
 * how long the clip runs. A collection of this heap (a few MiB live) takes a few ms; it runs a few
 * times a second at most. Measured on a 20-min 320×180 clip: it fired 5 times, and thresholds of
 * 2, 4 and 8 MiB gave the same peak (~90 MiB); the larger part of the flattening came from the
 * column results and the main thread's collections.
 */
async function* collectGarbageWhenGrown(frames: AsyncIterable<Frame>): AsyncGenerator<Frame> {
  const gc = fullGc();
  if (!gc) {
    yield* frames;
    return;
  }
  const used = (): number => {
    const m = process.memoryUsage();
    return (m.heapUsed + m.external) / 2 ** 20;
  };
  let base = used(), k = 0;
  for await (const f of frames) {
    yield f;
    if (++k % 64 === 0 && used() - base > PICTURE_WORKER_GC_GROWTH_MB) {
      gc();
      base = used();
    }
  }
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
  return passthroughSyncArgs().then((syncArgs) => runWorker({ file, probe, duration, read: { ...read, syncArgs }, visual }, onProgress));
}

/** What the picture workers are started with, to know themselves by. */
const WORKER_MARK = 'filmscore-picture-worker';

/** A worker started ahead of its job (see {@link preloadPictureWorker}). */
let preloaded: Worker | undefined;

function newWorker(): Worker {
  return new Worker(new URL(import.meta.url), {
    workerData: WORKER_MARK,
    resourceLimits: { maxYoungGenerationSizeMb: PICTURE_WORKER_YOUNG_MB },
    stdout: false,
    stderr: false,
  });
}

/**
 * Start the picture-analysis worker now, so that its thread and modules (~0.1 s) load while the
 * caller does other work (the probe); the next {@link analyzePictureFile} hands it its job. It
 * waits unreferenced: a run that never analyses a picture still exits as soon as it is done.
 */
export function preloadPictureWorker(): void {
  if (preloaded) return;
  const w = newWorker();
  w.unref();
  // A preloaded worker that dies before it gets its job is simply not used.
  const drop = (): void => {
    if (preloaded === w) preloaded = undefined;
  };
  w.once('error', drop);
  w.once('exit', drop);
  preloaded = w;
}

function runWorker(job: Job, onProgress?: (fraction: number) => void): Promise<VisualAnalysisDetail> {
  return new Promise((resolve, reject) => {
    const worker = preloaded ?? newWorker();
    preloaded = undefined;
    worker.ref();
    worker.postMessage(job);
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      f();
    };
    // This thread idles while the worker runs, so V8 seldom collects it; meanwhile freed pages
    // and buffers of the worker's churn pile up in the process (measured: ~15 MiB over a 20-min
    // clip). One full collection here a second (a few ms: this heap is small) keeps them down.
    const gc = fullGc();
    let lastGc = performance.now();
    worker.on('message', (m: Message) => {
      if (gc && performance.now() - lastGc > 1000) {
        gc();
        lastGc = performance.now();
      }
      if (m.type === 'progress') onProgress?.(m.fraction);
      else if (m.type === 'done') {
        // Let the worker's heap go before the results become objects here, so the two never
        // coexist at the peak.
        settled = true;
        void worker.terminate().then(() => {
          gc?.();
          resolve(unpack(m.result));
        }, reject);
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
    const result = await analyzeFrameColumns(collectGarbageWhenGrown(readFrames(job.file, job.probe, job.read)), job.duration, job.visual, (fraction) =>
      port.postMessage({ type: 'progress', fraction } satisfies Message),
    );
    // The analysis's garbage goes before the packed copies are made, so they reuse its pages.
    fullGc()?.();
    const packed = pack(result);
    port.postMessage({ type: 'done', result: packed } satisfies Message, Object.values(packed.cols).map((a) => a.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ type: 'error', error: serialise(e) } satisfies Message);
  }
}

// In the worker: one job, posted by the parent thread when it has one.
if (!isMainThread && parentPort && workerData === WORKER_MARK) parentPort.once('message', (job: Job) => void runJob(job));
