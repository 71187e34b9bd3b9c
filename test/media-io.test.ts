/**
 * Media I/O: probe, streamed frames, aligned audio extraction, re-mux — on real clips
 * generated with ffmpeg lavfi sources (test/support/clips.ts) and on the Sintel trailer.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { probeMedia, isVariableFrameRate, normaliseRotation, parseRational, parsePacketRows, pictureDuration } from '../src/ingest/probe.js';
import { readFrames, decodeOnlySeconds, analysisSize, parseShowinfoLine, parseShowinfoTimeBase, showinfoSeconds } from '../src/ingest/frames.js';
import { extractAudio, extractDialogueMono, extractProgramStereo48k } from '../src/ingest/audio.js';
import { ffmpegCapabilities, hasFpsMode, passthroughSyncArgs, resetMediaToolCache, runFfmpeg, runFfmpegPassthrough } from '../src/ingest/ffmpeg.js';
import { createRequire } from 'node:module';
import { muxScoredVideo, videoStreamMd5, scoredVideoName, containerFor } from '../src/deliver/mux.js';
import { UserInputError } from '../src/model/errors.js';
import type { Frame, Probe } from '../src/model/artifacts.js';
import { makeBadFile, makeClip, makeVfrClip, type Clip } from './support/clips.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharedMedia = path.resolve(projectRoot, '../shared/media');

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-media-io-'));
});
after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function allFrames(file: string, probe: Probe, opts = {}): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const f of readFrames(file, probe, opts)) frames.push({ ...f, data: f.data.slice() });
  return frames;
}

function assertTimesClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: frame count`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${what}: frame ${i} at ${actual[i]} s, expected ${expected[i]} s`);
  }
}

/** Frequency of a steady tone from its upward zero crossings (Hz). */
function zeroCrossingHz(x: Float32Array, rate: number, from: number, to: number): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = Math.max(1, from); i < to; i++) {
    if (x[i - 1]! < 0 && x[i]! >= 0) {
      if (first < 0) first = i;
      else count++;
      last = i;
    }
  }
  return count > 0 ? (count * rate) / (last - first) : 0;
}

