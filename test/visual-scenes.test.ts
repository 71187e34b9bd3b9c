/**
 * Visual analysis, second part: zoom separated from pan, shot camera labels, Lab palettes,
 * scene grouping and labels, the demo-style fade-in into a dark shot — on lavfi ground truth.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from '../src/model/artifacts.js';
import { seconds } from '../src/model/units.js';
import { analyzeFrames, type VisualAnalysisDetail } from '../src/analysis/visual/detector.js';
import { kmeansLab, labToRgb, PaletteSampler, rgbToLab } from '../src/analysis/visual/palette.js';
import { paletteDistance } from '../src/analysis/visual/scenes.js';
import { lavfiFrames } from './support/lavfi-frames.js';
import fc from 'fast-check';

const FPS = 24;
const SIZE = { width: 160, height: 90, fps: FPS };
const analyse = (frames: readonly Frame[]): Promise<VisualAnalysisDetail> => analyzeFrames(frames, seconds(frames.length / FPS));
const mean = (xs: readonly number[]): number => xs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, xs.length - 1);
const TEXTURE = 'cellauto=s=640x360:rule=30:random_fill_ratio=0.5:seed=1:full=1:r=24,boxblur=1,trim=end_frame=1,loop=loop=-1:size=1';

describe('palette sampler', () => {
  const solid = (r: number, g: number, b: number): Uint8Array => {
    const px = new Uint8Array(16 * 9 * 3);
    for (let i = 0; i < px.length; i += 3) px.set([r, g, b], i);
    return px;
  };
  test('samples eight frames a second; a range without a sample takes the one before it', () => {
    const s = new PaletteSampler(48, 8);
    // 2 s at 24 fps: red for frames 0-23, then blue; frame 30 alone is green.
    for (let i = 0; i < 48; i++) s.add(i === 30 ? solid(0, 255, 0) : i < 24 ? solid(255, 0, 0) : solid(0, 0, 255), 16, 9, i / 24);
    assert.equal(s.frameCount, 48);
    // The dominant colour's strongest channel (8-bit Lab codes round it by a few levels).
    const top = (from: number, to: number): string => {
      const hex = s.palette(from, to, 3)[0]?.hex ?? '#000000';
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return r > 240 && g < 16 && b < 16 ? 'red' : g > 240 && r < 16 && b < 16 ? 'green' : b > 240 && r < 16 && g < 16 ? 'blue' : hex;
    };
    assert.equal(top(0, 24), 'red');
    assert.equal(top(24, 48), 'blue');
    // Frames 0, 3, 6, … are sampled: frame 30 (green) is, frame 31 is not.
    assert.equal(top(30, 31), 'green');
    assert.equal(top(31, 32), 'green', 'no sample in [31, 32): the last one before it');
    assert.deepEqual(s.palette(5, 5), []);
  });
});

describe('Lab colour and k-means palettes', () => {
  test('sRGB → Lab → sRGB round-trips (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (r, g, b) => {
      const back = labToRgb(...rgbToLab(r, g, b));
      return Math.abs(back[0] - r) <= 1 && Math.abs(back[1] - g) <= 1 && Math.abs(back[2] - b) <= 1;
    }));
  });
  test('known Lab values: white, black, pure red', () => {
    const w = rgbToLab(255, 255, 255), k = rgbToLab(0, 0, 0), red = rgbToLab(255, 0, 0);
    assert.ok(Math.abs(w[0] - 100) < 0.1 && Math.abs(w[1]) < 0.1 && Math.abs(w[2]) < 0.1, String(w));
    assert.ok(Math.abs(k[0]) < 1e-9);
    assert.ok(Math.abs(red[0] - 53.24) < 0.1 && Math.abs(red[1] - 80.09) < 0.2 && Math.abs(red[2] - 67.2) < 0.2, String(red));
  });
  test('k-means finds two colours in their proportions, deterministically', () => {
    const n = 300;
    const pts = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) pts.set(i < 200 ? rgbToLab(200, 40, 30) : rgbToLab(20, 60, 200), i * 3);
    const p = kmeansLab(pts, n, 5);
    assert.equal(p.length, 2);
    assert.ok(Math.abs(p[0].weight - 2 / 3) < 1e-9 && p[0].hex === '#c8281e', JSON.stringify(p));
    assert.deepEqual(kmeansLab(pts, n, 5), p);
  });
});

describe('camera motion and shot labels', () => {
  let zoomIn: VisualAnalysisDetail, zoomOut: VisualAnalysisDetail, pan: VisualAnalysisDetail, still: VisualAnalysisDetail, shake: VisualAnalysisDetail;
  before(async () => {
    // Zoom with zoompan about the centre of a still texture (1.5 % per frame), out at 160×90.
    const zoom = (z: string): string => `${TEXTURE},zoompan=z='${z}':d=1:x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':s=160x90:fps=24`;
    zoomIn = await analyse(lavfiFrames(zoom('1.2*pow(1.015,on)'), { ...SIZE, frames: 48 }));
    zoomOut = await analyse(lavfiFrames(zoom('2.4*pow(1.015,-on)'), { ...SIZE, frames: 48 }));
    pan = await analyse(lavfiFrames(`${TEXTURE},crop=320:180:x='n*6':y=90,scale=160:90`, { ...SIZE, frames: 48 }));
    still = await analyse(lavfiFrames(`${TEXTURE},crop=320:180:x=100:y=90,scale=160:90`, { ...SIZE, frames: 48 }));
    shake = await analyse(lavfiFrames(`${TEXTURE},crop=320:180:x='150+16*sin(n*2.5)':y='90+12*cos(n*3.1)',scale=160:90`, { ...SIZE, frames: 48 }));
  });
  test('zoom in / out: sign and rate (1.5 % per frame), small pan', () => {
    const zi = mean(zoomIn.metrics.zoom), zo = mean(zoomOut.metrics.zoom);
    assert.ok(zi > 0.008 && zi < 0.025, `zoom in ${zi}`);
    assert.ok(zo < -0.008 && zo > -0.025, `zoom out ${zo}`);
    assert.ok(Math.abs(mean(zoomIn.metrics.panX)) < 0.003, `pan during zoom ${mean(zoomIn.metrics.panX)}`);
    assert.ok(Math.abs(mean(pan.metrics.zoom)) < 0.002, `zoom during pan ${mean(pan.metrics.zoom)}`);
  });
  test('shot camera labels: zoom, pan, static, handheld', () => {
    assert.equal(zoomIn.shotFeatures[0].camera, 'zoom');
    assert.equal(zoomOut.shotFeatures[0].camera, 'zoom');
    assert.equal(pan.shotFeatures[0].camera, 'pan');
    assert.equal(still.shotFeatures[0].camera, 'static');
    assert.equal(shake.shotFeatures[0].camera, 'handheld');
    assert.equal(shake.scenes[0].movement, 'handheld');
    assert.equal(still.scenes[0].movement, 'static');
  });
  test('no cut, no dissolve in a zoom', () => {
    for (const r of [zoomIn, zoomOut]) {
      assert.deepEqual(r.cuts.cuts, []);
      assert.deepEqual(r.transitions, []);
    }
  });
});

describe('scenes', () => {
  let r: VisualAnalysisDetail;
  // Scene A: warm day, shot/reverse shot (orange ↔ yellow-ish textures); scene B: dark blue night.
  const warmA = 'color=c=0xd08040:s=160x90:r=24,noise=alls=12:allf=t,drawbox=x=40:y=20:w=50:h=50:c=0x603010:t=fill';
  const warmB = 'color=c=0xe0a050:s=160x90:r=24,noise=alls=12:allf=t,drawbox=x=90:y=30:w=40:h=40:c=0x704020:t=fill';
  const night1 = 'color=c=0x0a1030:s=160x90:r=24,noise=alls=4:allf=t,drawbox=x=10:y=10:w=60:h=60:c=0x304878:t=fill';
  const night2 = 'color=c=0x081028:s=160x90:r=24,noise=alls=4:allf=t,drawbox=x=90:y=20:w=60:h=60:c=0x283c70:t=fill';
  before(async () => {
    const parts = [warmA, warmB, warmA, warmB, night1, night2, night1];
    const lens = [36, 30, 36, 30, 40, 36, 40];
    const graph = parts.map((p, k) => `${p},trim=end_frame=${lens[k]},setpts=PTS-STARTPTS[s${k}]`).join(';') + ';' + parts.map((_, k) => `[s${k}]`).join('') + `concat=n=${parts.length}:v=1:a=0`;
    r = await analyse(lavfiFrames(graph, { ...SIZE, frames: lens.reduce((a, b) => a + b) }));
  });
  test('seven shots, two scenes (A B A B | C D C), day then night', () => {
    assert.equal(r.shots.length, 7, JSON.stringify(r.shots));
    assert.deepEqual(r.scenes.map((s) => [s.firstShot, s.endShot, s.light]), [[0, 4, 'day'], [4, 7, 'night']]);
    assert.equal(r.scenes[1].start, r.shots[4].start);
  });
  test('palettes: warm shots are orange, night shots dark blue; near palettes are near', () => {
    const top = r.shotFeatures.map((f) => f.palette[0].lab);
    for (const k of [0, 1, 2, 3]) assert.ok(top[k][2] > 20 && top[k][1] > 5, `shot ${k} top colour ${top[k]}`);
    for (const k of [4, 5, 6]) assert.ok(top[k][0] < 15 && top[k][2] < -5, `shot ${k} top colour ${top[k]}`);
    for (const f of r.shotFeatures) assert.ok(Math.abs(f.palette.reduce((a, c) => a + c.weight, 0) - 1) < 1e-9);
    assert.ok(paletteDistance(r.shotFeatures[0].palette, r.shotFeatures[2].palette) < paletteDistance(r.shotFeatures[0].palette, r.shotFeatures[4].palette) / 3);
    assert.ok(r.shotFeatures[0].warmth > 0.3 && r.shotFeatures[4].warmth < -0.2);
  });
});

describe('fade-in from black into a dark shot (the demo opening)', () => {
  test('one fade from the clip start, no cut event, first shot fades in', async () => {
    const graph = 'color=c=0x0a1430:s=160x90:r=24,noise=alls=8:allf=t,fade=t=in:st=0.4:d=1.2';
    const r = await analyse(lavfiFrames(graph, { ...SIZE, frames: 96 }));
    const fades = r.transitions.filter((x) => x.kind === 'fade');
    assert.equal(fades.length, 1, JSON.stringify(r.transitions));
    assert.ok(Math.abs(fades[0].start + fades[0].duration - 1.6) <= 0.25, JSON.stringify(fades[0]));
    assert.equal(r.shots.length, 1);
    assert.equal(r.shots[0].transition, 'fade');
    assert.equal(r.events.filter((e) => e.kind === 'cut').length, 0);
  });
});
