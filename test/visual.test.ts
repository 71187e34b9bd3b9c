/**
 * Visual analysis (src/analysis/visual/): cuts, fades, dissolves, flashes, block-matching
 * motion, colour and visual VAD — on ground truth built with ffmpeg lavfi sources (cuts at
 * known frames, fade filter, xfade dissolve, drawbox flashes, crop pans and jitter), through the
 * real frame reader on an encoded clip, and on the Tears of Steel battle excerpt.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from '../src/model/artifacts.js';
import { seconds } from '../src/model/units.js';
import { analyzeFrames, type VisualAnalysisDetail } from '../src/analysis/visual/detector.js';
import { FeatureExtractor } from '../src/analysis/visual/frame-features.js';
import { assembleShots } from '../src/analysis/visual/shots.js';
import { blendFit, findFades, DEFAULT_FADE_OPTIONS } from '../src/analysis/visual/fade-detector.js';
import { shakeSeries } from '../src/analysis/visual/motion.js';
import { UserInputError } from '../src/model/errors.js';
import { concatGraph, lavfiFrames, lavfiToFile } from './support/lavfi-frames.js';

const FPS = 24;
const SIZE = { width: 160, height: 90, fps: FPS };
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tearsPath = path.resolve(projectRoot, '../shared/media/tears-of-steel-battle.webm');

async function analyse(frames: readonly Frame[]): Promise<VisualAnalysisDetail> {
  return analyzeFrames(frames, seconds(frames.length / FPS));
}

/** Precision/recall/F1 of detected cut times against truth times, matched one-to-one within `tol` s. */
function cutF1(found: readonly number[], truth: readonly number[], tol: number): { tp: number; precision: number; recall: number; f1: number } {
  const used = new Set<number>();
  let tp = 0;
  for (const t of truth) {
    const k = found.findIndex((f, i) => !used.has(i) && Math.abs(f - t) <= tol);
    if (k >= 0) {
      used.add(k);
      tp++;
    }
  }
  const precision = found.length ? tp / found.length : 1;
  const recall = truth.length ? tp / truth.length : 1;
  return { tp, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** A static wide picture (one frame of `src`, looped) seen through a 160×90 crop window. */
function cropGraph(src: string, x: string, y: string): string {
  return `${src},trim=end_frame=1,loop=loop=-1:size=1,crop=160:90:x='${x}':y='${y}'`;
}
const WIDE_TEXTURE = 'cellauto=s=1280x180:rule=30:random_fill_ratio=0.5:seed=1:full=1:r=24,boxblur=1';

describe('frame features (in-memory frames)', () => {
  const solid = (r: number, g: number, b: number, w = 32, h = 18): Frame => {
    const data = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i++) data.set([r, g, b], i * 3);
    return { t: seconds(0), index: 0, width: w, height: h, data };
  };
  test('luma, saturation and warmth of solid colours', () => {
    const fx = new FeatureExtractor(160);
    const orange = fx.next(solid(255, 160, 64));
    const blue = new FeatureExtractor(160).next(solid(16, 32, 80));
    const grey = new FeatureExtractor(160).next(solid(128, 128, 128));
    assert.ok(orange.warmth > 0.5 && blue.warmth < -0.5, `warmth ${orange.warmth} / ${blue.warmth}`);
    assert.ok(Math.abs(grey.warmth) < 1e-9 && grey.meanSat === 0);
    assert.ok(Math.abs(grey.meanLuma - 128 / 255) < 0.01);
    assert.ok(orange.meanLuma > 0.6 && blue.meanLuma < 0.15);
    assert.ok(Math.abs(orange.meanSat - (255 - 64) / 255) < 0.01);
    assert.equal(grey.contrast, 0);
  });
  test('box downscale keeps the mean and the half/half layout', () => {
    const w = 320, h = 180;
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(x < w / 2 ? 255 : 0, (y * w + x) * 3, (y * w + x) * 3 + 3);
    const f = new FeatureExtractor(160).next({ t: seconds(0), index: 0, width: w, height: h, data });
    assert.equal(f.width, 160);
    assert.equal(f.height, 90);
    assert.ok(Math.abs(f.meanLuma - 0.5) < 0.01);
    assert.equal(f.luma[0], 255);
    assert.equal(f.luma[159], 0);
    assert.ok(Math.abs(f.contrast - 0.5) < 0.01);
  });
  test('the reader buffer is not kept (mutating it afterwards changes nothing)', () => {
    const fr = solid(200, 100, 50);
    const f = new FeatureExtractor(160).next(fr);
    const before = f.luma.slice();
    fr.data.fill(0);
    assert.deepEqual(f.luma, before);
  });
});

describe('pure pieces', () => {
  test('assembleShots tiles the clip, absorbs cuts inside transitions, fade-in starts the first shot', () => {
    const shots = assembleShots(
      [{ t: seconds(2) }, { t: seconds(5.02) }, { t: seconds(8) }],
      [
        { kind: 'fade', start: seconds(0), duration: seconds(1), strength: 1 },
        { kind: 'dissolve', start: seconds(5), duration: seconds(1), strength: 0.5 },
      ],
      seconds(10),
    );
    assert.deepEqual(
      shots.map((s) => [s.start, s.end, s.transition, s.transitionDuration]),
      [[0, 2, 'fade', 1], [2, 5, 'cut', 0], [5, 8, 'dissolve', 1], [8, 10, 'cut', 0]],
    );
  });
  test('assembleShots keeps a cut right after a dissolve marked endsAtCut', () => {
    const cuts = [{ t: seconds(6.05) }];
    const dissolve = { kind: 'dissolve' as const, start: seconds(5), duration: seconds(1), strength: 0.5 };
    assert.deepEqual(assembleShots(cuts, [dissolve], seconds(10)).map((s) => s.transition), ['cut', 'dissolve']);
    assert.deepEqual(
      assembleShots(cuts, [{ ...dissolve, endsAtCut: true }], seconds(10)).map((s) => [s.start, s.transition]),
      [[0, 'cut'], [5, 'dissolve'], [6.05, 'cut']],
    );
  });
  test('blendFit recovers the mix of two planes', () => {
    const n = 500;
    const a = new Uint8Array(n).map((_, i) => (i * 37) % 256);
    const b = new Uint8Array(n).map((_, i) => (i * 91 + 13) % 256);
    const m = new Uint8Array(n).map((_, i) => Math.round(0.3 * a[i] + 0.7 * b[i]));
    const fit = blendFit(a, b, m);
    assert.ok(Math.abs(fit.alpha - 0.7) < 0.01 && fit.residual < 0.02, JSON.stringify(fit));
  });
  test('findFades on a luma curve: out, black hold, in → one fade', () => {
    const t: number[] = [], l: number[] = [];
    for (let i = 0; i < 120; i++) {
      t.push(i / 24);
      l.push(i < 24 ? 0.5 : i < 48 ? 0.5 * (1 - (i - 23) / 24) : i < 54 ? 0 : i < 78 ? 0.6 * ((i - 53) / 24) : 0.6);
    }
    const fades = findFades(t, l, DEFAULT_FADE_OPTIONS);
    assert.equal(fades.length, 1);
    assert.ok(Math.abs(fades[0].start - 1) < 0.1 && Math.abs(fades[0].start + fades[0].duration - 77 / 24) < 0.1, JSON.stringify(fades));
  });
  test('shake is zero for a steady pan and large for jitter', () => {
    const t = Array.from({ length: 48 }, (_, i) => i / 24);
    const steady = shakeSeries(t, t.map(() => 0.05), t.map(() => 0), 0.5);
    const jitter = shakeSeries(t, t.map((_, i) => (i % 2 ? 0.03 : -0.03)), t.map(() => 0), 0.5);
    assert.ok(Math.max(...steady) < 1e-12);
    assert.ok(jitter[24] > 0.05);
  });
  test('an empty stream is a user-input error', async () => {
    await assert.rejects(analyzeFrames([], seconds(1)), UserInputError);
  });
});

describe('hard cuts on lavfi ground truth', () => {
  const sets = [
    concatGraph(
      ['testsrc2=s=$S:r=$R', 'smptebars=s=$S:r=$R', 'mandelbrot=s=$S:r=$R', 'color=c=orange:s=$S:r=$R,noise=alls=30:allf=t',
        'testsrc=s=$S:r=$R', 'smptehdbars=s=$S:r=$R', 'rgbtestsrc=s=$S:r=$R', 'testsrc2=s=$S:r=$R,trim=start_frame=100,setpts=PTS-STARTPTS'],
      [30, 20, 25, 18, 22, 15, 20, 30], '160x90', FPS),
    concatGraph(
      ['cellauto=s=$S:r=$R:rule=110:seed=3:full=1', 'color=c=navy:s=$S:r=$R,noise=alls=20:allf=t', 'yuvtestsrc=s=$S:r=$R',
        'sierpinski=s=$S:r=$R', 'pal75bars=s=$S:r=$R', 'gradients=s=$S:r=$R:seed=5', 'life=s=$S:r=$R:seed=7:mold=10', 'testsrc2=s=$S:r=$R'],
      [26, 14, 31, 19, 24, 16, 28, 20], '160x90', FPS),
  ];
  let results: VisualAnalysisDetail[] = [];
  before(async () => {
    results = [];
    for (const s of sets) results.push(await analyse(lavfiFrames(s.graph, { ...SIZE, frames: 400 })));
  });
  test('F1 ≥ 0.98 within ±1 frame over the set; cut t is the first frame of the new shot', () => {
    let found: number[] = [], truth: number[] = [];
    results.forEach((r, k) => {
      const offset = k * 1000; // keep the two clips apart on one axis
      found = found.concat(r.cuts.cuts.map((c) => c.t + offset));
      truth = truth.concat(sets[k].cutFrames.map((n) => n / FPS + offset));
    });
    const m = cutF1(found, truth, 1 / FPS + 1e-6);
    console.log(`# synthetic cuts: ${m.tp}/${truth.length} found, ${found.length} detected, F1 ${m.f1.toFixed(3)}`);
    assert.ok(m.f1 >= 0.98, `F1 ${m.f1}: found ${found.map((t) => (t * FPS).toFixed(0))} truth ${truth.map((t) => (t * FPS).toFixed(0))}`);
    // Exact frame on clean synthetic cuts.
    assert.deepEqual(results[0].cuts.cuts.map((c) => c.index), sets[0].cutFrames);
  });
  test('shots tile the clip and begin with cuts', () => {
    const r = results[0];
    assert.equal(r.shots.length, sets[0].cutFrames.length + 1);
    assert.equal(r.shots[0].start, 0);
    for (let i = 1; i < r.shots.length; i++) {
      assert.equal(r.shots[i].start, r.shots[i - 1].end);
      assert.equal(r.shots[i].transition, 'cut');
    }
    assert.ok(r.events.filter((e) => e.kind === 'cut').every((e) => e.strength > 0 && e.strength <= 1));
  });
  test('deterministic, JSON-safe, one sample and one VAD point per frame in [-1, 1]', async () => {
    const frames = lavfiFrames(sets[0].graph, { ...SIZE, frames: 60 });
    const a = await analyse(frames);
    const b = await analyse(frames);
    assert.deepEqual(a, b);
    const json = JSON.parse(JSON.stringify({ shots: a.shots, samples: a.samples, events: a.events, vad: a.vad }));
    assert.deepEqual(json.shots, a.shots);
    assert.equal(a.samples.length, 60);
    assert.equal(a.vad.length, 60);
    for (const p of a.vad) for (const x of [p.v, p.a, p.d]) assert.ok(x >= -1 && x <= 1 && Number.isFinite(x));
    for (const s of a.samples) assert.ok(s.luma >= 0 && s.luma <= 1 && s.motion >= 0 && s.motion <= 1 && s.warmth >= -1 && s.warmth <= 1);
  });
});

describe('traps: flashes and fast motion are not cuts', () => {
  test('single white frames (drawbox) and a two-frame flash: no cut, flash events instead', async () => {
    const frames = lavfiFrames(
      `testsrc2=s=160x90:r=24,drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(n,30)+eq(n,60)+between(n,80,81)'`,
      { ...SIZE, frames: 100 },
    );
    const r = await analyse(frames);
    assert.deepEqual(r.cuts.cuts, []);
    assert.equal(r.shots.length, 1);
    const flashes = r.events.filter((e) => e.kind === 'flash').map((e) => Math.round(e.t * FPS));
    assert.deepEqual(flashes, [30, 60, 80]);
  });
  test('a fast pan (23 px/frame on 160 px) has no cut', async () => {
    const r = await analyse(lavfiFrames(cropGraph('testsrc2=s=1280x180:r=24', 'n*23', '45'), { ...SIZE, frames: 48 }));
    assert.deepEqual(r.cuts.cuts, []);
    const r2 = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, 'n*23', '45'), { ...SIZE, frames: 48 }));
    assert.deepEqual(r2.cuts.cuts, []);
  });
});