function rms(x: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** A WAV (48 kHz stereo s16) of `seconds`, from an ffmpeg lavfi audio source expression. */
async function makeWav(file: string, seconds: number, expr: string): Promise<string> {
  await runFfmpeg(['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc=${expr}:s=48000:d=${seconds.toFixed(6)}`,
    '-ac', '2', '-c:a', 'pcm_s16le', file]);
  return file;
}

// ---------------------------------------------------------------- pure helpers

describe('probe helpers', () => {
  test('parseRational reads ffprobe rationals and refuses 0/0', () => {
    assert.deepEqual(parseRational('24000/1001'), { num: 24000, den: 1001 });
    assert.deepEqual(parseRational('25'), { num: 25, den: 1 });
    assert.deepEqual(parseRational('0/0'), { num: 0, den: 1 });
    assert.deepEqual(parseRational('4:3', ':'), { num: 4, den: 3 });
  });

  test('normaliseRotation: display matrix is counter-clockwise, tag is clockwise', () => {
    assert.equal(normaliseRotation(-90, undefined), 90);
    assert.equal(normaliseRotation(90, undefined), 270);
    assert.equal(normaliseRotation(180, undefined), 180);
    assert.equal(normaliseRotation(-180, undefined), 180);
    assert.equal(normaliseRotation(undefined, 90), 90);
    assert.equal(normaliseRotation(undefined, 450), 90);
    assert.equal(normaliseRotation(undefined, undefined), 0);
    assert.equal(normaliseRotation(-90, 270), 90);
  });

  test('constant rates rounded to container clocks are not VFR; a rate change is (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 120 }), fc.constantFrom(1000, 90000, 1e6), fc.integer({ min: 5, max: 300 }), (fps, clock, n) => {
        const pts = Array.from({ length: n }, (_, i) => Math.round((i / fps) * clock) / clock);
        return !isVariableFrameRate(pts);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 60 }), fc.integer({ min: 3, max: 50 }), (fps, n) => {
        const pts = Array.from({ length: n }, (_, i) => i / fps);
        const end = pts[n - 1]!;
        for (let i = 1; i <= n; i++) pts.push(end + i / (fps * 2));
        return isVariableFrameRate(pts);
      }),
    );
  });

  test('packet rows parsed from the bytes give the same doubles as split + Number() (property)', () => {
    // The plain way, as the probe read them before: text lines, fields, Number(), sort by pts.
    const plain = (text: string): { pts: number[]; durations: number[]; streamIndex?: number } => {
      const rows: [number, number][] = [];
      let streamIndex: number | undefined;
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        const [indexText, ptsText, durText, flags] = line.split(',');
        streamIndex ??= Number(indexText);
        if (flags?.includes('D')) continue;
        const pts = Number(ptsText);
        if (ptsText === undefined || ptsText === 'N/A' || ptsText === '' || !Number.isFinite(pts)) continue;
        rows.push([pts, durText && durText !== 'N/A' ? Number(durText) : NaN]);
      }
      rows.sort((a, b) => a[0] - b[0]);
      return { pts: rows.map((r) => r[0]), durations: rows.map((r) => r[1]), ...(streamIndex !== undefined ? { streamIndex } : {}) };
    };
    const time = fc.oneof(
      fc.integer({ min: -5_000_000, max: 9_000_000_000 }).map((us) => `${us < 0 ? '-' : ''}${Math.floor(Math.abs(us) / 1e6)}.${String(Math.abs(us) % 1e6).padStart(6, '0')}`),
      fc.constantFrom('N/A', '', '1e-3', '12', '0.1234567890123456789', '3.'),
    );
    const row = fc.tuple(fc.integer({ min: 0, max: 3 }), time, time, fc.constantFrom('K__', '___', '_D_', 'KD_', '__'));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n') + '\n';
        const got = parsePacketRows(Buffer.from(text, 'latin1'));
        const want = plain(text.replace(/\r/g, ''));
        assert.deepEqual(Array.from(got.pts), want.pts);
        assert.deepEqual(Array.from(got.durations), want.durations);
        assert.equal(got.streamIndex, want.streamIndex);
      }),
      { numRuns: 300 },
    );
  });

  test('pictureDuration ends at the last frame plus its duration', () => {
    assert.equal(pictureDuration({ pts: [1, 1.5, 2], durations: [0.5, 0.5, 0.5] }), 1.5);
    assert.equal(pictureDuration({ pts: [0, 0.04, 0.08], durations: [NaN, NaN, NaN] }), 0.12);
  });

  test('analysisSize keeps display aspect with even sides, never upscales by default', () => {
    assert.deepEqual(analysisSize(1920, 1080), { width: 320, height: 180 });
    assert.deepEqual(analysisSize(160, 90), { width: 160, height: 90 });
    assert.deepEqual(analysisSize(90, 160), { width: 90, height: 160 });
    assert.deepEqual(analysisSize(853, 480, { maxWidth: 100 }), { width: 100, height: 56 });
    assert.deepEqual(analysisSize(160, 90, { width: 64 }), { width: 64, height: 36 });
  });

  test('parseShowinfoLine reads the 2018 and 5.x layouts', () => {
    const old = '[Parsed_showinfo_1 @ 0x5c0] n:   3 pts:   3072 pts_time:0.24    pos:     8191 fmt:rgb24 sar:1/1 s:160x90 i:P';
    const neu = '[Parsed_showinfo_2 @ 0x55d] n:  12 pts:  12012 pts_time:0.4004  duration:   1001 duration_time:0.03337 pos: 1 fmt:yuv420p';
    assert.deepEqual(parseShowinfoLine(old), { n: 3, pts: 3072, ptsTime: 0.24 });
    assert.deepEqual(parseShowinfoLine(neu), { n: 12, pts: 12012, ptsTime: 0.4004 });
    const config = '[Parsed_showinfo_1 @ 0x1] config in time_base: 1/12800, frame_rate: 25/1';
    assert.equal(parseShowinfoLine(config), undefined);
    assert.equal(parseShowinfoTimeBase(config), 1 / 12800);
    // pts × time base is exact where the printed pts_time (6 significant digits) is not.
    assert.equal(showinfoSeconds({ n: 0, pts: 43_200_000_000, ptsTime: 3.375e6 }, 1 / 12800), 3_375_000);
    assert.equal(showinfoSeconds({ n: 0, pts: 1234567, ptsTime: 1234.57 }, 1 / 1000), 1234.567);
  });
});

