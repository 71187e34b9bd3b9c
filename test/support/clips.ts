/**
 * Test-clip generator: small video files made with ffmpeg's lavfi test sources, each with
 * its ground truth (duration, frame rate, frame count and times, start offset, rotation…).
 *
 * Usage (every function writes into `dir`, which the caller creates and removes):
 *   const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-clips-'));
 *   const clip = await makeClip(dir, { fps: '24000/1001', seconds: 2, size: '160x90', audio: true });
 *   clip.path; clip.truth.frameTimes; clip.truth.duration; …
 *   await makeVfrClip(dir, { segments: [{ fps: 15, frames: 15 }, { fps: 30, frames: 30 }] });
 *   await makeBadFile(dir, 'truncated' | 'zero-frames' | 'text-as-mp4' | 'no-video');
 *
 * Uses the same ffmpeg as the code under test (src/ingest/ffmpeg.ts: FILMSCORE_FFMPEG, PATH,
 * then the npm fallback), so fixtures work with the 2018 fallback build and Debian's 5.1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Rational } from '../../src/model/artifacts.js';
import { runFfmpeg } from '../../src/ingest/ffmpeg.js';

export type VideoCodec = 'libx264' | 'libx265' | 'mpeg4' | 'prores' | 'libvpx-vp9';
export type Container = 'mp4' | 'mov' | 'mkv' | 'webm' | 'avi';

export interface ClipSpec {
  /** File name without extension; default derived from the spec. */
  readonly name?: string;
  /** Nominal (constant) frame rate as "num/den" or "25"; default '25'. */
  readonly fps?: string;
  /** Length in seconds; the clip gets round(seconds × fps) frames. Default 2. */
  readonly seconds?: number;
  /** Coded size "WxH"; default '160x90'. */
  readonly size?: string;
  /**
   * Picture: 'testsrc2' (default), 'smptebars', 'color' (flat grey), or 'halves'
   * (left half white, right half black: shows which way a rotation went).
   */
  readonly source?: 'testsrc2' | 'smptebars' | 'color' | 'halves';
  /** Add a sine tone (default 440 Hz, 48 kHz) as long as the picture. Default false. */
  readonly audio?: boolean;
  /** Sine frequency in Hz; default 440. */
  readonly audioFrequency?: number;
  /**
   * Seconds the audio starts after the first video frame (negative: before; then rounded
   * to whole frames, see truth.audioDelay). Default 0.
   */
  readonly audioDelay?: number;
  /** Audio codec: AAC in mp4/mov, PCM in mkv/avi, Opus in webm. Default by container: mp4/mov/mkv → libx264, webm → libvpx-vp9, avi → mpeg4. */
  readonly codec?: VideoCodec;
  /** Default 'mp4'. */
  readonly container?: Container;
  /** Shift every timestamp by this many seconds (first frame's pts). Default 0. */
  readonly startOffset?: number;
  /** Display rotation, degrees clockwise (mp4/mov only). Default 0. */
  readonly rotation?: 0 | 90 | 180 | 270;
  /** Sample aspect ratio "num:den"; default '1:1'. */
  readonly sar?: string;
  /** MKV only: add an SRT subtitle stream. */
  readonly subtitles?: boolean;
  /** MKV only: add a text attachment. */
  readonly attachment?: boolean;
}

/** What a generated clip is known to hold. Times in seconds. */
export interface ClipTruth {
  /** Picture duration from the first displayed frame (frames × frame duration). */
  readonly duration: number;
  /** Nominal frame rate. */
  readonly fps: Rational;
  readonly frameCount: number;
  /** Presentation time of each frame, from the first displayed frame (frameTimes[0] = 0). */
  readonly frameTimes: readonly number[];
  readonly vfr: boolean;
  /** pts of the first displayed frame in the container. */
  readonly startOffset: number;
  /** Clockwise degrees. */
  readonly rotation: number;
  readonly width: number;
  readonly height: number;
  /** Size as displayed (SAR and rotation applied). */
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly hasAudio: boolean;
  readonly audioFrequency?: number;
  /** Seconds the audio starts after the first video frame (negative: before). */
  readonly audioDelay: number;
  readonly subtitleStreams: number;
  readonly attachments: number;
  readonly codec: VideoCodec;
  readonly container: Container;
}

