/**
 * report.html on a real scored output (a 10 s generated scene through `filmscore score`):
 * self-contained (no network reference; uPlot inlined), one JPEG thumbnail per shot, the hit
 * table in SMPTE timecode, `filmscore report <folder>` rebuilds the same page from the
 * artifacts; loudness series agree with the meter of src/render/loudness.ts; thumbnail
 * times obey their rules (property test). In headless Chromium (Debian's chromium driven by
 * playwright-core): no console errors, every chart draws its data (pixels of the series'
 * colour inside the plot), the video loads its metadata, a click on a plot seeks the video,
 * the playhead sits at the video's time on every plot and moves during playback, and a
 * screenshot is saved to test-artifacts/report.png. The legend explains every panel's terms
 * in plain words. Skips the browser part, with the
 * reason, when no Chromium is found.
 */
import { hasEspeak } from './support/audio-fixtures.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { runCli, PROJECT_ROOT } from './support/cli.js';
import { makeReportScene } from './support/report-scene.js';
import type { Analysis, ScorePlan } from '../src/model/artifacts.js';
import type { ReportData } from '../src/report/report-data.js';
import { secondsToTimecode, timecodeToSeconds } from '../src/time/timecode.js';
import { loudnessSeries } from '../src/report/loudness-series.js';
import { measureLoudness } from '../src/render/loudness.js';
import { runFfprobe } from '../src/ingest/ffmpeg.js';
import { thumbnailTimes, MAX_THUMBS, THUMB_WIDTH } from '../src/report/thumbnails.js';
import { seconds } from '../src/model/units.js';

let dir = '';
let out = '';
let scoreError = '';
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-report-'));
  const scene = await makeReportScene(path.join(dir, 'scene'));
  out = path.join(dir, 'out');
  const r = await runCli(['score', scene.video, '--script', scene.script, '--prompt', scene.prompt, '--out', out, '--quiet', '--json']);
  if (r.code !== 0) scoreError = r.stderr;
});
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function pageData(html: string): ReportData {
  const m = /<script type="application\/json" id="fs-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'the page has its data block');
  return JSON.parse(m[1]!) as ReportData;
}

const read = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(out, f), 'utf8')) as T;

test('report.html is self-contained: charts library inline, thumbnails embedded, video linked', async () => {
  assert.equal(scoreError, '', scoreError);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  // Nothing is fetched from the network: no http(s) src/href, no <link>, no @import.
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /@import/i);
  assert.match(html, /var uPlot=function/, 'uPlot is bundled inline');
  const d = pageData(html);
  const analysis = read<Analysis>('analysis.json'), plan = read<ScorePlan>('plan.json');
  assert.ok(analysis.shots.length >= 3, `shots: ${analysis.shots.length}`);
  // One picture per shot (this scene's shots are all shorter than 8 s), taken inside its shot,
  // cut from whole JPEG sprite sheets of 160×90 pictures side by side.
  assert.equal(d.thumbs.length, analysis.shots.length);
  assert.ok(d.sprites.length >= 1);
  for (const th of d.thumbs) {
    const s = analysis.shots[th.shot]!;
    assert.ok(th.t >= s.start && th.t < s.end, `thumbnail at ${th.t} inside shot ${th.shot}`);
    assert.deepEqual([th.w, th.h], [THUMB_WIDTH, 90]);
  }
  for (const [k, src] of d.sprites.entries()) {
    const jpeg = Buffer.from(src.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
    assert.ok(jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg.at(-2) === 0xff && jpeg.at(-1) === 0xd9, `sprite ${k} is a whole JPEG`);
    const probe = await runFfprobe(['-v', 'error', '-f', 'image2pipe', '-i', 'pipe:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0'], { input: jpeg });
    const n = d.thumbs.filter((th) => th.sprite === k).length;
    assert.equal(probe.stdout.toString().trim(), `mjpeg,${THUMB_WIDTH * n},90`, `sprite ${k}: ${n} pictures of 160×90 (the scene is 320×180)`);
  }
  // The video is linked by relative path, and is there.
  assert.equal(d.videoHref, 'scored.mp4');
  assert.match(html, /<video id="player"[^>]*src="scored\.mp4"/);
  assert.ok(fs.existsSync(path.join(out, 'scored.mp4')));
  // Every panel has data: arc with the words' and the picture's estimates, loudness of mix and program.
  assert.ok(d.arc && d.arc.t.length === analysis.arc.length);
  assert.ok(d.arc!.textA.some((x) => x !== null), 'text arousal on the grid');
  assert.ok(d.arc!.picA && d.arc!.picA.filter((x) => x !== null).length > d.arc!.t.length * 0.9, 'picture arousal on the grid');
  assert.ok(d.loudness && d.loudness.progM && d.loudness.t.length >= Math.floor(analysis.video.duration / 0.1) - 1);
  // The scene's dialogue is real speech (espeak-ng); without espeak-ng it is only noise, which
  // the speech detector rightly does not take for dialogue.
  if (hasEspeak()) assert.ok(d.speech.length >= 1, 'dialogue regions');
  // The hit table lists every hit point with its SMPTE timecode and measured error.
  assert.ok(plan.hitPoints.length >= 1);
  const rows = [...html.matchAll(/<tr data-t="([\d.e-]+)"><td class="r">\d+<\/td><td class="tc">([^<]+)<\/td>/g)];
  assert.equal(rows.length, plan.hitPoints.length);
  rows.forEach((m, i) => assert.equal(m[2], secondsToTimecode(plan.hitPoints[i]!.t, analysis.video.fpsRational)));
  const size = fs.statSync(path.join(out, 'report.html')).size;
  assert.ok(size < 5e6, `page size ${size} B`);
});