// ---------------------------------------------------------------- constant frame rates

describe('constant frame rates', () => {
  for (const fps of ['24000/1001', '25', '30000/1001']) {
    test(`${fps} fps mp4 with audio: probe, frame times, audio`, async () => {
      const clip = await makeClip(dir, { fps, seconds: 2, audio: true, audioFrequency: 440 });
      const probe = await probeMedia(clip.path);
      const [num, den] = fps.includes('/') ? fps.split('/').map(Number) : [Number(fps), 1];
      assert.equal(probe.video.fps.num / probe.video.fps.den, num! / den!);
      assert.equal(probe.video.avgFps.num / probe.video.avgFps.den, num! / den!);
      assert.equal(probe.video.vfr, false);
      assert.equal(probe.video.frameCount, clip.truth.frameCount);
      assert.ok(Math.abs(probe.duration - clip.truth.duration) < 1e-3, `duration ${probe.duration} vs ${clip.truth.duration}`);
      assert.ok(Math.abs(probe.startTime) < 1e-6);
      assert.equal(probe.video.codec, 'h264');
      assert.equal(probe.video.pixFmt, 'yuv420p');
      assert.equal(probe.video.rotation, 0);
      assert.deepEqual([probe.video.width, probe.video.height, probe.video.displayWidth, probe.video.displayHeight], [160, 90, 160, 90]);
      assert.deepEqual(probe.video.sar, { num: 1, den: 1 });
      assert.equal(probe.audio.length, 1);
      assert.equal(probe.audio[0]!.sampleRate, 48000);
      assert.equal(probe.subtitleStreams, 0);
      assert.equal(probe.attachments, 0);

      const frames = await allFrames(clip.path, probe);
      assertTimesClose(frames.map((f) => f.t), clip.truth.frameTimes, 1e-3, fps);
      assert.deepEqual(frames.map((f) => f.index), frames.map((_, i) => i));
      for (const f of frames) assert.equal(f.data.length, 160 * 90 * 3);

      const a = await extractAudio(clip.path, probe, { sampleRate: 48000, channels: 2 });
      assert.equal(a.hadAudio, true);
      assert.equal(a.channels.length, 2);
      for (const ch of a.channels) assert.equal(ch.length, Math.round(probe.duration * 48000));
      const hz = zeroCrossingHz(a.channels[0]!, 48000, 4800, a.channels[0]!.length - 4800);
      assert.ok(Math.abs(hz - 440) < 2, `tone measured at ${hz} Hz`);
      const mono = await extractDialogueMono(clip.path, probe);
      assert.equal(mono.length, Math.round(probe.duration * 16000));
      assert.ok(Math.abs(zeroCrossingHz(mono, 16000, 1600, mono.length - 1600) - 440) < 2);
    });
  }

  test('fps option subsamples with real timestamps', async () => {
    const clip = await makeClip(dir, { name: 'sub25', fps: '25', seconds: 2 });
    const probe = await probeMedia(clip.path);
    const frames = await allFrames(clip.path, probe, { fps: 5 });
    assertTimesClose(frames.map((f) => f.t), Array.from({ length: 10 }, (_, i) => i * 0.2), 1e-3, 'fps 5 of 25');
  });

  test('stopping early ends the reader without reading the rest', async () => {
    const clip = await makeClip(dir, { name: 'early', fps: '25', seconds: 4 });
    const probe = await probeMedia(clip.path);
    let n = 0;
    for await (const f of readFrames(clip.path, probe, { width: 64 })) {
      assert.equal(f.width, 64);
      assert.equal(f.height, 36);
      if (++n === 3) break;
    }
    assert.equal(n, 3);
    assert.ok((await decodeOnlySeconds(clip.path)) > 0);
  });
});