export interface Clip {
  readonly path: string;
  readonly truth: ClipTruth;
}

/** Parse "24000/1001" or "25" into a Rational. */
export function rational(text: string): Rational {
  const [a, b] = text.split('/');
  return { num: Number(a), den: b === undefined ? 1 : Number(b) };
}

function defaultCodec(container: Container): VideoCodec {
  return container === 'webm' ? 'libvpx-vp9' : container === 'avi' ? 'mpeg4' : 'libx264';
}

function videoCodecArgs(codec: VideoCodec): string[] {
  switch (codec) {
    case 'libx264':
      return ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
    case 'libx265':
      return ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'];
    case 'mpeg4':
      return ['-c:v', 'mpeg4', '-q:v', '5', '-pix_fmt', 'yuv420p'];
    case 'prores':
      return ['-c:v', 'prores', '-profile:v', '0', '-pix_fmt', 'yuv422p10le'];
    case 'libvpx-vp9':
      return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '200k', '-pix_fmt', 'yuv420p'];
  }
}

function audioCodecArgs(container: Container): string[] {
  switch (container) {
    case 'webm':
      return ['-c:a', 'libopus', '-b:a', '64k'];
    case 'avi':
    case 'mkv':
      // PCM: no encoder priming, so the audio starts exactly where the truth says.
      return ['-c:a', 'pcm_s16le'];
    default:
      return ['-c:a', 'aac', '-b:a', '96k'];
  }
}

/**
 * A lavfi video source of exactly `frames` frames. (Limits are set on the source, not with
 * -frames:v, which would also cut the other streams of the output short.)
 */
function lavfiVideo(source: ClipSpec['source'], size: string, fps: string, frames: number): string {
  const [w, h] = size.split('x').map(Number);
  const trim = `trim=end_frame=${frames}`;
  switch (source ?? 'testsrc2') {
    case 'smptebars':
      return `smptebars=size=${size}:rate=${fps},${trim}`;
    case 'color':
      return `color=c=gray:size=${size}:rate=${fps},${trim}`;
    case 'halves':
      return `color=c=white:size=${size}:rate=${fps},drawbox=x=${w! / 2}:y=0:w=${w! / 2}:h=${h}:color=black:t=fill,${trim}`;
    default:
      return `testsrc2=size=${size}:rate=${fps},${trim}`;
  }
}

/**
 * Make one constant-frame-rate clip (see {@link ClipSpec}) and return its path and truth.
 * Rotation is written as a display matrix through a second, stream-copy pass.
 */
