/**
 * Frames straight from an ffmpeg lavfi filter graph (no file): `-filter_complex GRAPH -f rawvideo
 * -pix_fmt rgb24 pipe:1`, split into Frame objects with t = index / fps (the graph is CFR by
 * construction). For visual-analysis ground truth: cuts at known frame numbers, flashes, pans.
 */
import { spawnSync } from 'node:child_process';
import type { Frame } from '../../src/model/artifacts.js';
import { seconds } from '../../src/model/units.js';
import { ffmpegPath, runFfmpeg } from '../../src/ingest/ffmpeg.js';

export interface LavfiSpec {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Frames to take. */
  readonly frames: number;
}

/** Run a filter graph (its single output at width×height) and return its frames as RGB24. */
export function lavfiFrames(graph: string, spec: LavfiSpec): Frame[] {
  const args = ['-v', 'error', '-nostdin', '-filter_complex', `${graph},format=rgb24`, '-frames:v', String(spec.frames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const r = spawnSync(ffmpegPath(), args, { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ffmpeg lavfi failed: ${r.stderr?.toString()}`);
  const bytes = spec.width * spec.height * 3;
  const out: Frame[] = [];
  for (let i = 0; (i + 1) * bytes <= r.stdout.length; i++) {
    out.push({ t: seconds(i / spec.fps), index: i, width: spec.width, height: spec.height, data: new Uint8Array(r.stdout.subarray(i * bytes, (i + 1) * bytes)) });
  }
  return out;
}

/** Encode a filter graph to a small H.264 file (for tests that go through the real reader). */
export async function lavfiToFile(graph: string, file: string, frames: number): Promise<void> {
  await runFfmpeg(['-v', 'error', '-nostdin', '-y', '-filter_complex', `${graph},format=yuv420p`, '-frames:v', String(frames), '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', file]);
}

/**
 * `n` back-to-back segments of different lavfi sources at `size` and `fps`, each `lengths[k]`
 * frames long; returns the graph and the first frame of every segment after the first (the cuts).
 */
export function concatGraph(sources: readonly string[], lengths: readonly number[], size: string, fps: number): { graph: string; cutFrames: number[] } {
  const parts: string[] = [];
  const labels: string[] = [];
  const cutFrames: number[] = [];
  let at = 0;
  sources.forEach((src, k) => {
    const s = src.replace(/\$S/g, size).replace(/\$R/g, String(fps));
    parts.push(`${s},trim=end_frame=${lengths[k]},setpts=PTS-STARTPTS,format=yuv444p[s${k}]`);
    labels.push(`[s${k}]`);
    if (k > 0) cutFrames.push(at);
    at += lengths[k];
  });
  return { graph: `${parts.join(';')};${labels.join('')}concat=n=${sources.length}:v=1:a=0`, cutFrames };
}