describe('block-matching motion', () => {
  let pan: VisualAnalysisDetail, panLeft: VisualAnalysisDetail, still: VisualAnalysisDetail, shake: VisualAnalysisDetail;
  before(async () => {
    pan = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, 'n*12', '45'), { ...SIZE, frames: 48 }));
    panLeft = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, '1000-n*12', '45'), { ...SIZE, frames: 48 }));
    still = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, '300', '45'), { ...SIZE, frames: 48 }));
    shake = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, '300+10*sin(n*2.5)', '45+6*cos(n*3.1)'), { ...SIZE, frames: 48 }));
  });
  const mean = (xs: readonly number[]): number => xs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, xs.length - 1);
  test('motion magnitude is far higher on a pan than on a static shot', () => {
    const mPan = mean(pan.samples.map((s) => s.motion));
    const mStill = mean(still.samples.map((s) => s.motion));
    assert.ok(mPan > 0.05 && mStill < 0.005, `pan ${mPan} still ${mStill}`);
  });
  test('global pan: direction and speed (12 px/frame = 0.075 frame widths)', () => {
    const right = mean(pan.metrics.panX), left = mean(panLeft.metrics.panX);
    assert.ok(Math.abs(right - 12 / 160) < 0.01, `camera right: panX ${right}`);
    assert.ok(Math.abs(left + 12 / 160) < 0.01, `camera left: panX ${left}`);
    assert.ok(Math.abs(mean(pan.metrics.panY)) < 0.005);
    assert.ok(mean(pan.metrics.objectMotion) < 0.01, 'a pure pan has little object motion');
  });
  test('shake: crop jitter shakes, a steady pan does not', () => {
    const sJ = mean(shake.metrics.shake), sP = mean(pan.metrics.shake);
    assert.ok(sJ > 0.05 && sP < 0.005, `jitter ${sJ} pan ${sP}`);
  });
  test('arousal is higher on the shaky/moving clips than on the static one', () => {
    const a = (r: VisualAnalysisDetail): number => mean(r.vad.map((p) => p.a));
    assert.ok(a(shake) > a(still) + 0.3 && a(pan) > a(still) + 0.2, `shake ${a(shake)} pan ${a(pan)} still ${a(still)}`);
  });
});

