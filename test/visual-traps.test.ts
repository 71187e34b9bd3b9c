/**
 * Real-world traps for the picture analysis, end to end (probe → readFrames → analyzeFrames) on
 * files made with ffmpeg: black video, one frame, 8K, portrait 9:16, rotation metadata, VFR,
 * interlaced, anamorphic (non-square pixels). Each clip with a cut has it at a known time.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../src/ingest/ffmpeg.js';
import { probeMedia } from '../src/ingest/probe.js';
import { readFrames } from '../src/ingest/frames.js';
import { analyzeFrames, type VisualAnalysisDetail } from '../src/analysis/visual/detector.js';
import type { Probe } from '../src/model/artifacts.js';
import { makeVfrClip } from './support/clips.js';

let dir = '';

/** Two looks (testsrc2, then smptebars) of `frames` frames each at `size` and `fps`, cut between. */
async function cutClip(name: string, size: string, fps: number, frames: number, vf = '', extra: string[] = []): Promise<string> {
  const file = path.join(dir, name);
  const graph =
    `testsrc2=s=${size}:r=${fps},trim=end_frame=${frames}[a];smptebars=s=${size}:r=${fps},trim=end_frame=${frames}[b];` +
    `[a][b]concat=n=2:v=1:a=0${vf ? ',' + vf : ''},format=yuv420p`;
  await runFfmpeg(['-v', 'error', '-nostdin', '-y', '-filter_complex', graph, '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '20', ...extra, file]);
  return file;
}

async function run(file: string): Promise<{ probe: Probe; r: VisualAnalysisDetail; width: number; height: number }> {
  const probe = await probeMedia(file);
  let width = 0, height = 0;
  async function* frames(): AsyncGenerator<import('../src/model/artifacts.js').Frame> {
    for await (const f of readFrames(file, probe, { maxWidth: 160, maxHeight: 160, reuseBuffer: true })) {
      width = f.width;
      height = f.height;
      yield f;
    }
  }
  const r = await analyzeFrames(frames(), probe.duration);
  return { probe, r, width, height };
}

function assertSane(r: VisualAnalysisDetail, duration: number): void {
  assert.ok(r.shots.length >= 1);
  assert.equal(r.shots[0].start, 0);
  assert.ok(Math.abs(r.shots[r.shots.length - 1].end - duration) < 1e-6);
  for (const p of r.vad) for (const x of [p.v, p.a, p.d]) assert.ok(Number.isFinite(x) && x >= -1 && x <= 1);
  for (const f of r.shotFeatures) for (const x of [f.luma, f.motion, f.shake, f.zoom]) assert.ok(Number.isFinite(x));
  assert.doesNotThrow(() => JSON.stringify(r));
}

describe('visual traps through the real reader', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-vtraps-'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('black video: one shot, no cut, no fade, no flash; palette is black', async () => {
    const file = path.join(dir, 'black.mp4');
    await runFfmpeg(['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=black:s=320x180:r=24:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
    const { r, probe } = await run(file);
    assertSane(r, probe.duration);
    assert.equal(r.shots.length, 1);
    assert.deepEqual(r.events, []);
    assert.ok(r.shotFeatures[0].palette[0].lab[0] < 1);
    assert.equal(r.scenes[0].light, 'night');
  });

  test('one-frame video: one sample, one shot', async () => {
    const file = path.join(dir, 'one.mp4');
    await runFfmpeg(['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=24', '-frames:v', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
    const { r, probe } = await run(file);
    assertSane(r, probe.duration);
    assert.equal(r.samples.length, 1);
    assert.equal(r.shots.length, 1);
  });

  test('8K (7680×4320): analysed at 160×90, the cut found', async () => {
    const file = await cutClip('8k.mp4', '7680x4320', 8, 8);
    const { r, probe, width, height } = await run(file);
    assertSane(r, probe.duration);
    assert.deepEqual([width, height], [160, 90]);
    assert.deepEqual(r.cuts.cuts.map((c) => c.t), [1]);
  });

  test('portrait 9:16: 90×160 planes, the cut found', async () => {
    const file = await cutClip('portrait.mp4', '360x640', 24, 24);
    const { r, probe, width, height } = await run(file);
    assertSane(r, probe.duration);
    assert.deepEqual([width, height], [90, 160]);
    assert.deepEqual(r.cuts.cuts.map((c) => c.t), [1]);
  });

  test('rotation metadata (90°): frames come upright (portrait), the cut found', async () => {
    const coded = await cutClip('rot-coded.mp4', '320x180', 24, 24);
    const file = path.join(dir, 'rot90.mp4');
    // Rotation is a container tag set on a stream copy (the legacy tag reads back inverted: 270 → 90° clockwise).
    await runFfmpeg(['-v', 'error', '-y', '-i', coded, '-c', 'copy', '-metadata:s:v:0', 'rotate=270', file]);
    const { r, probe, width, height } = await run(file);
    assert.equal(probe.video.rotation % 180 !== 0, true, `rotation ${probe.video.rotation}`);
    assertSane(r, probe.duration);
    assert.ok(height > width, `${width}×${height}`);
    assert.deepEqual(r.cuts.cuts.map((c) => c.t), [1]);
  });

  test('anamorphic (SAR 4:3, 240×180 coded → 320×180 shown): display aspect kept, the cut found', async () => {
    const file = await cutClip('anamorphic.mp4', '240x180', 24, 24, 'setsar=4/3');
    const { r, probe, width, height } = await run(file);
    assert.equal(probe.video.displayWidth, 320);
    assertSane(r, probe.duration);
    assert.deepEqual([width, height], [160, 90]);
    assert.deepEqual(r.cuts.cuts.map((c) => c.t), [1]);
  });

  test('interlaced (25i, field-coded H.264): the cut within ±1 frame, no other', async () => {
    const file = await cutClip('interlaced.mp4', '320x180', 50, 50, 'interlace=scan=tff', ['-flags', '+ildct+ilme', '-x264-params', 'interlaced=1:tff=1']);
    const { r, probe } = await run(file);
    assertSane(r, probe.duration);
    assert.equal(r.cuts.cuts.length, 1, JSON.stringify(r.cuts.cuts));
    assert.ok(Math.abs(r.cuts.cuts[0].t - 1) <= 0.04 + 1e-6, `cut at ${r.cuts.cuts[0].t}`);
  });

  test('VFR (15 then 30 frames/s): real frame times, no cut from the rate change', async () => {
    const clip = await makeVfrClip(dir, { segments: [{ fps: 15, frames: 15 }, { fps: 30, frames: 30 }] });
    const { r, probe } = await run(clip.path);
    assertSane(r, probe.duration);
    assert.equal(r.samples.length, 45);
    r.samples.forEach((s, i) => assert.ok(Math.abs(s.t - clip.truth.frameTimes[i]) <= 0.002, `frame ${i}: ${s.t} vs ${clip.truth.frameTimes[i]}`));
    assert.deepEqual(r.cuts.cuts, []);
  });
});