export async function makeClip(dir: string, spec: ClipSpec = {}): Promise<Clip> {
  mkdirSync(dir, { recursive: true });
  const container = spec.container ?? 'mp4';
  const codec = spec.codec ?? defaultCodec(container);
  const fpsText = spec.fps ?? '25';
  const fps = rational(fpsText);
  const secondsWanted = spec.seconds ?? 2;
  const frameCount = Math.round((secondsWanted * fps.num) / fps.den);
  const frameDur = fps.den / fps.num;
  const frameTimes = Array.from({ length: frameCount }, (_, i) => (i * fps.den) / fps.num);
  const duration = frameCount * frameDur;
  const size = spec.size ?? '160x90';
  const rotation = spec.rotation ?? 0;
  if (rotation !== 0 && container !== 'mp4' && container !== 'mov') throw new Error('rotation fixtures: mp4/mov only');
  const name =
    spec.name ??
    [codec, fpsText.replace('/', '_'), size, spec.audio ? 'a' : 'na', spec.startOffset ? `off${spec.startOffset}` : '', rotation ? `rot${rotation}` : '']
      .filter(Boolean)
      .join('-');
  const out = path.join(dir, `${name}.${container}`);
  // Audio before the picture is made by delaying the picture, by whole frames (ffmpeg rounds
  // the shift to the frame clock).
  const wantedDelay = spec.audio ? (spec.audioDelay ?? 0) : 0;
  const audioDelay = wantedDelay < 0 ? -Math.round(-wantedDelay / frameDur) * frameDur : wantedDelay;
  const freq = spec.audioFrequency ?? 440;

  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  // Video input (shifted when the audio must start before the picture).
  if (audioDelay < 0) args.push('-itsoffset', String(-audioDelay));
  args.push('-f', 'lavfi', '-i', lavfiVideo(spec.source, size, fpsText, frameCount));
  let next = 1;
  let audioInput = -1;
  if (spec.audio) {
    // The audio covers the picture wherever it starts.
    const audioSeconds = duration + Math.abs(audioDelay);
    if (audioDelay > 0) args.push('-itsoffset', String(audioDelay));
    args.push('-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=48000:duration=${audioSeconds.toFixed(6)}`);
    audioInput = next++;
  }
  let subInput = -1;
  if (spec.subtitles) {
    if (container !== 'mkv') throw new Error('subtitle fixtures: mkv only');
    const srt = path.join(dir, `${name}.srt`);
    writeFileSync(srt, '1\n00:00:00,200 --> 00:00:01,000\nHello.\n\n2\n00:00:01,100 --> 00:00:01,800\nGoodbye.\n');
    args.push('-i', srt);
    subInput = next++;
  }
  args.push('-map', '0:v:0');
  if (audioInput >= 0) args.push('-map', `${audioInput}:a:0`);
  if (subInput >= 0) args.push('-map', `${subInput}:s:0`, '-c:s', 'srt');
  const vf: string[] = [];
  if (spec.sar) vf.push(`setsar=${spec.sar.replace(':', '/')}`);
  if (vf.length) args.push('-vf', vf.join(','));
  args.push(...videoCodecArgs(codec));
  if (audioInput >= 0) args.push(...audioCodecArgs(container));
  if (spec.attachment) {
    if (container !== 'mkv') throw new Error('attachment fixtures: mkv only');
    const note = path.join(dir, `${name}-notes.txt`);
    writeFileSync(note, 'filmscore test attachment\n');
    args.push('-attach', note, '-metadata:s:t', 'mimetype=text/plain');
  }
  if (spec.startOffset) args.push('-output_ts_offset', String(spec.startOffset));
  const encoded = rotation ? path.join(dir, `${name}.norot.${container}`) : out;
  args.push(encoded);
  await runFfmpeg(args);
  if (rotation) {
    // The legacy `rotate` tag is read back inverted (both builds): tag 270 → 90° clockwise.
    await runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', encoded, '-map', '0', '-c', 'copy',
      '-metadata:s:v:0', `rotate=${(360 - rotation) % 360}`, out]);
  }
  const [w, h] = size.split('x').map(Number) as [number, number];
  const sar = spec.sar ? rational(spec.sar.replace(':', '/')) : { num: 1, den: 1 };
  let dw = Math.round((w * sar.num) / sar.den);
  let dh = h;
  if (rotation === 90 || rotation === 270) [dw, dh] = [dh, dw];
  return {
    path: out,
    truth: {
      duration,
      fps,
      frameCount,
      frameTimes,
      vfr: false,
      startOffset: (spec.startOffset ?? 0) + Math.max(0, -audioDelay),
      rotation,
      width: w,
      height: h,
      displayWidth: dw,
      displayHeight: dh,
      hasAudio: !!spec.audio,
      ...(spec.audio ? { audioFrequency: freq } : {}),
      audioDelay,
      subtitleStreams: spec.subtitles ? 1 : 0,
      attachments: spec.attachment ? 1 : 0,
      codec,
      container,
    },
  };
}

export interface VfrSpec {
  readonly name?: string;
  /**
   * Runs of frames at different rates, e.g. [{fps: 15, frames: 15}, {fps: 30, frames: 30}].
   * The last run's rate is the stream's nominal rate (it sets the last frame's duration).
   */
  readonly segments: readonly { readonly fps: number; readonly frames: number }[];
  readonly size?: string;
  /** 'mkv' (default, 1 ms timestamps) or 'mp4'. */
  readonly container?: 'mkv' | 'mp4';
  readonly audio?: boolean;
}

