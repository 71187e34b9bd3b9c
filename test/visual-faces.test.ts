/**
 * Faces (optional, learned: face-api Tiny Face Detector + expression net on tfjs-wasm).
 * Pure parts (close-up runs, expression → VAD, VAD blending) always; the detector on real
 * frames of the Sintel trailer and His Girl Friday when ../shared/media is present.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seconds } from '../src/model/units.js';
import { probeMedia } from '../src/ingest/probe.js';
import { readFrames } from '../src/ingest/frames.js';
import { analyzeFaces, blendFaceVad, expressionVad, findCloseUps, type FaceAnalysis, type FaceSample } from '../src/analysis/visual/faces.js';
import type { Frame } from '../src/model/artifacts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const media = path.resolve(projectRoot, '../shared/media');
const sintel = path.join(media, 'sintel-trailer.mp4');
const hgf = path.join(media, 'his-girl-friday.mp4');

describe('faces: pure parts', () => {
  const s = (t: number, height: number, happy = 0): FaceSample => ({
    t: seconds(t), count: height > 0 ? 1 : 0, height, area: height * height * 0.56,
    ...(height > 0 ? { expressions: { neutral: 1 - happy, happy, sad: 0, angry: 0, fearful: 0, disgusted: 0, surprised: 0 }, vad: expressionVad({ neutral: 1 - happy, happy }) } : {}),
  });
  test('close-ups are runs of large faces; strength grows with face size', () => {
    const samples = [s(0, 0), s(0.5, 0.1), s(1, 0.35), s(1.5, 0.5), s(2, 0.1), s(2.5, 0.7), s(3, 0.7)];
    const c = findCloseUps(samples, 3.5);
    assert.deepEqual(c.map((x) => [x.t, x.duration]), [[1, 1], [2.5, 1]]);
    assert.ok(c[0].strength < c[1].strength && c[1].strength === 1);
  });
  test('expression VAD: happy is positive valence, sad negative, neutral near 0', () => {
    assert.ok(expressionVad({ happy: 1 }).v > 0.5);
    assert.ok(expressionVad({ sad: 0.9, neutral: 0.1 }).v < -0.5);
    assert.ok(Math.abs(expressionVad({ neutral: 1 }).v) < 1e-9);
  });
  test('blend: a happy close-up pulls valence up, a frame without a face is unchanged', () => {
    const faces: FaceAnalysis = { method: 'test', samples: [s(0, 0), s(0.5, 0.5, 1)], closeUps: [], seconds: 0 };
    const vad = [{ t: seconds(0), v: -0.2, a: 0, d: 0 }, { t: seconds(0.5), v: -0.2, a: 0, d: 0 }];
    const out = blendFaceVad(vad, faces);
    assert.deepEqual(out[0], vad[0]);
    assert.ok(out[1].v > vad[1].v + 0.2, JSON.stringify(out[1]));
  });
});

describe('faces: the detector on real frames', () => {
  const skip = fs.existsSync(sintel) && fs.existsSync(hgf) ? false : `${media} (Sintel trailer, His Girl Friday) is absent`;
  async function framesAt(file: string, times: readonly number[]): Promise<Frame[]> {
    const probe = await probeMedia(file);
    const out: Frame[] = [];
    for await (const f of readFrames(file, probe, { fps: 2, maxWidth: 640, maxHeight: 640 })) {
      if (times.some((t) => Math.abs(f.t - t) < 0.26)) out.push({ ...f, data: f.data.slice() });
      if (f.t > Math.max(...times) + 0.5) break;
    }
    return out;
  }
  test('Sintel close-up at 14 s is a close-up; the snowy wide shot at 3 s has no face; HGF has faces', { skip, timeout: 120_000 }, async () => {
    const frames = [...(await framesAt(sintel, [3, 14.5]))];
    const r = await analyzeFaces(frames, 52);
    const wide = r.samples.find((x) => Math.abs(x.t - 3) < 0.3)!;
    const close = r.samples.find((x) => Math.abs(x.t - 14.5) < 0.3)!;
    assert.equal(wide.count, 0, JSON.stringify(wide));
    assert.ok(close.count >= 1 && close.height >= 0.3, JSON.stringify(close));
    assert.ok(close.expressions && Math.abs(Object.values(close.expressions).reduce((a, b) => a + b, 0) - 1) < 0.01);
    assert.ok(r.closeUps.some((c) => Math.abs(c.t - close.t) < 1e-9));
    const h = await analyzeFaces(await framesAt(hgf, [2]), 6);
    assert.ok(h.samples.some((x) => x.count >= 1), JSON.stringify(h.samples));
    console.log(`# faces: ${r.samples.length + h.samples.length} frames in ${(r.seconds + h.seconds).toFixed(1)} s (model loading included)`);
  });
});
