/**
 * `npm run bench:visual` (node dist/bench/visual.bench.js): the picture analysis alone.
 *
 * 1. Speed: a 1920×1080 24 fps H.264 clip made by ffmpeg (15 s of four lavfi looks cut every
 *    3.75 s, stream-looped without re-encoding to BENCH_VISUAL_SECONDS, default 60). In the same
 *    run, alternating, BENCH_VISUAL_REPS times (default 2; the best of each is kept):
 *    ffmpeg's decode-only time (`ffmpeg -i X -f null -`) and the full visual analysis (probe,
 *    frame reading, every detector, shots, scenes, palettes) in a child process. Printed:
 *    wall seconds, ×real time, and the ratio to decode-only — on wall time and, where GNU time
 *    is installed, on CPU time (user + sys of the whole process tree; steadier on a busy machine).
 * 2. Memory flatness: the same analysis on a 2-min and a 20-min 320×180 clip; the child reports
 *    its own peak RSS (process.resourceUsage().maxRSS), which must agree within ±20 %.
 *    (BENCH_VISUAL_MEMORY=0 skips this part, and the faces part after it.)
 * 3. Faces (only with BENCH_FACES=1): face-api on 2 frames/s of the 1080p clip, reported apart.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpegPath, runFfmpeg } from '../src/ingest/ffmpeg.js';
import { probeMedia } from '../src/ingest/probe.js';
import { readFrames } from '../src/ingest/frames.js';
import { analyzePictureFile, preloadPictureWorker } from '../src/analysis/visual/picture-worker.js';
import { analyzeFaces } from '../src/analysis/visual/faces.js';

const GNU_TIME = '/usr/bin/time';

interface ChildReport {
  readonly wall: number;
  /** Seconds of the probe inside `wall` (the rest is the picture stage). */
  readonly probe: number;
  readonly frames: number;
  readonly shots: number;
  /** Shot start times (s), to compare with the clip's cuts every 3.75 s. */
  readonly shotStarts: readonly number[];
  readonly maxRssMiB: number;
}

interface Measured<T> {
  readonly wall: number;
  /** user + sys seconds of the process tree (GNU time), undefined without it. */
  readonly cpu?: number;
  readonly out: T;
}

/** Run a command (under GNU time when present) and measure it. */
async function measure(cmd: string, args: readonly string[]): Promise<Measured<string>> {
  const useTime = fs.existsSync(GNU_TIME);
  const marker = 'BENCHTIME';
  const [bin, argv] = useTime ? [GNU_TIME, ['-f', `${marker} %U %S`, cmd, ...args]] : [cmd, [...args]];
  const t0 = performance.now();
  const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`${cmd} failed (${code}): ${err.slice(-2000)}`);
  const m = new RegExp(`${marker} ([\\d.]+) ([\\d.]+)`).exec(err);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : undefined, out };
}