// ---------------------------------------------------------------- codecs & containers

describe('codecs and containers', () => {
  const cases = [
    { codec: 'libx265', container: 'mp4', name: 'hevc' },
    { codec: 'mpeg4', container: 'avi', name: 'mpeg4' },
    { codec: 'prores', container: 'mov', name: 'prores' },
    { codec: 'libvpx-vp9', container: 'webm', name: 'vp9' },
    { codec: 'libx264', container: 'mkv', name: 'h264' },
  ] as const;
  for (const c of cases) {
    test(`${c.codec} in ${c.container}`, async () => {
      const clip = await makeClip(dir, { codec: c.codec, container: c.container, fps: '25', seconds: 1, audio: true });
      const probe = await probeMedia(clip.path);
      assert.equal(probe.video.codec, c.name);
      assert.equal(probe.video.frameCount, 25);
      assert.ok(Math.abs(probe.duration - 1) < 2e-3, `duration ${probe.duration}`);
      assert.equal(probe.video.vfr, false);
      const frames = await allFrames(clip.path, probe);
      assertTimesClose(frames.map((f) => f.t), clip.truth.frameTimes, 1.5e-3, `${c.codec}/${c.container}`);
      const a = await extractAudio(clip.path, probe, { sampleRate: 16000, channels: 1 });
      assert.equal(a.channels[0]!.length, 16000);
      assert.ok(Math.abs(zeroCrossingHz(a.channels[0]!, 16000, 1600, 14400) - 440) < 3);
    });
  }
});

// ---------------------------------------------------------------- VFR, offsets, rotation, SAR

