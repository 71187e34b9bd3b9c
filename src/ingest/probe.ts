/**
 * probeMedia: what a video file holds, normalised into a {@link Probe}.
 *
 * Timing comes from the video packets' presentation timestamps (ffprobe `-show_entries
 * packet=pts_time,duration_time`, no decoding), never from frame index × nominal fps:
 * - startTime = earliest video pts (the first displayed frame),
 * - duration  = latest (pts + packet duration) − startTime,
 * - vfr       = the spread of pts intervals exceeds what timestamp rounding explains.
 * One frame is decoded to tell a readable file from a truncated or corrupt one.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AudioStreamInfo, Probe, Rational, VideoStreamInfo } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';
import { seconds } from '../model/units.js';
import { MediaToolError, runFfmpegPassthrough, runFfprobe, stderrTail } from './ffmpeg.js';

interface FfStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  pix_fmt?: string;
  field_order?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  start_time?: string;
  duration?: string;
  nb_frames?: string;
  channels?: number;
  sample_rate?: string;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
  side_data_list?: { side_data_type?: string; rotation?: number | string }[];
}

interface FfProbeJson {
  streams?: FfStream[];
  format?: { format_name?: string; duration?: string; start_time?: string };
}

/** Packet timing of one video stream, seconds on the container clock. */
export interface PacketTiming {
  /** Presentation times sorted ascending (discarded packets left out). */
  readonly pts: ArrayLike<number>;
  /** Packet durations in the same order (NaN when the container has none). */
  readonly durations: ArrayLike<number>;
}

/** Parse "24000/1001" (or "25") into a Rational; 0/0 and garbage become {0, 1}. */
export function parseRational(text: string | undefined, sep = '/'): Rational {
  if (!text) return { num: 0, den: 1 };
  const [a, b] = text.split(sep);
  const num = Number(a);
  const den = b === undefined ? 1 : Number(b);
  if (!Number.isFinite(num) || !Number.isFinite(den) || den === 0) return { num: 0, den: 1 };
  return { num, den };
}

/**
 * Normalise a rotation to clockwise degrees in {0, 90, 180, 270}.
 * `displayMatrixCcw` is ffprobe's side-data "rotation" (av_display_rotation_get: degrees
 * counter-clockwise, so clockwise = −value); `rotateTag` is the legacy `rotate` tag
 * (already clockwise). The display matrix wins when both exist.
 */
export function normaliseRotation(displayMatrixCcw: number | undefined, rotateTag: number | undefined): number {
  let cw = 0;
  if (displayMatrixCcw !== undefined && Number.isFinite(displayMatrixCcw)) cw = -displayMatrixCcw;
  else if (rotateTag !== undefined && Number.isFinite(rotateTag)) cw = rotateTag;
  const quarter = Math.round(cw / 90);
  return (((quarter % 4) + 4) % 4) * 90;
}

/**
 * True when the frame intervals vary more than timestamp rounding explains: the spread
 * (max − min interval) is over 2 ms and over 10 % of the median interval. Input: sorted pts (s).
 */
export function isVariableFrameRate(pts: ArrayLike<number>): boolean {
  if (pts.length < 3) return false;
  const sorted = frameIntervals(pts).sort();
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const spread = sorted[sorted.length - 1]! - sorted[0]!;
  return spread > 0.002 && spread > 0.1 * median;
}

/** Differences of consecutive times (a typed array: a film's worth of them is no heap garbage). */
function frameIntervals(pts: ArrayLike<number>): Float64Array {
  const iv = new Float64Array(Math.max(0, pts.length - 1));
  for (let i = 1; i < pts.length; i++) iv[i - 1] = pts[i]! - pts[i - 1]!;
  return iv;
}

/**
 * Duration of the picture (s) from the first displayed frame to the end of the last one:
 * max(pts + packet duration) − min(pts). A missing last-packet duration is taken as the
 * median frame interval.
 */