async function makeLooks(file: string, size: string, seconds: number): Promise<void> {
  const [w, h] = size.split('x').map(Number);
  const seg = seconds / 4;
  const looks = [
    `testsrc2=s=${size}:r=24`,
    `smptehdbars=s=${size}:r=24`,
    // mandelbrot is slow to render at full size: render small, scale up (still detailed motion)
    `mandelbrot=s=${Math.round(w / 4)}x${Math.round(h / 4)}:r=24,scale=${w}:${h}`,
    `life=s=${Math.round(w / 4)}x${Math.round(h / 4)}:mold=10:ratio=0.1:life_color=#33cc66:r=24,scale=${w}:${h}:flags=neighbor`,
  ];
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  for (const l of looks) args.push('-f', 'lavfi', '-t', String(seg), '-i', l);
  const chain = looks.map((_, i) => `[${i}:v]setsar=1,format=yuv420p[v${i}]`).join(';');
  args.push('-filter_complex', `${chain};[v0][v1][v2][v3]concat=n=4:v=1:a=0[v]`, '-map', '[v]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '48', file);
  await runFfmpeg(args);
}

/** Loop `src` (without re-encoding) to `seconds`. */
async function loopTo(src: string, dst: string, seconds: number): Promise<void> {
  await runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', src, '-t', String(seconds), '-c', 'copy', dst]);
}

/** The child: probe + full visual analysis of argv[3]; prints a JSON ChildReport. */
async function child(file: string): Promise<void> {
  const t0 = performance.now();
  preloadPictureWorker(); // as the pipeline does: the worker loads while the probe runs
  const probe = await probeMedia(file);
  const t1 = performance.now();
  const r = await analyzePictureFile(file, probe, probe.duration, { maxWidth: 160, maxHeight: 160, reuseBuffer: true });
  const report: ChildReport = {
    wall: (performance.now() - t0) / 1000,
    probe: (t1 - t0) / 1000,
    frames: r.samples.length,
    shots: r.shots.length,
    shotStarts: r.shots.map((x) => Math.round(x.start * 1000) / 1000),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

async function analyseInChild(file: string): Promise<Measured<ChildReport>> {
  const self = fileURLToPath(import.meta.url);
  const m = await measure(process.execPath, [self, '--child', file]);
  return { ...m, out: JSON.parse(m.out.trim().split('\n').pop()!) as ChildReport };
}

const best = <T>(xs: readonly Measured<T>[]): Measured<T> => xs.reduce((a, b) => (b.wall < a.wall ? b : a));
const bestCpu = (xs: readonly Measured<unknown>[]): number | undefined => {
  const c = xs.map((x) => x.cpu).filter((x): x is number => x !== undefined);
  return c.length ? Math.min(...c) : undefined;
};

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_VISUAL_SECONDS ?? 60);
  const reps = Math.max(1, Number(process.env.BENCH_VISUAL_REPS ?? 3));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-vbench-'));
  const lines: string[] = [`filmscore visual bench (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version})`];
  const say = (s: string): void => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  try {
    process.stdout.write(`making a ${seconds} s 1920×1080 24 fps clip…\n`);
    const base = path.join(dir, 'looks-1080.mp4');
    const clip = path.join(dir, 'bench-1080p.mp4');
    await makeLooks(base, '1920x1080', 15);
    await loopTo(base, clip, seconds);

    const decodes: Measured<string>[] = [];
    const runs: Measured<ChildReport>[] = [];
    for (let i = 0; i < reps; i++) {
      decodes.push(await measure(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', clip, '-f', 'null', '-']));
      runs.push(await analyseInChild(clip));
    }
    const dec = best(decodes), run = best(runs);
    const dCpu = bestCpu(decodes), rCpu = bestCpu(runs);
    say(`1080p24 H.264, ${seconds} s (${run.out.frames} frames, ${run.out.shots} shots), best of ${reps}:`);
    say(`  shots start at ${run.out.shotStarts.join(' ')} s (built: a cut every 3.75 s)`);
    say(`  ffmpeg decode-only: ${dec.wall.toFixed(2)} s wall${dCpu !== undefined ? `, ${dCpu.toFixed(2)} s CPU` : ''}`);
    say(`  visual analysis:    ${run.wall.toFixed(2)} s wall${rCpu !== undefined ? `, ${rCpu.toFixed(2)} s CPU` : ''} (probe + decode + analysis, in a child process)`);
    say(`  real-time factor:   ${(seconds / run.wall).toFixed(2)}× real time (target ≥ 6×)`);
    say(`  ratio to decode:    ${(run.wall / dec.wall).toFixed(2)}× wall${dCpu && rCpu ? `, ${(rCpu / dCpu).toFixed(2)}× CPU` : ''} (target ≤ 1.5×)`);
    say(`  of which the probe: ${run.out.probe.toFixed(2)} s (the pipeline's shared ingest step); picture stage alone ${((run.out.wall - run.out.probe) / dec.wall).toFixed(2)}× decode-only`);

    if (process.env.BENCH_VISUAL_MEMORY === '0') return;
    process.stdout.write('making 2-min and 20-min 320×180 clips…\n');
    const small = path.join(dir, 'looks-180.mp4');
    await makeLooks(small, '320x180', 60);
    const short = path.join(dir, 'short.mp4'), long = path.join(dir, 'long.mp4');
    await loopTo(small, short, 120);
    await loopTo(small, long, 1200);
    const a = await analyseInChild(short);
    const b = await analyseInChild(long);
    const ratio = b.out.maxRssMiB / a.out.maxRssMiB;
    say(`memory: peak RSS 2 min ${a.out.maxRssMiB.toFixed(1)} MiB (${a.out.frames} frames), 20 min ${b.out.maxRssMiB.toFixed(1)} MiB (${b.out.frames} frames): ratio ${ratio.toFixed(3)} (target 0.8..1.2) ${Math.abs(ratio - 1) <= 0.2 ? 'OK' : 'NOT FLAT'}`);
    say(`  20-min 320×180 analysis: ${b.wall.toFixed(1)} s wall, ${(1200 / b.wall).toFixed(1)}× real time`);

    if (process.env.BENCH_FACES === '1') {
      const probe = await probeMedia(clip);
      const faces = await analyzeFaces(readFrames(clip, probe, { fps: 2, maxWidth: 640, maxHeight: 640 }), probe.duration);
      say(`faces (separate): ${faces.samples.length} samples in ${faces.seconds.toFixed(1)} s = ${(seconds / faces.seconds).toFixed(2)}× real time`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3]!).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
} else {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