describe('gradual transitions', () => {
  test('fade to black and in again (fade filter) → one fade within ±0.5 s, no cut', async () => {
    const graph =
      'testsrc2=s=160x90:r=24,trim=end_frame=48,fade=t=out:st=1:d=1[a];' +
      'smptebars=s=160x90:r=24,trim=end_frame=48,fade=t=in:st=0:d=1[b];[a][b]concat=n=2:v=1:a=0';
    const r = await analyse(lavfiFrames(graph, { ...SIZE, frames: 96 }));
    const fades = r.transitions.filter((x) => x.kind === 'fade');
    assert.equal(fades.length, 1, JSON.stringify(r.transitions));
    assert.ok(Math.abs(fades[0].start - 1) <= 0.5, `fade start ${fades[0].start}`);
    assert.ok(Math.abs(fades[0].start + fades[0].duration - 3) <= 0.5, `fade end ${fades[0].start + fades[0].duration}`);
    assert.deepEqual(r.shots.map((s) => s.transition), ['cut', 'fade']);
    assert.ok(r.events.some((e) => e.kind === 'fade'));
  });
  test('dissolve (xfade=transition=fade) → dissolve within ±0.5 s, no cut', async () => {
    const graph =
      'testsrc2=s=160x90:r=24,trim=end_frame=60,format=yuv420p[a];' +
      'mandelbrot=s=160x90:r=24,trim=end_frame=60,format=yuv420p[b];[a][b]xfade=transition=fade:duration=1:offset=1.5';
    const r = await analyse(lavfiFrames(graph, { ...SIZE, frames: 96 }));
    const d = r.transitions.filter((x) => x.kind === 'dissolve');
    assert.equal(d.length, 1, JSON.stringify(r.transitions));
    assert.ok(Math.abs(d[0].start - 1.5) <= 0.5 && Math.abs(d[0].duration - 1) <= 0.5, JSON.stringify(d[0]));
    assert.deepEqual(r.cuts.cuts, []);
    assert.deepEqual(r.shots.map((s) => s.transition), ['cut', 'dissolve']);
  });
  test('a dissolve cut short by a hard cut to a third picture: the cut stays a shot boundary', async () => {
    // testsrc2 dissolves into mandelbrot from 1.5 s; 0.625 s in (frame 51, the blend ~60 % done)
    // a hard cut to smptebars.
    const graph =
      'testsrc2=s=160x90:r=24,trim=end_frame=60,format=yuv420p[a];' +
      'mandelbrot=s=160x90:r=24,trim=end_frame=60,format=yuv420p[b];' +
      '[a][b]xfade=transition=fade:duration=1:offset=1.5,trim=end_frame=51,setpts=PTS-STARTPTS[ab];' +
      'smptebars=s=160x90:r=24,trim=end_frame=36,format=yuv420p[c];[ab][c]concat=n=2:v=1:a=0';
    const r = await analyse(lavfiFrames(graph, { ...SIZE, frames: 87 }));
    console.log(`# cut-short dissolve: shots ${r.shots.map((x) => `${x.transition}@${Math.round(x.start * FPS)}`).join(' ')}`);
    assert.ok(r.shots.some((x) => x.transition === 'cut' && Math.abs(x.start * FPS - 51) <= 1), 'the hard cut at frame 51 is a shot start');
    assert.ok(r.events.some((e) => e.kind === 'cut' && Math.abs(e.t * FPS - 51) <= 1), 'and a cut event');
  });
  test('a set of 10 gradual transitions (dissolves 0.5–2 s, fades through black, fade in/out at the ends): recall ≥ 0.9 within ±0.5 s, no cut inside them', async () => {
    const src = (name: string, frames: number): string => `${name}=s=160x90:r=24,trim=end_frame=${frames},setpts=PTS-STARTPTS,format=yuv420p`;
    const A = ['testsrc2', 'smptebars', 'mandelbrot', 'testsrc'];
    const B = ['mandelbrot', 'testsrc', 'smptehdbars', 'testsrc2'];
    const cases: { name: string; graph: string; frames: number; start: number; kind: 'fade' | 'dissolve' }[] = [];
    [0.5, 1, 1.5, 2].forEach((d, k) => cases.push({
      name: `dissolve ${d} s`, kind: 'dissolve', start: 1.5, frames: Math.round((3 + d) * FPS),
      graph: `${src(A[k]!, 96)}[a];${src(B[k]!, 96)}[b];[a][b]xfade=transition=fade:duration=${d}:offset=1.5`,
    }));
    [0.5, 1].forEach((d, k) => cases.push({
      name: `fade out and in through black, ${d} s each`, kind: 'fade', start: 1.5 - d, frames: 72,
      graph: `${src(A[k]!, 36)},fade=t=out:st=${1.5 - d}:d=${d}[a];${src(B[k]!, 36)},fade=t=in:st=0:d=${d}[b];[a][b]concat=n=2:v=1:a=0`,
    }));
    cases.push({
      name: 'xfade through black 1 s', kind: 'fade', start: 1.5, frames: 84,
      graph: `${src('smptebars', 96)}[a];${src('mandelbrot', 96)}[b];[a][b]xfade=transition=fadeblack:duration=1:offset=1.5`,
    });
    cases.push({ name: 'fade in from black at the start', kind: 'fade', start: 0, frames: 60, graph: `${src('testsrc2', 60)},fade=t=in:st=0:d=1` });
    cases.push({ name: 'fade out to black at the end', kind: 'fade', start: 1.5, frames: 72, graph: `${src('mandelbrot', 72)},fade=t=out:st=1.5:d=1` });
    cases.push({
      name: 'dissolve between two moving pictures, 1 s', kind: 'dissolve', start: 2, frames: 96,
      graph: `${cropGraph(WIDE_TEXTURE, 'n*2', '45')},trim=end_frame=96,setpts=PTS-STARTPTS,format=yuv420p[a];${src('testsrc2', 96)}[b];[a][b]xfade=transition=fade:duration=1:offset=2`,
    });
    let found = 0;
    const lines: string[] = [];
    for (const c of cases) {
      const r = await analyse(lavfiFrames(c.graph, { ...SIZE, frames: c.frames }));
      const hit = r.transitions.find((x) => x.kind === c.kind && Math.abs(x.start - c.start) <= 0.5);
      if (hit) found++;
      lines.push(`${c.name}: ${hit ? `${hit.kind} at ${hit.start.toFixed(2)} s` : 'MISSED'} (${r.transitions.map((x) => `${x.kind}@${x.start.toFixed(2)}`).join(' ') || 'none'})`);
      // A cut inside a gradual transition would split it: none may start a shot there.
      for (const sh of r.shots.slice(1)) {
        if (sh.transition !== 'cut') continue;
        assert.ok(!(sh.start > c.start + 0.1 && sh.start < c.start + 2), `${c.name}: a cut at ${sh.start} s inside the transition`);
      }
    }
    const recall = found / cases.length;
    console.log(`# gradual transitions: recall ${recall.toFixed(2)} (${found}/${cases.length}) of the right kind within ±0.5 s\n# ${lines.join('\n# ')}`);
    assert.ok(recall >= 0.9, `recall ${recall}`);
  });
  test('a fast pan is no dissolve', async () => {
    const r = await analyse(lavfiFrames(cropGraph(WIDE_TEXTURE, 'n*6', '45'), { ...SIZE, frames: 48 }));
    assert.deepEqual(r.transitions, []);
  });
});