export function pictureDuration(t: PacketTiming): number {
  const n = t.pts.length;
  if (n === 0) return 0;
  const iv = frameIntervals(t.pts).sort();
  const medianIv = iv.length > 0 ? iv[Math.floor(iv.length / 2)]! : 0;
  let end = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = t.durations[i]!;
    end = Math.max(end, t.pts[i]! + (Number.isFinite(d) && d > 0 ? d : medianIv));
  }
  return end - t.pts[0]!;
}

/**
 * Probe a video file. Throws UserInputError (naming the file) for: a missing file, a file
 * that is not media, no video stream, a video stream with no frames, a truncated/corrupt
 * file whose first frame cannot be decoded.
 */
export async function probeMedia(file: string): Promise<Probe> {
  const where = { file };
  if (!existsSync(file)) throw new UserInputError('file not found', where);
  if (statSync(file).isDirectory()) throw new UserInputError('is a folder, not a video file', where);
  if (statSync(file).size === 0) throw new UserInputError('file is empty', where);

  // Three tool runs side by side (each is mostly the tool's start-up, ~0.15 s of CPU here): the
  // stream list, the packet scan and a first-frame decode of the first video stream that is not
  // a cover picture (`V:0`, the stream picked below from the list). Their outcomes are checked in
  // that order, so the first problem found is the one reported. The decode also answers the frame
  // reader's one question to ffmpeg (passthroughSyncArgs), cached for later.
  const [listed, scanned, decodes] = await Promise.allSettled([
    runFfprobe(['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]),
    readPacketTiming(file, 'V:0'),
    assertFirstFrameDecodes(file, 'V:0'),
  ]);
  let json: FfProbeJson;
  try {
    if (listed.status === 'rejected') throw listed.reason;
    json = JSON.parse(listed.value.stdout.toString()) as FfProbeJson;
  } catch (e) {
    const why = e instanceof MediaToolError ? stderrTail(e.stderr, 1).replace(/^.*?: /, '') : String(e);
    throw new UserInputError(`not a readable media file (truncated, corrupt or not video): ${why}`, where);
  }
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!v) throw new UserInputError('has no video stream', where);

  if (scanned.status === 'rejected') throw scanned.reason;
  let timing: PacketTiming = scanned.value;
  let decoded: PromiseSettledResult<void> = decodes;
  // `V:0` and the list's pick agree (both skip cover pictures); should a build ever disagree, the
  // stream the list picked is scanned and decoded by its index.
  if (scanned.value.streamIndex !== undefined && scanned.value.streamIndex !== v.index) {
    const again = await Promise.allSettled([readPacketTiming(file, String(v.index)), assertFirstFrameDecodes(file, String(v.index))]);
    if (again[0].status === 'rejected') throw again[0].reason;
    timing = again[0].value;
    decoded = again[1];
  }
  if (timing.pts.length === 0) throw new UserInputError('video stream has no frames', { ...where, field: `stream ${v.index}` });
  if (decoded.status === 'rejected') throw decoded.reason;

  const rotation = normaliseRotation(displayMatrixRotation(v), v.tags?.rotate !== undefined ? Number(v.tags.rotate) : undefined);
  const width = v.width ?? 0;
  const height = v.height ?? 0;
  let sar = parseRational(v.sample_aspect_ratio, ':');
  if (sar.num <= 0 || sar.den <= 0) sar = { num: 1, den: 1 };
  let displayWidth = Math.round((width * sar.num) / sar.den);
  let displayHeight = height;
  if (rotation === 90 || rotation === 270) [displayWidth, displayHeight] = [displayHeight, displayWidth];

  const streamStart = v.start_time !== undefined ? Number(v.start_time) : NaN;
  const startTime = timing.pts[0] ?? (Number.isFinite(streamStart) ? streamStart : 0);
  const video: VideoStreamInfo = {
    index: v.index,
    codec: v.codec_name ?? 'unknown',
    width,
    height,
    displayWidth,
    displayHeight,
    fps: parseRational(v.r_frame_rate),
    avgFps: parseRational(v.avg_frame_rate),
    vfr: isVariableFrameRate(timing.pts),
    rotation,
    sar,
    pixFmt: v.pix_fmt ?? 'unknown',
    fieldOrder: v.field_order ?? 'unknown',
    frameCount: timing.pts.length,
  };
  const audio: AudioStreamInfo[] = streams
    .filter((s) => s.codec_type === 'audio')
    .map((s) => ({
      index: s.index,
      codec: s.codec_name ?? 'unknown',
      channels: s.channels ?? 0,
      sampleRate: Number(s.sample_rate ?? 0),
      ...(s.tags?.language ? { language: s.tags.language } : {}),
    }));
  return {
    path: file,
    formatName: json.format?.format_name ?? 'unknown',
    duration: seconds(pictureDuration(timing)),
    startTime: seconds(startTime),
    video,
    audio,
    subtitleStreams: streams.filter((s) => s.codec_type === 'subtitle').length,
    attachments: streams.filter((s) => s.codec_type === 'attachment').length,
  };
}

function displayMatrixRotation(s: FfStream): number | undefined {
  for (const sd of s.side_data_list ?? []) {
    if (sd.rotation !== undefined && (sd.side_data_type ?? 'Display Matrix') === 'Display Matrix') return Number(sd.rotation);
  }
  return undefined;
}

/**
 * Presentation times and durations (s, container clock) of every packet of one video
 * stream (`stream`: an index or a specifier such as `V:0`), read without decoding, and the
 * index of the stream they came from (undefined when it had no packets). Packets flagged
 * discard ('D') are left out.
 */
export async function readPacketTiming(file: string, stream: string): Promise<PacketTiming & { readonly streamIndex?: number }> {
  let out: Buffer;
  const args = ['-v', 'error', '-select_streams', stream, '-show_entries', 'packet=stream_index,pts_time,duration_time,flags', '-of', 'csv=p=0'];
  try {
    // `-o pipe:1` writes through ffprobe's 32 KiB output buffer; to plain stdout it writes every
    // packet's line on its own (a 20-min clip: ~15 000 reads here, each a Buffer on the heap).
    // ffprobe before 5.0 has no -o: the plain form then.
    const r = await runFfprobe([...args, '-o', 'pipe:1', file]).catch((e: unknown) => {
      if (e instanceof MediaToolError && /Unrecognized option 'o'/.test(e.stderr)) return runFfprobe([...args, file]);
      throw e;
    });
    out = r.stdout;
  } catch (e) {
    const why = e instanceof MediaToolError ? stderrTail(e.stderr, 1) : String(e);
    throw new UserInputError(`cannot read video packets (truncated or corrupt?): ${why}`, { file });
  }
  return parsePacketRows(out);
}

const COMMA = 44, LF = 10, CR = 13, MINUS = 45, DOT = 46, ZERO = 48, NINE = 57;

/** Index of the first comma in [from, end), or `end` (from itself when from ≥ end). */
function fieldEnd(buf: Uint8Array, from: number, end: number): number {
  let c = from;
  while (c < end && buf[c] !== COMMA) c++;
  return c;
}

/**
 * A decimal number in bytes [a, b) as `Number()` reads its text, NaN for "N/A" or an empty field.
 * Plain `-ddd.ddd` with up to 15 digits (ffprobe's times) is read as the integer of its digits
 * divided by a power of ten: both exact, so the one rounding of the division gives the same
 * double as `Number()`; anything else goes through `Number()`.
 */
function decimalAt(buf: Uint8Array, a: number, b: number): number {
  if (a >= b) return NaN;
  let i = a, neg = false;
  if (buf[i] === MINUS) {
    neg = true;
    i++;
  }
  let digits = 0, mantissa = 0, scale = 1, dot = false;
  for (; i < b; i++) {
    const c = buf[i]!;
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (dot) scale *= 10;
    } else if (c === DOT && !dot) dot = true;
    else break;
  }
  if (i < b || digits === 0 || digits > 15) {
    const text = Buffer.from(buf.buffer, buf.byteOffset + a, b - a).toString('latin1');
    return text === 'N/A' ? NaN : Number(text);
  }
  const v = mantissa / scale;
  return neg ? -v : v;
}

