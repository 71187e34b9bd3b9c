/**
 * The frame reader's default short cuts far below the source size (src/ingest/frames.ts,
 * fastPathArgs): `field=top` row halvings before the area scale and no deblocking of B-frames.
 * The arithmetic is property-tested; on a generated 1080p H.264 clip with B-frames (cuts, a
 * dissolve, a flash frame: exact ground truth) the visual analysis must find the same cuts,
 * transitions and flashes as the bit-exact reader (`exact: true`).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Probe } from '../src/model/artifacts.js';
import { FIELD_ROWS_PER_OUTPUT_ROW, fastPathArgs, rowHalvings } from '../src/ingest/frames.js';
import { runFfmpeg } from '../src/ingest/ffmpeg.js';
import { probeMedia } from '../src/ingest/probe.js';
import { analyzePictureFile } from '../src/analysis/visual/picture-worker.js';

/** Just the stream facts fastPathArgs reads. */
function streamProbe(width: number, height: number, rotation = 0): Probe {
  return { video: { width, height, rotation } } as unknown as Probe;
}

describe('row halvings and decoder short cut (arithmetic)', () => {
  test('each halving leaves ≥ FIELD_ROWS_PER_OUTPUT_ROW source rows per output row, and one more would not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8640 }), fc.integer({ min: 1, max: 720 }), (h, out) => {
        const k = rowHalvings(h, out);
        assert.ok(k >= 0 && Number.isInteger(k));
        if (k > 0) assert.ok(h / 2 ** k >= FIELD_ROWS_PER_OUTPUT_ROW * out, `h ${h} out ${out} k ${k}`);
        assert.ok(h / 2 ** (k + 1) < FIELD_ROWS_PER_OUTPUT_ROW * out, `h ${h} out ${out}: one more halving fits`);
      }),
    );
  });
  test('1080p to 90 rows: two halvings and B-frame deblocking skipped; small sources untouched', () => {
    assert.deepEqual(fastPathArgs(streamProbe(1920, 1080), 90), { decoder: ['-skip_loop_filter', 'bidir'], rowFilters: ['field=top', 'field=top'] });
    // 480×204 to 68 rows: under 4 source rows per analysis row, so bit-exact.
    assert.deepEqual(fastPathArgs(streamProbe(480, 204), 68), { decoder: [], rowFilters: [] });
    // 8K: 4320 rows to 90 → 4 halvings (270 rows, 3 per output row).
    assert.equal(fastPathArgs(streamProbe(7680, 4320), 90).rowFilters.length, 4);
  });
  test('rotation: the rows that reach the filters are the display rows (a rotated 1080p is 1920 rows tall)', () => {
    // Portrait 9:16 from a 90°-rotated 1920×1080 stream, analysed at 90×160.
    assert.equal(fastPathArgs(streamProbe(1920, 1080, 90), 160).rowFilters.length, rowHalvings(1920, 160));
    assert.equal(rowHalvings(1920, 160), 2);
    assert.equal(fastPathArgs(streamProbe(1920, 1080, 0), 160).rowFilters.length, rowHalvings(1080, 160));
  });
});

describe('same analysis as the bit-exact reader on a 1080p H.264 clip', () => {
  const FPS = 24;
  let dir = '';
  let file = '';
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-fastpath-'));
    file = path.join(dir, 'hd.mp4');
    // 0–1.5 s testsrc2 | cut at frame 36 | mandelbrot (rendered small, scaled up) with a white
    // flash frame at frame 54 | dissolve into smptehdbars from 3.5 s (frame 84) for 1 s | 6 s.
    const S = '1920x1080';
    const graph =
      `testsrc2=s=${S}:r=${FPS},trim=end_frame=36,setpts=PTS-STARTPTS,format=yuv420p[a];` +
      `mandelbrot=s=480x270:r=${FPS},scale=1920:1080,trim=end_frame=84,setpts=PTS-STARTPTS,` +
      `drawbox=c=white:t=fill:enable='eq(n\\,18)',format=yuv420p[b];` +
      `smptehdbars=s=${S}:r=${FPS},trim=end_frame=84,setpts=PTS-STARTPTS,format=yuv420p[c];` +
      `[b][c]xfade=transition=fade:duration=1:offset=2[bc];[a][bc]concat=n=2:v=1:a=0,setsar=1`;
    await runFfmpeg(['-v', 'error', '-nostdin', '-y', '-filter_complex', graph, '-frames:v', String(6 * FPS),
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-bf', '3', file]);
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('cuts, dissolve and flash as with exact decoding; content distance within 0.5 on average', async () => {
    const probe = await probeMedia(file);
    const read = { maxWidth: 160, maxHeight: 160, reuseBuffer: true };
    assert.equal(fastPathArgs(probe, 90).decoder.length, 2, 'the clip takes the decoder short cut');
    const fast = await analyzePictureFile(file, probe, probe.duration, read);
    const exact = await analyzePictureFile(file, probe, probe.duration, { ...read, exact: true });
    const frames = (ts: readonly number[]): number[] => ts.map((t) => Math.round(t * FPS));
    const shotsOf = (r: typeof fast): string[] => r.shots.map((s) => `${s.transition}@${Math.round(s.start * FPS)}`);
    const flashes = (r: typeof fast): number[] => frames(r.events.filter((e) => e.kind === 'flash').map((e) => e.t));
    let sum = 0;
    for (let i = 0; i < fast.metrics.content.length; i++) sum += Math.abs(fast.metrics.content[i] - exact.metrics.content[i]);
    const meanDiff = sum / fast.metrics.content.length;
    console.log(`# 1080p fast path: shots ${shotsOf(fast).join(' ')} (exact: ${shotsOf(exact).join(' ')}); flashes ${flashes(fast)}; mean |Δcontent| ${meanDiff.toFixed(3)}`);
    assert.equal(fast.samples.length, 6 * FPS);
    assert.deepEqual(frames(fast.cuts.cuts.map((c) => c.t)), [36]);
    assert.deepEqual(frames(fast.cuts.cuts.map((c) => c.t)), frames(exact.cuts.cuts.map((c) => c.t)));
    assert.deepEqual(shotsOf(fast), shotsOf(exact));
    assert.deepEqual(fast.shots.map((s) => s.transition), ['cut', 'cut', 'dissolve']);
    assert.ok(Math.abs(fast.shots[2].start - 3.5) <= 0.5, `dissolve at ${fast.shots[2].start}`);
    assert.deepEqual(flashes(fast), flashes(exact));
    assert.ok(flashes(fast).some((n) => Math.abs(n - 54) <= 1), `flash at frame 54: ${flashes(fast)}`);
    assert.ok(meanDiff < 0.5, `mean |Δcontent| ${meanDiff}`);
  });
});