describe('colour and visual valence', () => {
  test('a bright warm clip has higher valence than a dark blue one', async () => {
    const warm = await analyse(lavfiFrames('color=c=0xFFA040:s=160x90:r=24,noise=alls=10:allf=t', { ...SIZE, frames: 24 }));
    const blue = await analyse(lavfiFrames('color=c=0x102050:s=160x90:r=24,noise=alls=10:allf=t', { ...SIZE, frames: 24 }));
    const v = (r: VisualAnalysisDetail): number => r.vad.reduce((s, p) => s + p.v, 0) / r.vad.length;
    assert.ok(v(warm) > 0.5 && v(blue) < -0.5, `warm ${v(warm)} blue ${v(blue)}`);
    assert.ok(warm.samples[5].warmth > 0.3 && blue.samples[5].warmth < -0.3);
    assert.ok(warm.samples[5].luma > blue.samples[5].luma + 0.4);
  });
});

describe('through the real frame reader', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-visual-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  test('cuts of an encoded lavfi clip read by readFrames (320 px, downscaled to 160 inside)', async () => {
    const { probeMedia } = await import('../src/ingest/probe.js');
    const { readFrames } = await import('../src/ingest/frames.js');
    const s = concatGraph(['testsrc2=s=$S:r=$R', 'smptebars=s=$S:r=$R', 'mandelbrot=s=$S:r=$R', 'testsrc=s=$S:r=$R'], [20, 18, 22, 16], '320x180', FPS);
    const file = path.join(dir, 'cuts.mp4');
    await lavfiToFile(s.graph, file, 76);
    const probe = await probeMedia(file);
    const r = await analyzeFrames(readFrames(file, probe, { maxWidth: 320 }), probe.duration);
    assert.deepEqual(r.cuts.cuts.map((c) => Math.round(c.t * FPS)), s.cutFrames);
    assert.equal(r.samples.length, 76);
    assert.equal(r.shots[r.shots.length - 1].end, probe.duration);
  });
});