/**
 * ffprobe's `-show_entries packet=stream_index,pts_time,duration_time,flags -of csv=p=0` rows
 * → packet timing sorted by presentation time, straight from the bytes: no line or field strings,
 * no per-packet arrays (a 2-hour film has ~170 000 video packets; their text parsed the plain way
 * left the main heap tens of MiB bigger for seconds). Rows whose pts is missing or whose flags
 * hold 'D' (discard) are left out; `streamIndex` is the first row's stream.
 */
export function parsePacketRows(buf: Uint8Array): PacketTiming & { readonly streamIndex?: number } {
  // At most one packet a line.
  let lines = 1;
  for (let q = buf.indexOf(LF); q >= 0; q = buf.indexOf(LF, q + 1)) lines++;
  const pts = new Float64Array(lines), dur = new Float64Array(lines);
  let n = 0;
  let streamIndex: number | undefined;
  let p = 0;
  while (p < buf.length) {
    let eol = buf.indexOf(LF, p);
    if (eol < 0) eol = buf.length;
    const end = eol > p && buf[eol - 1] === CR ? eol - 1 : eol;
    if (end > p) {
      // Fields [p, c1), (c1, c2), (c2, c3), (c3, end): index, pts, duration, flags.
      const c1 = fieldEnd(buf, p, end), c2 = fieldEnd(buf, c1 + 1, end), c3 = fieldEnd(buf, c2 + 1, end);
      streamIndex ??= decimalAt(buf, p, c1);
      const discard = buf.subarray(Math.min(c3 + 1, end), end).includes(68 /* 'D' */);
      const t = decimalAt(buf, c1 + 1, c2);
      if (!discard && Number.isFinite(t)) {
        pts[n] = t;
        dur[n] = decimalAt(buf, c2 + 1, c3);
        n++;
      }
    }
    p = eol + 1;
  }
  // Presentation order: sort an index by pts (ties keep file order), then gather.
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => pts[a]! - pts[b]! || a - b);
  const sortedPts = new Float64Array(n), sortedDur = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sortedPts[i] = pts[order[i]!]!;
    sortedDur[i] = dur[order[i]!]!;
  }
  return { pts: sortedPts, durations: sortedDur, ...(streamIndex !== undefined && Number.isFinite(streamIndex) ? { streamIndex } : {}) };
}

/** Decode the first frame of the stream; a UserInputError when none decodes. */
async function assertFirstFrameDecodes(file: string, stream: string): Promise<void> {
  let bytes = 0;
  let why = '';
  try {
    const r = await runFfmpegPassthrough((sync) => [
      // One decoding thread: a single frame gains nothing from frame threads, whose set-up costs
      // ~0.1 s of CPU on 1080p.
      '-nostdin', '-v', 'error', '-threads', '1', '-i', file, '-map', `0:${stream}`, '-frames:v', '1',
      ...sync, '-s', '16x16', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1',
    ]);
    bytes = r.stdout.length;
    why = stderrTail(r.stderr.toString(), 1);
  } catch (e) {
    why = e instanceof MediaToolError ? stderrTail(e.stderr, 1) : String(e);
  }
  if (bytes === 0) {
    throw new UserInputError(`no decodable video frame (truncated or corrupt file)${why ? `: ${why}` : ''}`, {
      file: path.normalize(file),
    });
  }
}
