/**
 * Re-muxing the scene with its new sound.
 *
 * The first video stream is stream-copied (never re-encoded) with container timestamps kept
 * (`-copyts`, and in mp4/mov the input's track timescale), so its packets, start time and
 * rotation are unchanged; subtitle streams and
 * attachments are copied where the container holds them; the new program audio (a WAV on
 * the film clock: sample 0 = first displayed frame) is offset by the video's start time and
 * encoded for the container. The file is written under a temporary name in the output's
 * folder, then renamed (atomic on one file system).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Probe } from '../model/artifacts.js';
import { runFfmpeg, runFfprobe } from '../ingest/ffmpeg.js';

export type ContainerKind = 'mp4' | 'mov' | 'mkv' | 'webm' | 'avi';

interface ContainerRecipe {
  /** ffmpeg muxer name. */
  readonly format: string;
  readonly ext: string;
  readonly audio: readonly string[];
  readonly subtitles: boolean;
  readonly attachments: boolean;
  /**
   * Matroska/WebM would shift every stream when the new audio's first packet has a negative
   * timestamp (encoder priming); keep negative audio timestamps instead so the video's stay.
   */
  readonly keepNegativeTs: boolean;
}

/**
 * Audio codecs chosen so the new audio starts exactly at the video's start and the video's
 * timestamps are not shifted: AAC's priming makes the Matroska/WebM muxers shift every stream
 * (mp4/mov hide it in an edit list), and Opus's pre-skip lands ~6 ms early in WebM; FLAC
 * (Matroska) and Vorbis (WebM, with negative timestamps kept) have neither problem, in the
 * 2018 build and in 5.1.
 */
const RECIPES: Record<ContainerKind, ContainerRecipe> = {
  mp4: { format: 'mp4', ext: '.mp4', audio: ['-c:a', 'aac', '-b:a', '256k'], subtitles: true, attachments: false, keepNegativeTs: false },
  mov: { format: 'mov', ext: '.mov', audio: ['-c:a', 'aac', '-b:a', '256k'], subtitles: true, attachments: false, keepNegativeTs: false },
  mkv: { format: 'matroska', ext: '.mkv', audio: ['-c:a', 'flac'], subtitles: true, attachments: true, keepNegativeTs: true },
  webm: { format: 'webm', ext: '.webm', audio: ['-c:a', 'libvorbis', '-q:a', '6'], subtitles: true, attachments: false, keepNegativeTs: true },
  avi: { format: 'avi', ext: '.avi', audio: ['-c:a', 'pcm_s16le'], subtitles: false, attachments: false, keepNegativeTs: false },
};

/**
 * The container a video file name implies: .mp4/.m4v → mp4, .mov → mov, .mkv → mkv,
 * .webm → webm, .avi → avi; anything else → mkv (Matroska holds any codec).
 */
export function containerFor(file: string): ContainerKind {
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case '.mp4':
    case '.m4v':
      return 'mp4';
    case '.mov':
    case '.qt':
      return 'mov';
    case '.webm':
      return 'webm';
    case '.avi':
      return 'avi';
    default:
      return 'mkv';
  }
}

/** Output file name for the scored video, keeping the input's container: 'scored.mp4', 'scored.mkv', … */
export function scoredVideoName(inputVideo: string): string {
  return `scored${RECIPES[containerFor(inputVideo)].ext}`;
}

export interface MuxRequest {
  /** The original video file. */
  readonly video: string;
  /** Its probe (for the video stream index and start time). */
  readonly probe: Probe;
  /** Program audio: a WAV whose sample 0 is the first displayed frame. */
  readonly audioWav: string;
  /** Output path; its extension picks the container (see {@link containerFor}). */
  readonly out: string;
}

/**
 * Write `out`: the video stream of `video` copied bit for bit, plus `audioWav` encoded for
 * the container (AAC in mp4/mov, FLAC in mkv, Vorbis in webm, 16-bit PCM in avi); subtitles and
 * attachments of the input copied where the container allows. Atomic (temp file + rename).
 * Throws MediaToolError when ffmpeg fails (the temp file is removed).
 */
export async function muxScoredVideo(req: MuxRequest): Promise<void> {
  const kind = containerFor(req.out);
  const recipe = RECIPES[kind];
  const dir = path.dirname(path.resolve(req.out));
  const tmp = path.join(dir, `.${path.basename(req.out, path.extname(req.out))}.tmp-${process.pid}-${Date.now()}${recipe.ext}`);
  const sameContainer = containerFor(req.video) === kind;
  // mp4/mov pick their own track timescale; keep the input's so timestamps stay identical.
  const timescale = kind === 'mp4' || kind === 'mov' ? await videoTimescale(req.video, req.probe.video.index) : undefined;
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-copyts',
    '-i', req.video,
    '-itsoffset', req.probe.startTime.toFixed(6), '-i', req.audioWav,
    '-map', `0:${req.probe.video.index}`, '-map', '1:a:0',
  ];
  if (sameContainer && recipe.subtitles && req.probe.subtitleStreams > 0) args.push('-map', '0:s?');
  if (sameContainer && recipe.attachments && req.probe.attachments > 0) args.push('-map', '0:t?');
  args.push(
    '-map_metadata', '0', '-map_chapters', '0',
    '-c:v', 'copy', '-c:s', 'copy', '-c:t', 'copy', ...recipe.audio,
    ...(recipe.keepNegativeTs ? ['-avoid_negative_ts', 'disabled'] : []),
    ...(timescale ? ['-video_track_timescale', String(timescale)] : []),
    '-f', recipe.format, tmp,
  );
  try {
    await runFfmpeg(args);
    renameSync(tmp, req.out);
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}

/** The video stream's time base denominator when its numerator is 1 (e.g. 12800 for 1/12800). */
async function videoTimescale(file: string, streamIndex: number): Promise<number | undefined> {
  const r = await runFfprobe(['-v', 'error', '-select_streams', String(streamIndex), '-show_entries', 'stream=time_base', '-of', 'csv=p=0', file]);
  const [num, den] = r.stdout.toString().trim().split('/').map(Number);
  return num === 1 && den !== undefined && Number.isInteger(den) && den > 0 ? den : undefined;
}

/**
 * framemd5 of every packet of the video stream(s), container timestamps kept:
 * `ffmpeg -copyts -i X -map 0:v -c copy -f framemd5 -`. Equal strings ⇔ the video stream is
 * bit-identical (data, pts, dts, durations). Comment lines ('#') are kept except the
 * format/version header.
 */
export async function videoStreamMd5(file: string): Promise<string> {
  const r = await runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', '-copyts', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'framemd5', '-']);
  return r.stdout
    .toString()
    .split('\n')
    .filter((l) => !/^#(format|version|software)/.test(l))
    .join('\n');
}
