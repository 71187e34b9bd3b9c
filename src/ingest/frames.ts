/**
 * Streamed frame reader at analysis resolution.
 *
 * ffmpeg decodes the first video stream, applies its display rotation (autorotate, on by
 * default in the 2018 fallback build and in Debian's 5.1 alike), scales to the display
 * aspect (sample aspect ratio and rotation included) and writes packed rgb24 to stdout.
 * A `showinfo` filter at the end of the chain logs every output frame's real presentation
 * timestamp on stderr; the k-th log line belongs to the k-th frame on stdout. `-copyts` keeps
 * container timestamps, `passthrough` sync neither duplicates nor drops frames, and the
 * reader subtracts the probe's startTime, so t = 0 at the first displayed frame.
 */
import { spawn } from 'node:child_process';
import type { Frame, Probe } from '../model/artifacts.js';
import { seconds } from '../model/units.js';
import { ffmpegPath, MediaToolError, passthroughSyncArgs, runFfmpeg } from './ffmpeg.js';

/** One `showinfo` log line: output frame number, pts in the filter time base, pts in seconds. */
export interface ShowinfoFrame {
  readonly n: number;
  readonly pts: number | undefined;
  readonly ptsTime: number;
}

/** Parse a `[Parsed_showinfo_N @ …] n: … pts: … pts_time: …` line (2018 and 5.x layouts); undefined otherwise. */
export function parseShowinfoLine(line: string): ShowinfoFrame | undefined {
  const m = /Parsed_showinfo_\d+.*?\bn:\s*(\d+)\s+pts:\s*(\S+)\s+pts_time:\s*(\S+)/.exec(line);
  if (!m) return undefined;
  const ptsTime = Number(m[3]);
  if (!Number.isFinite(ptsTime)) return undefined;
  const pts = Number(m[2]);
  return { n: Number(m[1]), pts: Number.isFinite(pts) ? pts : undefined, ptsTime };
}

/** Seconds per tick from showinfo's `config in time_base: 1/12800` line (both builds print it). */
export function parseShowinfoTimeBase(line: string): number | undefined {
  const m = /Parsed_showinfo_\d+.*config in time_base:\s*(\d+)\/(\d+)/.exec(line);
  return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : undefined;
}

/**
 * Seconds of a showinfo frame: pts × time base when that agrees with the printed pts_time
 * (which ffmpeg prints with only 6 significant digits), else pts_time.
 */
export function showinfoSeconds(info: ShowinfoFrame, timeBase: number): number {
  if (!timeBase || info.pts === undefined) return info.ptsTime;
  const exact = info.pts * timeBase;
  return Math.abs(exact - info.ptsTime) <= 1e-4 + 1e-5 * Math.abs(info.ptsTime) ? exact : info.ptsTime;
}

export interface ReadFramesOptions {
  /** Exact output width in px (rounded to even); height follows the display aspect. */
  readonly width?: number;
  /** Largest output width in px when `width` is not given; default 320. Never upscales. */
  readonly maxWidth?: number;
  /** Largest output height in px when `width` is not given (keeps portrait frames small); default none. */
  readonly maxHeight?: number;
  /**
   * Subsample to at most this many frames per second: the first frame in each 1/fps bucket
   * of film time is kept, with its real timestamp (no duplication, no synthetic times).
   */
  readonly fps?: number;
  /**
   * Exact decoding and scaling (default false). By default, when the analysis size is far below
   * the source, the reader takes two cheap short cuts that leave the analysis unchanged in
   * practice (see {@link fastPathArgs}); `exact: true` turns both off (bit-exact frames,
   * full-area scaling).
   */
  readonly exact?: boolean;
  /**
   * The arguments that stop ffmpeg duplicating or dropping frames (`passthroughSyncArgs()`),
   * for a caller that has them already: the picture worker gets them from its parent thread,
   * whose cache they are in, instead of asking ffmpeg again from a fresh one.
   */
  readonly syncArgs?: readonly string[];
  /**
   * Yield the same `data` buffer for every frame, overwritten by the next one (no allocation per
   * frame, so memory stays flat however long the clip). For consumers that never keep `data`.
   */
  readonly reuseBuffer?: boolean;
}