describe('timing and geometry', () => {
  for (const container of ['mkv', 'mp4'] as const) {
    test(`VFR ${container}: detected, frame times follow the real intervals`, async () => {
      const clip = await makeVfrClip(dir, { container, segments: [{ fps: 10, frames: 6 }, { fps: 15, frames: 9 }, { fps: 30, frames: 15 }] });
      const probe = await probeMedia(clip.path);
      assert.equal(probe.video.vfr, true);
      assert.equal(probe.video.frameCount, clip.truth.frameCount);
      assert.ok(Math.abs(probe.duration - clip.truth.duration) < 2e-3, `duration ${probe.duration} vs ${clip.truth.duration}`);
      const frames = await allFrames(clip.path, probe);
      assertTimesClose(frames.map((f) => f.t), clip.truth.frameTimes, 1.5e-3, `vfr ${container}`);
    });
  }

  for (const container of ['mkv', 'mp4'] as const) {
    test(`start offset 1.5 s in ${container}: probe startTime, first t = 0, audio aligned`, async () => {
      const clip = await makeClip(dir, { container, fps: '30000/1001', seconds: 2, startOffset: 1.5, audio: true });
      const probe = await probeMedia(clip.path);
      assert.ok(Math.abs(probe.startTime - 1.5) < 2e-3, `startTime ${probe.startTime}`);
      assert.ok(Math.abs(probe.duration - clip.truth.duration) < 2e-3);
      const frames = await allFrames(clip.path, probe);
      assert.equal(frames[0]!.t, 0);
      assertTimesClose(frames.map((f) => f.t), clip.truth.frameTimes, 1.5e-3, `offset ${container}`);
      const a = await extractAudio(clip.path, probe, { sampleRate: 48000, channels: 1 });
      const x = a.channels[0]!;
      assert.equal(x.length, Math.round(probe.duration * 48000));
      // The tone covers the picture: no leading silence beyond the AAC priming smear (< 25 ms).
      assert.ok(rms(x, 1200, 4800) > 0.05, 'tone present from the start'); // lavfi sine: amplitude 1/8, rms 0.088
    });
  }

  test('audio starting 0.5 s after the picture is padded with silence', async () => {
    const clip = await makeClip(dir, { name: 'late-audio', container: 'mkv', fps: '25', seconds: 2, audio: true, audioDelay: 0.5 });
    const probe = await probeMedia(clip.path);
    const a = await extractAudio(clip.path, probe, { sampleRate: 16000, channels: 1 });
    const x = a.channels[0]!;
    assert.equal(x.length, 32000);
    assert.ok(rms(x, 0, 7600) < 1e-3, `silence before 0.5 s (rms ${rms(x, 0, 7600)})`);
    assert.ok(rms(x, 8400, 32000) > 0.05, 'tone after 0.5 s');
  });

  test('audio starting 0.48 s before the picture is trimmed', async () => {
    const clip = await makeClip(dir, { name: 'early-audio', container: 'mkv', fps: '25', seconds: 2, audio: true, audioDelay: -0.48 });
    const probe = await probeMedia(clip.path);
    assert.equal(clip.truth.startOffset, 0.48);
    assert.ok(Math.abs(probe.startTime - 0.48) < 2e-3, `startTime ${probe.startTime}`);
    const frames = await allFrames(clip.path, probe, { width: 32 });
    assert.equal(frames[0]!.t, 0);
    assert.equal(frames.length, 50);
    const a = await extractAudio(clip.path, probe, { sampleRate: 16000, channels: 1 });
    const x = a.channels[0]!;
    assert.equal(x.length, 32000);
    assert.ok(rms(x, 0, 400) > 0.05 && rms(x, 0, 32000) > 0.05, 'tone throughout');
  });

  for (const rotation of [90, 270, 180] as const) {
    test(`rotation ${rotation}° clockwise: probe and rotated frames`, async () => {
      const clip = await makeClip(dir, { source: 'halves', fps: '25', seconds: 0.4, rotation });
      const probe = await probeMedia(clip.path);
      assert.equal(probe.video.rotation, rotation);
      assert.deepEqual([probe.video.displayWidth, probe.video.displayHeight], [clip.truth.displayWidth, clip.truth.displayHeight]);
      const frames = await allFrames(clip.path, probe);
      assert.equal(frames.length, 10);
      const f = frames[0]!;
      assert.deepEqual([f.width, f.height], [clip.truth.displayWidth, clip.truth.displayHeight]);
      // The coded picture is white on the left: clockwise 90 puts it on top, 270 at the bottom, 180 on the right.
      const at = (x: number, y: number): number => f.data[(y * f.width + x) * 3]!;
      const [white, black] =
        rotation === 90 ? [at(f.width / 2, 5), at(f.width / 2, f.height - 5)]
        : rotation === 270 ? [at(f.width / 2, f.height - 5), at(f.width / 2, 5)]
        : [at(f.width - 5, f.height / 2), at(5, f.height / 2)];
      assert.ok(white > 200 && black < 50, `white ${white}, black ${black}`);
    });
  }

  test('non-square pixels: display size and frames follow the sample aspect ratio', async () => {
    const clip = await makeClip(dir, { name: 'sar', fps: '25', seconds: 0.4, sar: '4:3' });
    const probe = await probeMedia(clip.path);
    assert.deepEqual(probe.video.sar, { num: 4, den: 3 });
    assert.equal(probe.video.displayWidth, 213);
    const frames = await allFrames(clip.path, probe);
    assert.deepEqual([frames[0]!.width, frames[0]!.height], [214, 90]);
  });

  test('a clip without audio gives silence of the right length and hadAudio = false', async () => {
    const clip = await makeClip(dir, { name: 'silent', fps: '24000/1001', seconds: 1 });
    const probe = await probeMedia(clip.path);
    assert.equal(probe.audio.length, 0);
    const a = await extractProgramStereo48k(clip.path, probe);
    assert.equal(a.hadAudio, false);
    assert.equal(a.streamIndex, null);
    assert.equal(a.channels.length, 2);
    assert.equal(a.channels[0]!.length, Math.round(probe.duration * 48000));
    assert.ok(a.channels.every((c) => c.every((s) => s === 0)));
  });
});