test('the page has a legend a film editor can read: every panel’s terms explained in plain words', () => {
  assert.equal(scoreError, '', scoreError);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  const m = /<h2>How to read this page<\/h2>\s*<div class="legend">([\s\S]*?)<\/div>\s*(?:<h2>|<\/div>)/.exec(html);
  assert.ok(m, 'a "How to read this page" legend');
  const entries = [...(m[1]! + '</div>\n').matchAll(/<div>([\s\S]*?)<\/div>\n/g)].map((e) => e[1]!);
  assert.ok(entries.length >= 10, `${entries.length} legend entries`);
  const text = (h: string): string => h.replace(/<[^>]+>/g, '').replace(/&[a-z]+;|&#\d+;/g, ' ').replace(/\s+/g, ' ').trim();
  const terms = entries.map((e) => [...e.matchAll(/<b>([^<]+)<\/b>/g)].map((b) => b[1]!)).flat();
  // The terms of every panel and table: timecode, the playhead, the arc's two axes and its
  // band, the two single-source estimates, events, hit points, tempo and keys, sections,
  // loudness (with dialogue) and sync.
  for (const want of ['Timecode', 'Playhead', 'Intensity', 'Mood', 'Combined, with its band', 'From the words', 'From the picture', 'Events', 'Hit point', 'Tempo map', 'Sections', 'Loudness', 'Sync']) {
    assert.ok(terms.includes(want), `legend explains "${want}" (has: ${terms.join(', ')})`);
  }
  const all = entries.map(text);
  for (const [k, t] of all.entries()) {
    // Plain language: a sentence or more after the term, no code (identifiers, file names,
    // brackets, operators), units spelled as an editor knows them.
    assert.ok(t.split(' ').length >= 12, `entry ${k} is explained in words: "${t}"`);
    assert.doesNotMatch(t, /\b[a-z]+[A-Z][a-zA-Z]*\b|\w_\w|\.json\b|[{}[\]]|=>|===|\bnull\b|\bundefined\b/, `entry ${k} has no code: "${t}"`);
  }
  const joined = all.join(' ');
  for (const [what, re] of [['frames in timecode', /hours:minutes:seconds:frames/], ['drop-frame', /drop-frame/], ['dialogue in the loudness entry', /speak|dialogue/], ['LUFS', /LUFS/], ['sync tolerance of a frame', /±1 frame/], ['beats per minute', /beats per minute/], ['milliseconds', /milliseconds/]] as const) {
    assert.match(joined, re, `legend mentions ${what}`);
  }
});

test('filmscore report <folder> rebuilds the page from the artifacts', async () => {
  assert.equal(scoreError, '', scoreError);
  const first = pageData(fs.readFileSync(path.join(out, 'report.html'), 'utf8'));
  fs.rmSync(path.join(out, 'report.html'));
  const r = await runCli(['report', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).thumbnails, first.thumbs.length);
  const again = pageData(fs.readFileSync(path.join(out, 'report.html'), 'utf8'));
  for (const k of ['arc', 'hits', 'sections', 'tempo', 'keys', 'events', 'shots', 'speech', 'sync'] as const) assert.deepEqual(again[k], first[k], k);
  // Thumbnails from the scored video equal those from the source (the video stream is copied).
  assert.deepEqual(again.thumbs.map((t) => t.t), first.thumbs.map((t) => t.t));
  // Loudness re-measured from mix.wav (24-bit) and the scored video's AAC audio.
  const maxDiff = (a: readonly (number | null)[], b: readonly (number | null)[]): number =>
    Math.max(...a.map((x, i) => (x === null || b[i] == null ? 0 : Math.abs(x - b[i]!))));
  assert.ok(maxDiff(again.loudness!.mixS, first.loudness!.mixS) <= 0.2, 'mix short-term within 0.2 LU');
  assert.ok(maxDiff(again.loudness!.progS!, first.loudness!.progS!) <= 1.5, 'program short-term within 1.5 LU');
});

test('filmscore report: a folder without the artifacts is a one-line user error', async () => {
  const empty = path.join(os.tmpdir(), `filmscore-report-empty-${process.pid}`);
  fs.mkdirSync(empty, { recursive: true });
  try {
    for (const [args, mention] of [[['report', empty], 'analysis.json'], [['report', path.join(empty, 'nope')], 'no such folder']] as const) {
      const r = await runCli(args);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(mention));
    }
    fs.writeFileSync(path.join(empty, 'analysis.json'), '{"video":{"duration":1},"shots":[]}');
    fs.writeFileSync(path.join(empty, 'plan.json'), '{"sections":[]}');
    const r = await runCli(['report', empty]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /plan\.json \(tempoMap/);
    assert.ok(!fs.existsSync(path.join(empty, 'report.html')), 'nothing written');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('loudness series: its maxima are the meter’s momentary and short-term maxima; silence is null', () => {
  const rate = 48000, n = rate * 6;
  const l = new Float32Array(n), r = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const env = t < 2 ? 0.05 : t < 3 ? 0.5 : t < 4 ? 0 : 0.2;
    l[i] = env * Math.sin(2 * Math.PI * 997 * t);
    r[i] = env * 0.5 * Math.sin(2 * Math.PI * 440 * t);
  }
  const s = loudnessSeries([l, r], rate);
  const m = measureLoudness([l, r], rate);
  assert.equal(s.t.length, 60);
  const full = (xs: readonly (number | null)[], from: number): number => Math.max(...xs.slice(from).map((x) => x ?? -Infinity));
  // Windows that are whole (from 0.4 s / 3 s on) are the meter's windows.
  assert.ok(Math.abs(full(s.momentary, 3) - m.momentaryMax) <= 0.051, `${full(s.momentary, 3)} vs ${m.momentaryMax}`);
  assert.ok(Math.abs(full(s.shortTerm, 29) - m.shortTermMax) <= 0.051, `${full(s.shortTerm, 29)} vs ${m.shortTermMax}`);
  // 3.5–4 s is silent: the momentary value ending at 3.9 s (window 3.5–3.9) is null.
  assert.equal(s.momentary[38], null);
  // The loud second is louder than the quiet start by 20·log10(10) = 20 LU.
  assert.ok(Math.abs(s.momentary[28]! - s.momentary[15]! - 20) < 0.3, `${s.momentary[28]} − ${s.momentary[15]}`);
});

test('thumbnail times: inside their shot and the film, capped, one per shot when they fit', () => {
  const shotsArb = fc.array(fc.double({ min: 0.05, max: 30, noNaN: true }), { minLength: 1, maxLength: 400 });
  fc.assert(fc.property(shotsArb, fc.integer({ min: 1, max: 150 }), (lengths, max) => {
    let t = 0;
    const shots = lengths.map((len) => { const s = { start: seconds(t), end: seconds(t + len) }; t += len; return s; });
    const duration = t;
    const picks = thumbnailTimes(shots, duration, max);
    assert.ok(picks.length >= 1 && picks.length <= max);
    for (const p of picks) {
      assert.ok(p.t >= 0 && p.t < duration, `t ${p.t} in [0, ${duration})`);
      const s = shots[p.shot]!;
      // Rounded to 1 ms and kept 50 ms before the end of the film.
      assert.ok(p.t >= s.start - 0.0005 - 0.05 && p.t <= s.end + 0.0005, `t ${p.t} in shot ${p.shot} [${s.start}, ${s.end}]`);
    }
    for (let i = 1; i < picks.length; i++) assert.ok(picks[i]!.shot >= picks[i - 1]!.shot, 'in shot order');
    if (shots.length <= max) assert.equal(new Set(picks.map((p) => p.shot)).size, shots.length, 'every shot has a picture');
  }), { numRuns: 200 });
  assert.equal(MAX_THUMBS, 120);
});

// Browser globals used inside page.evaluate (this project compiles without the DOM library).
interface VideoLike { readyState: number; currentTime: number; seeking: boolean; addEventListener(type: string, f: () => void): void }
interface ChartLike { id: string; kind: string; colour: string | null; u: { bbox: { left: number; top: number; width: number; height: number }; ctx: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } } }
declare const window: { __filmscoreReport?: { ready: boolean; loadMs: number; charts: ChartLike[]; makeTc(num: number, den: number): (t: number) => string } };
declare const document: { getElementById(id: string): unknown };

/** The Chromium to drive: FILMSCORE_CHROMIUM, else Debian's /usr/bin/chromium; null when absent. */
function findChromium(): string | null {
  for (const p of [process.env.FILMSCORE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && fs.existsSync(p)) return p;
  return null;
}

interface ChartPixels { id: string; kind: string; match: number; distinct: number; width: number; height: number }

test('in headless Chromium: no console errors, every chart draws, the video loads, a click seeks', async (t) => {
  assert.equal(scoreError, '', scoreError);
  const exe = findChromium();
  if (!exe) { t.skip('no Chromium found (set FILMSCORE_CHROMIUM or install Debian’s chromium)'); return; }
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    t.skip('playwright-core is not installed');
    return;
  }
  const browser = await pw.chromium.launch({ executablePath: exe, headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    const t0 = Date.now();
    await page.goto('file://' + path.join(out, 'report.html'));
    await page.waitForFunction(() => window.__filmscoreReport?.ready === true, null, { timeout: 20000 });
    const openMs = Date.now() - t0;
    const loadMs = await page.evaluate(() => window.__filmscoreReport!.loadMs);
    t.diagnostic(`report opened in ${openMs} ms (page script ready after ${Math.round(loadMs)} ms)`);

    const readyState = await page.evaluate(() => new Promise<number>((resolve) => {
      const v = document.getElementById('player') as VideoLike;
      if (v.readyState >= 1) resolve(v.readyState);
      else { v.addEventListener('loadedmetadata', () => resolve(v.readyState)); setTimeout(() => resolve(v.readyState), 10000); }
    }));
    assert.ok(readyState >= 1, `video readyState ${readyState}`);

    const pixels = await page.evaluate(() => {
      const R = window.__filmscoreReport!;
      return R.charts.map((c) => {
        const b = c.u.bbox;
        const img = c.u.ctx.getImageData(Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height)).data;
        const want = c.colour ? [1, 3, 5].map((k) => parseInt(c.colour!.slice(k, k + 2), 16)) : null;
        let match = 0;
        const colours = new Set<number>();
        for (let i = 0; i < img.length; i += 4) {
          if (img[i + 3]! < 200) continue;
          colours.add(((img[i]! >> 4) << 8) | ((img[i + 1]! >> 4) << 4) | (img[i + 2]! >> 4));
          if (want && Math.abs(img[i]! - want[0]!) + Math.abs(img[i + 1]! - want[1]!) + Math.abs(img[i + 2]! - want[2]!) <= 40) match++;
        }
        return { id: c.id, kind: c.kind, match, distinct: colours.size, width: b.width, height: b.height };
      });
    }) as ChartPixels[];
    assert.deepEqual(pixels.map((p) => p.id), ['p-strip', 'p-arc', 'p-events', 'p-tempo', 'p-sections', 'p-loudness', 'p-sync']);
    for (const p of pixels) {
      assert.ok(p.width > 300 && p.height > 50, `${p.id}: plot area ${p.width}×${p.height}`);
      if (p.kind === 'image') assert.ok(p.distinct >= 30, `${p.id}: the thumbnails are drawn (${p.distinct} colours)`);
      else assert.ok(p.match >= 20, `${p.id}: ${p.match} pixels of its series colour`);
    }
    assert.equal(await page.locator('.chart.na').count(), 0, 'no panel says "not available"');
    assert.ok(await page.locator('.legend').isVisible() && (await page.locator('.legend > div').count()) >= 10, 'the legend is on the page');

    // The page's timecodes are those of src/time/timecode.ts, drop-frame included.
    const rates = [{ num: 24000, den: 1001 }, { num: 24, den: 1 }, { num: 25, den: 1 }, { num: 30000, den: 1001 }, { num: 60000, den: 1001 }, { num: 50, den: 1 }];
    const times = fc.sample(fc.oneof(fc.double({ min: 0, max: 36000, noNaN: true }), fc.integer({ min: 0, max: 200000 }).map((f) => (f * 1001) / 30000)), { numRuns: 300, seed: 8 });
    const pageTc = await page.evaluate(([rs, ts]) => rs.map((r) => ts.map(window.__filmscoreReport!.makeTc(r.num, r.den))), [rates, times] as const);
    rates.forEach((r, i) => times.forEach((t, j) => assert.equal(pageTc[i]![j], secondsToTimecode(t, r), `${t} s at ${r.num}/${r.den}`)));

    // A click in the middle of the arc plot moves the video and the playhead there.
    const duration = read<Analysis>('analysis.json').video.duration;
    const over = page.locator('#p-arc .u-over');
    const box = (await over.boundingBox())!;
    await over.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.waitForFunction(() => !(document.getElementById('player') as VideoLike).seeking);
    const now = await page.evaluate(() => (document.getElementById('player') as VideoLike).currentTime);
    assert.ok(Math.abs(now - duration / 2) < 0.25, `video at ${now} s after a click at the middle of ${duration} s`);
    const label = (await page.locator('#playhead-tc').textContent())!;
    assert.ok(Math.abs(timecodeToSeconds(label, { num: 25, den: 1 }) - duration / 2) < 0.25, `playhead label ${label}`);

    // The playhead follows the video: on every plot it sits at the video's time, after a seek
    // announced by timeupdate, and it moves right while the video plays.
    const playheads = (): Promise<{ t: number; label: string; xs: { id: string; x: number; want: number }[] }> => page.evaluate(() => {
      const v = document.getElementById('player') as VideoLike;
      const label = (document.getElementById('playhead-tc') as unknown as { textContent: string }).textContent;
      const xs = window.__filmscoreReport!.charts.map((c) => {
        const u = c.u as unknown as { __playhead: { style: { transform: string } }; valToPos(v: number, s: string): number };
        const m = /translateX\((-?[\d.]+)px\)/.exec(u.__playhead.style.transform);
        return { id: c.id, x: m ? Number(m[1]) : NaN, want: u.valToPos(v.currentTime, 'x') };
      });
      return { t: v.currentTime, label, xs };
    });
    await page.evaluate(() => new Promise<void>((resolve) => {
      const v = document.getElementById('player') as VideoLike & { pause(): void; dispatchEvent(e: unknown): boolean };
      v.pause();
      v.addEventListener('seeked', () => { v.dispatchEvent(new (globalThis as unknown as { Event: new (t: string) => unknown }).Event('timeupdate')); resolve(); });
      v.currentTime = 1.0;
    }));
    const atOne = await playheads();
    assert.ok(Math.abs(atOne.t - 1) < 0.05, `video at ${atOne.t} s`);
    for (const p of atOne.xs) assert.ok(Math.abs(p.x - p.want) <= 1.5, `${p.id}: playhead at ${p.x} px, video time at ${p.want.toFixed(1)} px`);
    assert.equal(atOne.label, secondsToTimecode(atOne.t, read<Analysis>('analysis.json').video.fpsRational));
    const played = await page.evaluate(() => new Promise<string>((resolve) => {
      const v = document.getElementById('player') as VideoLike & { muted: boolean; play(): Promise<void>; pause(): void };
      v.muted = true;
      v.play().then(() => setTimeout(() => { v.pause(); setTimeout(() => resolve('ok'), 100); }, 1200), (e: unknown) => resolve(String(e)));
    }));
    assert.equal(played, 'ok', `the video plays muted in headless Chromium: ${played}`);
    const after = await playheads();
    t.diagnostic(`playback: video ${atOne.t.toFixed(3)} → ${after.t.toFixed(3)} s, playhead ${atOne.xs.map((p) => p.x.toFixed(0)).join('/')} → ${after.xs.map((p) => p.x.toFixed(0)).join('/')} px, label ${atOne.label} → ${after.label}`);
    assert.ok(after.t - atOne.t > 0.5, `the video advanced ${(after.t - atOne.t).toFixed(3)} s while playing`);
    for (const [k, p] of after.xs.entries()) {
      assert.ok(p.x > atOne.xs[k]!.x + 5, `${p.id}: playhead moved from ${atOne.xs[k]!.x} to ${p.x} px during playback`);
      assert.ok(Math.abs(p.x - p.want) <= 1.5, `${p.id}: playhead at ${p.x} px after playback, video time at ${p.want.toFixed(1)} px`);
    }
    assert.notEqual(after.label, atOne.label, 'the playhead timecode moves');

    fs.mkdirSync(path.join(PROJECT_ROOT, 'test-artifacts'), { recursive: true });
    const shot = path.join(PROJECT_ROOT, 'test-artifacts', 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(fs.statSync(shot).size > 10000);
    assert.deepEqual(errors, [], `console errors: ${errors.join(' | ')}`);

    // A folder with only analysis.json (without arc and picture estimate) and plan.json: the
    // page still opens cleanly; the panels without data say so.
    const bare = path.join(dir, 'bare');
    fs.mkdirSync(bare, { recursive: true });
    const { arc: _arc, ...a } = read<Analysis>('analysis.json');
    fs.writeFileSync(path.join(bare, 'analysis.json'), JSON.stringify({ ...a, visual: { samples: a.visual.samples } }));
    fs.copyFileSync(path.join(out, 'plan.json'), path.join(bare, 'plan.json'));
    const rb = await runCli(['report', bare]);
    assert.equal(rb.code, 0, rb.stderr);
    const page2 = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors2: string[] = [];
    page2.on('console', (m) => { if (m.type() === 'error') errors2.push(m.text()); });
    page2.on('pageerror', (e) => errors2.push(String(e)));
    await page2.goto('file://' + path.join(bare, 'report.html'));
    await page2.waitForFunction(() => window.__filmscoreReport?.ready === true, null, { timeout: 20000 });
    const na = await page2.locator('.chart.na').allTextContents();
    assert.deepEqual(na, ['Not available: analysis.json has no arc', 'Not available: no mix.wav to measure', 'Not available: sync-report.json is absent']);
    assert.equal(await page2.locator('video').count(), 0);
    assert.deepEqual(errors2, [], `console errors: ${errors2.join(' | ')}`);
  } finally {
    await browser.close();
  }
});