/**
 * Make a variable-frame-rate clip whose frame intervals change per segment (setpts, passed
 * through with `-vsync vfr`). Truth times are exact; the container rounds them (1 ms in MKV).
 */
export async function makeVfrClip(dir: string, spec: VfrSpec): Promise<Clip> {
  mkdirSync(dir, { recursive: true });
  const container = spec.container ?? 'mkv';
  const size = spec.size ?? '160x90';
  const frameTimes: number[] = [];
  let t = 0;
  let expr = '';
  let closing = '';
  let n0 = 0;
  for (const [i, seg] of spec.segments.entries()) {
    for (let k = 0; k < seg.frames; k++) frameTimes.push(t + k / seg.fps);
    const piece = `${t.toFixed(9)}+(N-${n0})/${seg.fps}`;
    if (i < spec.segments.length - 1) {
      expr += `if(lt(N\\,${n0 + seg.frames})\\,${piece}\\,`;
      closing += ')';
    } else expr += piece;
    t += seg.frames / seg.fps;
    n0 += seg.frames;
  }
  const last = spec.segments[spec.segments.length - 1]!;
  const name = spec.name ?? `vfr-${spec.segments.map((s) => `${s.fps}x${s.frames}`).join('-')}`;
  const out = path.join(dir, `${name}.${container}`);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${last.fps},trim=end_frame=${n0}`];
  if (spec.audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${t.toFixed(6)}`);
  args.push('-map', '0:v:0');
  if (spec.audio) args.push('-map', '1:a:0', '-c:a', 'aac');
  args.push('-vf', `setpts=(${expr}${closing})/TB`, '-vsync', 'vfr', ...videoCodecArgs('libx264'));
  if (container === 'mp4') args.push('-video_track_timescale', '90000');
  args.push(out);
  await runFfmpeg(args);
  const [w, h] = size.split('x').map(Number) as [number, number];
  return {
    path: out,
    truth: {
      duration: t,
      fps: { num: last.fps, den: 1 },
      frameCount: n0,
      frameTimes,
      vfr: true,
      startOffset: 0,
      rotation: 0,
      width: w,
      height: h,
      displayWidth: w,
      displayHeight: h,
      hasAudio: !!spec.audio,
      ...(spec.audio ? { audioFrequency: 440 } : {}),
      audioDelay: 0,
      subtitleStreams: 0,
      attachments: 0,
      codec: 'libx264',
      container,
    },
  };
}

export type BadFileKind = 'truncated' | 'zero-frames' | 'text-as-mp4' | 'no-video' | 'empty';

/**
 * Make a file that probeMedia must refuse:
 * - 'truncated': an mp4 cut to 40 % (its index, written last, is lost),
 * - 'zero-frames': an mkv with a video stream and no frames,
 * - 'text-as-mp4': a text file named .mp4,
 * - 'no-video': an audio-only .m4a,
 * - 'empty': a 0-byte .mp4.
 */
export async function makeBadFile(dir: string, kind: BadFileKind): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const base = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  switch (kind) {
    case 'truncated': {
      const whole = await makeClip(dir, { name: 'whole-for-truncation', seconds: 2 });
      const bytes = readFileSync(whole.path);
      const out = path.join(dir, 'truncated.mp4');
      writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * 0.4)));
      return out;
    }
    case 'zero-frames': {
      const out = path.join(dir, 'zero-frames.mkv');
      await runFfmpeg([...base, '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25', '-frames:v', '0', ...videoCodecArgs('libx264'), out]);
      return out;
    }
    case 'text-as-mp4': {
      const out = path.join(dir, 'not-a-video.mp4');
      writeFileSync(out, 'INT. KITCHEN - NIGHT\n\nThis is a screenplay, not a video.\n'.repeat(20));
      return out;
    }
    case 'no-video': {
      const out = path.join(dir, 'audio-only.m4a');
      await runFfmpeg([...base, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=1', '-c:a', 'aac', out]);
      return out;
    }
    case 'empty': {
      const out = path.join(dir, 'empty.mp4');
      writeFileSync(out, '');
      return out;
    }
  }
}
