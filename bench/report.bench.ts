/**
 * `node dist/bench/report.bench.js`: report.html for a 2-minute scene — its size, and the time
 * it takes to open in headless Chromium (navigation start → every chart drawn and the
 * thumbnails decoded), median of 5 fresh page loads; also the time of `filmscore report`
 * rebuilding it. Targets (issue 8): under 5 MB, opens in under 2 s.
 *
 * The scene: the demo scene (6 shots, dialogue, cues) played 3 times over with a fast-cut
 * 24-shot montage added (1 s per shot), 120 s in all, through the whole `filmscore score`
 * pipeline. BENCH_SECONDS changes the length; FILMSCORE_CHROMIUM the browser; BENCH_KEEP=1
 * keeps the output folder (its path is printed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../src/ingest/ffmpeg.js';
import { makeDemoScene, DEMO_LINES, DEMO_DURATION } from '../src/demo/make-demo.js';
import { runCli } from '../test/support/cli.js';

interface ReportGlobal { __filmscoreReport?: { ready: boolean; loadMs: number; timings: unknown } }
declare const window: ReportGlobal;

const srtTime = (t: number): string => {
  const ms = Math.round(t * 1000);
  const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000), s = Math.floor((ms % 60000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
};

async function makeScene(dir: string, seconds: number): Promise<{ video: string; script: string; prompt: string }> {
  const demo = await makeDemoScene(path.join(dir, 'demo'));
  const montage = path.join(dir, 'montage.mp4');
  const looks = ['testsrc2', 'smptebars', 'mandelbrot', 'rgbtestsrc', 'color=c=0x884422', 'color=c=0x224488'];
  const n = 24;
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  for (let i = 0; i < n; i++) {
    const src = looks[i % looks.length]!;
    args.push('-f', 'lavfi', '-t', '1', '-i', src.includes('=') ? `${src}:s=640x360:r=24` : `${src}=s=640x360:r=24`);
  }
  args.push('-f', 'lavfi', '-i', `anoisesrc=d=${n}:c=brown:r=48000:a=0.2`);
  const chain = Array.from({ length: n }, (_, i) => `[${i}:v]setsar=1,format=yuv420p,hue=h=${i * 15}[v${i}]`).join(';');
  args.push('-filter_complex', `${chain};${Array.from({ length: n }, (_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[v];[${n}:a]aformat=channel_layouts=stereo[a]`,
    '-map', '[v]', '-map', '[a]', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '24', '-c:a', 'aac', '-ar', '48000', montage);
  await runFfmpeg(args);
  // demo, montage, demo, demo… cut to `seconds`.
  const video = path.join(dir, 'scene-2min.mp4');
  const parts = [demo.video, montage, demo.video, demo.video, demo.video];
  const inputs = parts.flatMap((p) => ['-i', p]);
  const graph = parts.map((_, i) => `[${i}:v][${i}:a]`).join('') + `concat=n=${parts.length}:v=1:a=1[v][a]`;
  await runFfmpeg(['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...inputs, '-filter_complex', graph, '-map', '[v]', '-map', '[a]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '24', '-c:a', 'aac', '-ar', '48000', '-t', String(seconds), '-movflags', '+faststart', video]);
  const offsets = [0, DEMO_DURATION + n, 2 * DEMO_DURATION + n, 3 * DEMO_DURATION + n];
  const lines = offsets.flatMap((o) => DEMO_LINES.map(([a, b, who, text]) => [a + o, b + o, who, text] as const)).filter(([, b]) => b < seconds);
  const script = path.join(dir, 'scene-2min.srt');
  fs.writeFileSync(script, lines.map(([a, b, who, text], i) => `${i + 1}\n${srtTime(a)} --> ${srtTime(b)}\n${who}: ${text}\n`).join('\n'));
  return { video, script, prompt: 'Tense hybrid orchestral-electronic score, building to a huge crescendo at 00:27, a hit at 00:50, then a sudden drop to an ambient drone at 01:45.' };
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 120);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-report-bench-'));
  try {
    process.stdout.write(`making a ${seconds} s scene and scoring it…\n`);
    const scene = await makeScene(dir, seconds);
    const out = path.join(dir, 'out');
    const t0 = Date.now();
    const r = await runCli(['score', scene.video, '--script', scene.script, '--prompt', scene.prompt, '--out', out, '--quiet', '--json']);
    if (r.code !== 0) throw new Error(r.stderr);
    const scoreS = (Date.now() - t0) / 1000;
    const summary = JSON.parse(r.stdout) as { timings: { stage: string; seconds: number }[]; shots: number };
    const reportStage = summary.timings.find((t) => t.stage === 'report')?.seconds ?? null;
    const file = path.join(out, 'report.html');
    const html = fs.readFileSync(file, 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="fs-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { thumbs: unknown[]; sprites: unknown[] };
    const thumbs = data.thumbs.length, sprites = data.sprites.length;
    const size = fs.statSync(file).size;

    const t1 = Date.now();
    const rb = await runCli(['report', out, '--json']);
    if (rb.code !== 0) throw new Error(rb.stderr);
    const rebuildS = (Date.now() - t1) / 1000;

    let openMs: number[] = [], scriptMs: number[] = [];
    let pageTimings: unknown = null;
    const exe = [process.env.FILMSCORE_CHROMIUM, '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
    if (exe) {
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox'] });
      try {
        for (let i = 0; i < 5; i++) {
          const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
          const s = Date.now();
          await page.goto('file://' + file);
          await page.waitForFunction(() => window.__filmscoreReport?.ready === true, null, { timeout: 30000 });
          openMs.push(Date.now() - s);
          scriptMs.push(Math.round(await page.evaluate(() => window.__filmscoreReport!.loadMs)));
          if (i === 4) pageTimings = await page.evaluate(() => window.__filmscoreReport!.timings);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
    const median = (xs: number[]): number | null => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : null);
    openMs = openMs.sort((a, b) => a - b);
    scriptMs = scriptMs.sort((a, b) => a - b);
    process.stdout.write(JSON.stringify({
      sceneSeconds: seconds, shots: summary.shots, thumbnails: thumbs, spriteSheets: sprites,
      reportBytes: size, reportMB: Math.round((size / 1e6) * 100) / 100, under5MB: size < 5e6,
      openMsMedian: median(openMs), openMs, pageScriptMsMedian: median(scriptMs), openUnder2s: median(openMs) !== null ? median(openMs)! < 2000 : null, pageTimings,
      reportStageSeconds: reportStage, rebuildSeconds: rebuildS, scoreSeconds: scoreS,
      chromium: exe ?? 'not found (open time not measured)',
    }, null, 2) + '\n');
  } finally {
    if (process.env.BENCH_KEEP) process.stdout.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