// ---------------------------------------------------------------- mux

describe('mux', () => {
  const muxCases: { label: string; make: () => Promise<Clip> }[] = [
    { label: 'mp4 with audio and a 1.5 s start offset', make: () => makeClip(dir, { name: 'mux-mp4', container: 'mp4', fps: '30000/1001', seconds: 2, audio: true, startOffset: 1.5 }) },
    { label: 'mkv with subtitles and an attachment', make: () => makeClip(dir, { name: 'mux-mkv', container: 'mkv', fps: '24000/1001', seconds: 2, audio: true, subtitles: true, attachment: true }) },
    { label: 'mov (prores) rotated 90°', make: () => makeClip(dir, { name: 'mux-mov', container: 'mov', codec: 'prores', fps: '25', seconds: 1, rotation: 90 }) },
    { label: 'webm (vp9)', make: () => makeClip(dir, { name: 'mux-webm', container: 'webm', fps: '25', seconds: 1, audio: true }) },
    { label: 'avi (mpeg4)', make: () => makeClip(dir, { name: 'mux-avi', container: 'avi', fps: '25', seconds: 1 }) },
  ];
  for (const c of muxCases) {
    test(`${c.label}: video stream bit-identical, new audio aligned`, async () => {
      const clip = await c.make();
      const probe = await probeMedia(clip.path);
      // Program audio: silence with a 1 kHz burst at film time 0.5 s.
      const wav = await makeWav(path.join(dir, `${path.basename(clip.path)}.wav`), probe.duration, `'if(between(t\\,0.5\\,0.55)\\,0.5*sin(2*PI*1000*t)\\,0)'`);
      const out = path.join(dir, `out-${path.basename(clip.path, path.extname(clip.path))}-${scoredVideoName(clip.path)}`);
      await muxScoredVideo({ video: clip.path, probe, audioWav: wav, out });
      assert.equal(await videoStreamMd5(out), await videoStreamMd5(clip.path));
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp-')), [], 'no temp file left');
      const p2 = await probeMedia(out);
      assert.equal(p2.audio.length, 1);
      assert.equal(p2.video.rotation, probe.video.rotation);
      assert.ok(Math.abs(p2.startTime - probe.startTime) < 1e-3);
      assert.equal(p2.subtitleStreams, probe.subtitleStreams);
      assert.equal(p2.attachments, probe.attachments);
      const a = await extractAudio(out, p2, { sampleRate: 48000, channels: 1 });
      const x = a.channels[0]!;
      let onset = -1;
      for (let i = 0; i < x.length; i++) if (Math.abs(x[i]!) > 0.1) { onset = i / 48000; break; }
      assert.ok(Math.abs(onset - 0.5) < 0.005, `burst at ${onset} s, expected 0.5 s`);
    });
  }

  test('scoredVideoName keeps the container', () => {
    assert.equal(scoredVideoName('/a/b/scene.MOV'), 'scored.mov');
    assert.equal(scoredVideoName('scene.m4v'), 'scored.mp4');
    assert.equal(scoredVideoName('scene.ts'), 'scored.mkv');
    assert.equal(containerFor('x.webm'), 'webm');
  });
});

// ---------------------------------------------------------------- bad input

describe('bad input', () => {
  for (const kind of ['truncated', 'zero-frames', 'text-as-mp4', 'no-video', 'empty'] as const) {
    test(`${kind} → UserInputError naming the file`, async () => {
      const file = await makeBadFile(dir, kind);
      await assert.rejects(probeMedia(file), (e: unknown) => {
        assert.ok(e instanceof UserInputError, String(e));
        assert.ok(e.message.includes(path.basename(file)), e.message);
        assert.ok(!e.message.includes('\n'));
        return true;
      });
    });
  }
  test('missing file → UserInputError naming the file', async () => {
    const file = path.join(dir, 'nope.mp4');
    await assert.rejects(probeMedia(file), (e: unknown) => e instanceof UserInputError && e.message.includes('nope.mp4') && /not found/.test(e.message));
  });
});