describe('Tears of Steel battle excerpt (real film)', () => {
  const skip = fs.existsSync(tearsPath) ? false : `${tearsPath} is absent`;
  test('first 30 s: the real cuts within ±1 frame, muzzle flashes and the orbiting move are not cuts', { skip }, async () => {
    const { probeMedia } = await import('../src/ingest/probe.js');
    const { readFrames } = await import('../src/ingest/frames.js');
    const probe = await probeMedia(tearsPath);
    async function* first30(): AsyncGenerator<Frame> {
      for await (const f of readFrames(tearsPath, probe, { maxWidth: 160 })) {
        if (f.t > 30.2) return;
        yield f;
      }
    }
    const r = await analyzeFrames(first30(), seconds(30.2));
    const truth = [52, 122, 158, 221, 309, 715].map((n) => n / FPS);
    const found = r.cuts.cuts.map((c) => c.t);
    const m = cutF1(found, truth, 1 / FPS + 0.002);
    console.log(`# tears-of-steel 0-30 s: cuts at frames ${found.map((t) => Math.round(t * FPS)).join(' ')}; F1 ${m.f1.toFixed(3)} (P ${m.precision.toFixed(2)}, R ${m.recall.toFixed(2)})`);
    assert.equal(m.recall, 1, 'every listed cut found within ±1 frame');
    for (const t of found) {
      const n = t * FPS;
      assert.ok(!(n > 154.5 && n < 157.5), `cut on a muzzle flash at frame ${n}`);
      // 12.9–29.8 s is one camera move; it ends at the listed cut at frame 715 (29.79 s).
      assert.ok(!(t > 12.9 && t < 714.5 / FPS), `cut at ${t} s inside the continuous camera move`);
    }
  });
});
