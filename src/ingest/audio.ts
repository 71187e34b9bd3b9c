/**
 * Audio extraction aligned to the film clock.
 *
 * Sample 0 of every result is the time of the first displayed video frame (probe.startTime),
 * and every result is exactly round(probe.duration × rate) samples long. Audio that starts
 * later than the picture is padded with leading silence; audio that starts earlier is
 * trimmed; gaps inside the stream are filled; a short stream is padded, a long one cut.
 * The alignment is done by ffmpeg's `aresample` (async=1, first_pts = startTime × rate) on
 * container timestamps (`-copyts`).
 */
import { spawn } from 'node:child_process';
import type { Probe } from '../model/artifacts.js';
import { ffmpegPath, MediaToolError } from './ffmpeg.js';

export interface ExtractAudioOptions {
  /** Output sample rate in Hz, e.g. 16000 or 48000. */
  readonly sampleRate: number;
  /** Output channel count (ffmpeg's standard down/up-mix), e.g. 1 or 2. */
  readonly channels: number;
  /** Which audio stream: an index into probe.audio (default 0, the first audio stream). */
  readonly stream?: number;
}

/** Planar float PCM on the film clock. */
export interface ExtractedAudio {
  /** One array per channel, each exactly round(duration × sampleRate) samples, values in [-1, 1]. */
  readonly channels: Float32Array[];
  /** Hz. */
  readonly sampleRate: number;
  /** False when the file has no audio stream (then `channels` are silence). */
  readonly hadAudio: boolean;
  /** ffprobe index of the stream read, or null. */
  readonly streamIndex: number | null;
}

/** Number of samples the film lasts at `rate`: round(duration × rate). */
export function filmSampleCount(probe: Probe, rate: number): number {
  return Math.round(probe.duration * rate);
}

/**
 * Decode one audio stream of `file` to planar float32 at the given rate and channel count,
 * aligned so sample 0 = first displayed video frame (see module doc). Streams ffmpeg's
 * output in chunks (bounded memory besides the result). No audio stream → silence and
 * hadAudio = false. Throws MediaToolError when ffmpeg fails.
 */
export async function extractAudio(file: string, probe: Probe, opts: ExtractAudioOptions): Promise<ExtractedAudio> {
  const { sampleRate, channels } = opts;
  if (!(sampleRate > 0) || !Number.isInteger(sampleRate)) throw new RangeError(`sampleRate must be a positive integer, got ${sampleRate}`);
  if (!(channels > 0) || !Number.isInteger(channels)) throw new RangeError(`channels must be a positive integer, got ${channels}`);
  const total = filmSampleCount(probe, sampleRate);
  const out = Array.from({ length: channels }, () => new Float32Array(total));
  const stream = probe.audio[opts.stream ?? 0];
  if (!stream) return { channels: out, sampleRate, hadAudio: false, streamIndex: null };

  const firstPts = Math.round(probe.startTime * sampleRate);
  const args = [
    '-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-copyts',
    '-i', file, '-map', `0:${stream.index}`, '-vn', '-sn', '-dn',
    '-af', `aresample=${sampleRate}:async=1:first_pts=${firstPts}`,
    '-ac', String(channels), '-ar', String(sampleRate),
    '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1',
  ];
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (t: string) => (stderr = (stderr + t).slice(-8000)));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new MediaToolError('ffmpeg', args, null, e.message, e)));
    child.on('close', (code) => resolve(code));
  });

  const frameBytes = 4 * channels;
  let carry = Buffer.alloc(0);
  let written = 0; // sample frames written
  try {
    for await (const raw of child.stdout as AsyncIterable<Buffer>) {
      const chunk = carry.length > 0 ? Buffer.concat([carry, raw]) : raw;
      const frames = Math.floor(chunk.length / frameBytes);
      const usable = Math.min(frames, total - written);
      if (usable > 0) {
        // Copy to an aligned buffer so it can be viewed as float32.
        const aligned = new Float32Array(usable * channels);
        new Uint8Array(aligned.buffer).set(chunk.subarray(0, usable * frameBytes));
        for (let c = 0; c < channels; c++) {
          const dst = out[c]!;
          for (let i = 0, j = c; i < usable; i++, j += channels) dst[written + i] = aligned[j]!;
        }
        written += usable;
      }
      carry = Buffer.from(chunk.subarray(frames * frameBytes));
      // Past the film's end: keep draining (cheap) so ffmpeg exits normally.
    }
    const code = await closed;
    if (code !== 0) throw new MediaToolError('ffmpeg', args, code, stderr);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  return { channels: out, sampleRate, hadAudio: true, streamIndex: stream.index };
}

/**
 * The first audio stream as 16 kHz mono float PCM on the film clock (for speech detection).
 * Silence when the file has no audio (check probe.audio.length to tell).
 */
export async function extractDialogueMono(file: string, probe: Probe): Promise<Float32Array> {
  const r = await extractAudio(file, probe, { sampleRate: 16000, channels: 1 });
  return r.channels[0]!;
}

/** The first audio stream as 48 kHz stereo float PCM on the film clock (the program sound to mix under). */
export function extractProgramStereo48k(file: string, probe: Probe): Promise<ExtractedAudio> {
  return extractAudio(file, probe, { sampleRate: 48000, channels: 2 });
}
