/**
 * `npm run bench`: the whole pipeline on a 60 s 1280×720 24 fps clip made by ffmpeg, with
 * every figure printed against baselines measured in the same run:
 * - each stage's time and the end-to-end time;
 * - the real-time factor (clip seconds per wall second);
 * - the ratio to ffmpeg's decode-only time on the same file (`ffmpeg -i X -f null -`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../src/ingest/ffmpeg.js';
import { decodeOnlySeconds } from '../src/ingest/frames.js';
import { Progress } from '../src/pipeline/progress.js';
import { runScore } from '../src/pipeline/score.js';
import { LOUDNESS_PRESETS } from '../src/pipeline/loudness-presets.js';

async function makeClip(file: string, seconds: number): Promise<void> {
  // Four looks cut every 7.5 s, with motion, and a tone track.
  const parts = ['testsrc2', 'mandelbrot', 'smptehdbars', 'life=mold=10:ratio=0.1:life_color=#33cc66'];
  const n = Math.ceil(seconds / 7.5);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  for (let i = 0; i < n; i++) {
    const src = parts[i % parts.length]!;
    const opt = src.includes('=') ? `${src}:s=1280x720:r=24` : `${src}=s=1280x720:r=24`;
    args.push('-f', 'lavfi', '-t', '7.5', '-i', opt);
  }
  args.push('-f', 'lavfi', '-i', `sine=f=220:r=48000:d=${seconds}`);
  const chain = Array.from({ length: n }, (_, i) => `[${i}:v]setsar=1,format=yuv420p[v${i}]`).join(';');
  const concat = Array.from({ length: n }, (_, i) => `[v${i}]`).join('') + `concat=n=${n}:v=1:a=0[v]`;
  args.push('-filter_complex', `${chain};${concat}`, '-map', '[v]', '-map', `${n}:a`, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-c:a', 'aac', '-t', String(seconds), file);
  await runFfmpeg(args);
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-bench-'));
  try {
    const clip = path.join(dir, 'bench-720p.mp4');
    process.stdout.write(`making a ${seconds} s 1280×720 24 fps clip…\n`);
    await makeClip(clip, seconds);
    const decode = await decodeOnlySeconds(clip);
    const progress = new Progress(false);
    const t0 = performance.now();
    await runScore({
      video: clip,
      prompt: 'tense hybrid score, build to a peak at 00:40, drop to a drone at 00:45',
      out: path.join(dir, 'out'),
      seed: 1,
      loudness: LOUDNESS_PRESETS.ebu!,
    }, progress);
    const total = (performance.now() - t0) / 1000;
    const rows = progress.timings.map((t) => `  ${t.stage.padEnd(10)} ${t.seconds.toFixed(3).padStart(8)} s  ${(t.seconds / decode).toFixed(2).padStart(6)}× decode-only`);
    process.stdout.write([
      `filmscore bench (${os.cpus().length} cores, node ${process.version})`,
      `clip: ${seconds} s, 1280×720, 24 fps, H.264`,
      `ffmpeg decode-only (baseline): ${decode.toFixed(3)} s`,
      'stage times:',
      ...rows,
      `end to end: ${total.toFixed(3)} s`,
      `real-time factor: ${(seconds / total).toFixed(2)}× real time`,
      `end to end / decode-only: ${(total / decode).toFixed(2)}×`,
      '',
    ].join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