/** Analysis size (even width and height, ≥ 2) for a display size and the reader's options. */
export function analysisSize(displayWidth: number, displayHeight: number, opts: ReadFramesOptions = {}): { width: number; height: number } {
  const even = (x: number): number => Math.max(2, 2 * Math.round(x / 2));
  const byHeight = opts.maxHeight !== undefined ? (opts.maxHeight * displayWidth) / displayHeight : Infinity;
  const target = opts.width ?? Math.min(opts.maxWidth ?? 320, displayWidth, byHeight);
  const width = even(target);
  const height = even((width * displayHeight) / displayWidth);
  return { width, height };
}

/** Height in px of the frames that reach the reader's filters (after ffmpeg's autorotation, before any scaling). */
function rotatedHeight(probe: Probe): number {
  const r = probe.video.rotation;
  return r === 90 || r === 270 ? probe.video.width : probe.video.height;
}

/**
 * Each `field=top` keeps every other row by stride arithmetic (no pixel copied); the area
 * scaler then reads half the rows. Halve while at least FIELD_ROWS_PER_OUTPUT_ROW source rows
 * stay behind every output row.
 */
export const FIELD_ROWS_PER_OUTPUT_ROW = 3;

/** How many `field=top` halvings go before the area scale of a `sourceHeight` picture to `outHeight` rows. */
export function rowHalvings(sourceHeight: number, outHeight: number): number {
  let k = 0;
  while (sourceHeight / 2 ** (k + 1) >= FIELD_ROWS_PER_OUTPUT_ROW * outHeight) k++;
  return k;
}

/**
 * The reader's default short cuts when the analysis picture is far smaller than the source
 * (measured on a 60-s 1080p24 H.264 clip scaled to 160×90, 2 cores: the area scale costs ~1.2 s
 * of CPU on top of a ~5.8-s decode; these take ~0.5 s of it back):
 *  - rows: `field=top` halvings ({@link rowHalvings}): a 1080-row picture is read on every 4th
 *    row, 3 rows to each of 90 output rows, so the area scale does a quarter of its row work. What
 *    is lost is vertical detail finer than the analysis rows, which the box average would have
 *    blurred away; on interlaced video it reads one field, so combing never reaches the analysis.
 *  - decoder: `-skip_loop_filter bidir` (H.264/HEVC honour it): no deblocking on B-frames. I and
 *    P pictures, which carry prediction from one group of pictures to the next, stay bit-exact,
 *    so nothing drifts across a GOP (skipping the filter on P-frames too made a keyframe's reset
 *    read as a false cut on a 1080p x264 clip); an error in a B-frame that other B-frames
 *    reference reaches only those, inside one mini-GOP. Only when each analysis pixel averages
 *    ≥ 4×4 source pixels, so the softened block edges (8 px apart at most) vanish inside the
 *    average.
 * Measured against `exact: true` on the Tears of Steel battle and the Sintel trailer re-encoded
 * at 1080p (x264 veryfast, CRF 23 and 35): the content distance moves by 0.06–0.12 on average
 * (its mean is 6–9), the shots are the same in three of the four, and in the fourth one more
 * dissolve is found (smoke filling a shot for 0.6 s before a cut: a borderline blend either way;
 * the cut after it is kept); a motion peak moves by one frame in two. The decoder short cut
 * changes nothing there beside the row halvings: `bidir` gave the same shots and events as
 * `noref` (deblocking skipped only on unreferenced frames) in all four, at ~0.3 s less wall time
 * per 60 s of 1080p24 on 2 cores.
 */
export function fastPathArgs(probe: Probe, outHeight: number): { decoder: string[]; rowFilters: string[] } {
  const h = rotatedHeight(probe);
  const k = rowHalvings(h, outHeight);
  return {
    decoder: h >= 4 * outHeight ? ['-skip_loop_filter', 'bidir'] : [],
    rowFilters: Array.from({ length: k }, () => 'field=top'),
  };
}

/**
 * Decode frames of `file` in presentation order at analysis resolution (packed RGB24).
 * `t` is seconds from the first displayed frame, taken from ffmpeg's frame timestamps.
 *
 * Memory: one frame at a time; stdout is read with backpressure. Each yielded `data` is a
 * fresh buffer today, but the Frame contract says the reader owns it: copy to keep.
 * Stopping early (break/return) kills ffmpeg. A decoding failure throws MediaToolError.
 */