// ---------------------------------------------------------------- tools and the real clip

test('ffmpegCapabilities reports a version and the filters used', async () => {
  const caps = await ffmpegCapabilities();
  assert.match(caps.version, /^ffmpeg version /);
  assert.ok(caps.filters.has('showinfo') && caps.filters.has('aresample'));
  assert.equal(caps.hasEbur128, true);
  assert.ok(caps.encoders.has('aac'));
  assert.equal(await ffmpegCapabilities(), await ffmpegCapabilities());
});

test('the passthrough sync option is learnt from a run: -fps_mode on this build, -vsync on the 2018 fallback build', async () => {
  const fallback = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const one = (sync: readonly string[]): string[] => ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=32x32:r=5', '-frames:v', '3', ...sync, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'];
  const saved = process.env.FILMSCORE_FFMPEG;
  try {
    for (const [bin, expected] of [[undefined, true], [fallback, false]] as const) {
      if (bin === undefined) delete process.env.FILMSCORE_FFMPEG;
      else if (fs.existsSync(bin)) process.env.FILMSCORE_FFMPEG = bin;
      else continue;
      resetMediaToolCache();
      const run = runFfmpegPassthrough(one);
      const asked = hasFpsMode(); // while the run is going: answered by it, no run of its own
      assert.equal((await run).stdout.length, 3 * 32 * 32, 'three frames through');
      assert.equal(await asked, expected, `fps_mode on ${bin ?? 'the system ffmpeg'}`);
      assert.deepEqual(await passthroughSyncArgs(), expected ? ['-fps_mode', 'passthrough'] : ['-vsync', 'passthrough']);
      assert.equal((await runFfmpegPassthrough(one)).stdout.length, 3 * 32 * 32, 'and again with the cached answer');
    }
  } finally {
    if (saved === undefined) delete process.env.FILMSCORE_FFMPEG;
    else process.env.FILMSCORE_FFMPEG = saved;
    resetMediaToolCache();
  }
});

test('Sintel trailer: probe, first frames, dialogue audio', { skip: fs.existsSync(sharedMedia) ? false : `no ${sharedMedia}` }, async () => {
  const file = path.join(sharedMedia, 'sintel-trailer.mp4');
  const probe = await probeMedia(file);
  assert.deepEqual(probe.video.fps, { num: 24, den: 1 });
  assert.equal(probe.video.vfr, false);
  assert.deepEqual([probe.video.width, probe.video.height], [480, 204]);
  assert.equal(probe.video.index, 1);
  assert.equal(probe.audio[0]!.index, 0);
  assert.ok(Math.abs(probe.duration - 52.1667) < 0.01, `duration ${probe.duration}`);
  assert.equal(probe.video.frameCount, 1252);
  let n = 0;
  for await (const f of readFrames(file, probe)) {
    assert.ok(Math.abs(f.t - n / 24) < 1e-3);
    assert.deepEqual([f.width, f.height], [320, 136]);
    if (++n === 48) break;
  }
  const mono = await extractDialogueMono(file, probe);
  assert.equal(mono.length, Math.round(probe.duration * 16000));
  assert.ok(rms(mono, 0, mono.length) > 0.01);
});

test('His Girl Friday (B-frames, 1/3000 time base): mux keeps the video stream bit-identical', { skip: fs.existsSync(sharedMedia) ? false : `no ${sharedMedia}` }, async () => {
  const file = path.join(sharedMedia, 'his-girl-friday.mp4');
  const probe = await probeMedia(file);
  const wav = await makeWav(path.join(dir, 'hgf.wav'), probe.duration, `'0.1*sin(2*PI*440*t)'`);
  const out = path.join(dir, scoredVideoName(file));
  await muxScoredVideo({ video: file, probe, audioWav: wav, out });
  assert.equal(await videoStreamMd5(out), await videoStreamMd5(file));
  const p2 = await probeMedia(out);
  assert.equal(p2.audio.length, 1);
  assert.ok(Math.abs(p2.duration - probe.duration) < 1e-3);
});