export async function* readFrames(file: string, probe: Probe, opts: ReadFramesOptions = {}): AsyncGenerator<Frame> {
  const { width, height } = analysisSize(probe.video.displayWidth, probe.video.displayHeight, opts);
  const frameBytes = width * height * 3;
  const filters: string[] = [];
  if (opts.fps !== undefined && opts.fps > 0) {
    // Keep the first frame of each 1/fps bucket (times relative to the first displayed frame).
    const t0 = probe.startTime.toFixed(6);
    const f = String(opts.fps);
    filters.push(`select='isnan(prev_selected_t)+gt(floor((t-${t0})*${f}+1e-6)\\,floor((prev_selected_t-${t0})*${f}+1e-6))'`);
  }
  const fast = opts.exact ? { decoder: [], rowFilters: [] } : fastPathArgs(probe, height);
  filters.push(...fast.rowFilters, `scale=${width}:${height}:flags=area`, 'setsar=1', 'showinfo');
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-copyts',
    ...fast.decoder,
    '-i', file, '-map', `0:${probe.video.index}`, '-an', '-sn', '-dn',
    '-vf', filters.join(','), ...(opts.syncArgs ?? (await passthroughSyncArgs())),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const times: number[] = [];
  let timeBase = 0; // seconds per pts tick at showinfo's input, from its "config in time_base" line
  let stderrTailText = '';
  let pendingLine = '';
  let wake: (() => void) | undefined;
  let exited = false;
  let exitCode: number | null = null;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const lines = (pendingLine + text).split('\n');
    pendingLine = lines.pop() ?? '';
    for (const line of lines) {
      const info = parseShowinfoLine(line);
      if (info) times.push(showinfoSeconds(info, timeBase));
      else if (line.includes('config in time_base')) timeBase = parseShowinfoTimeBase(line) ?? timeBase;
      else stderrTailText = (stderrTailText + '\n' + line).slice(-4000);
    }
    notify();
  });
  const closed = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      if (pendingLine) {
        const info = parseShowinfoLine(pendingLine);
        if (info) times.push(showinfoSeconds(info, timeBase));
      }
      exited = true;
      exitCode = code;
      notify();
      resolve();
    });
  });
  // A spawn failure is recorded and wakes the waiter (no Promise.race against a promise that
  // may never settle: every race would add a reaction to it that is never released, so a long
  // clip would leak one per frame).
  let spawnFailure: MediaToolError | undefined;
  child.on('error', (e) => {
    spawnFailure = new MediaToolError('ffmpeg', args, null, e.message, e);
    notify();
  });

  const timeOf = async (k: number): Promise<number> => {
    while (times.length <= k && !exited) {
      if (spawnFailure) throw spawnFailure;
      await new Promise<void>((r) => (wake = r));
    }
    if (spawnFailure) throw spawnFailure;
    if (times.length <= k) await closed;
    const t = times[k];
    if (t === undefined) throw new Error(`ffmpeg gave frame ${k} of ${file} without a showinfo timestamp`);
    return t;
  };

  let index = 0;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - off);
        frame.set(chunk.subarray(off, off + n), filled);
        filled += n;
        off += n;
        if (filled === frameBytes) {
          const t = await timeOf(index);
          yield { t: seconds(t - probe.startTime), index, width, height, data: frame };
          index++;
          if (!opts.reuseBuffer) frame = new Uint8Array(frameBytes);
          filled = 0;
        }
      }
    }
    if (spawnFailure) throw spawnFailure;
    await closed;
    if (exitCode !== 0) throw new MediaToolError('ffmpeg', args, exitCode, stderrTailText);
  } finally {
    if (!exited) child.kill('SIGKILL');
  }
}

/**
 * Wall-clock seconds of `ffmpeg -i file -f null -` (decode-only baseline for benchmarks).
 * Not for unit tests (timing).
 */
export async function decodeOnlySeconds(file: string): Promise<number> {
  const start = process.hrtime.bigint();
  await runFfmpeg(['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return Number(process.hrtime.bigint() - start) / 1e9;
}
