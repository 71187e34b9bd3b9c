/**
 * `filmscore score` end to end on a generated clip with espeak-ng dialogue, delivering at the
 * streaming preset (−14 LUFS, the hardest for the limiter) in every format and in 5.1:
 * the scored video's program audio (AAC) meets −14 LUFS ±0.5 LU at ≤ −1.0 dBTP, the score mix
 * and the stems never exceed −1.0 dBTP (all by ffmpeg ebur128), every format is written, and
 * every planned hit is measured and lies within ±10 ms of plan in sync-report.json.
 * A second clip starts at 1.5 s (first video timestamp): every delivered WAV carries the
 * Broadcast Wave TimeReference 1.5 × 48000 = 72000 samples (FLAC its TIME_REFERENCE tag), and
 * its cut- and prompt-driven hits are all measured within ±10 ms too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { listFiles, runCli } from './support/cli.js';
import { espeak, ffmpegEbur128, hasEspeak, tempDir, tool } from './support/audio-fixtures.js';
import { decodeWav, encodeWav24 } from '../src/deliver/wav.js';

interface SyncHit { t: number; errorMs: number | null; measuredT: number | null; measuredOn?: string }

/** Every planned hit (plan.json) is in sync-report.json, measured, and within ±10 ms of plan. */
function assertEveryHitInSync(out: string): void {
  const plan = JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')) as { hitPoints: { t: number }[] };
  const sync = JSON.parse(fs.readFileSync(path.join(out, 'sync-report.json'), 'utf8')) as { hits: SyncHit[] };
  console.log(`sync-report: ${sync.hits.filter((h) => h.errorMs !== null).length}/${plan.hitPoints.length} planned hits measured, errors ${sync.hits.map((h) => `${h.errorMs} ms`).join(', ')}`);
  assert.ok(plan.hitPoints.length >= 1, 'the plan has hit points');
  assert.deepEqual(sync.hits.map((h) => h.t), plan.hitPoints.map((h) => h.t), 'one sync entry per planned hit, in order');
  for (const h of sync.hits) {
    assert.ok(h.errorMs !== null && h.measuredT !== null, `hit at ${h.t} s was not measured`);
    assert.ok(Math.abs(h.errorMs) <= 10, `hit at ${h.t} s: ${h.errorMs} ms on ${h.measuredOn ?? 'the mix'}`);
  }
}

test('score --loudness streaming --formats flac,mp3,aiff --surround: program, mix, stems and sync meet the delivery criteria', { skip: hasEspeak() ? false : 'espeak-ng not installed', timeout: 600_000 }, async () => {
  const dir = tempDir('filmscore-cli-deliver-');
  try {
    const SR = 48000, seconds = 14;
    const audio = new Float32Array(seconds * SR);
    audio.set(espeak('I told you never to come back here. Leave now, while you still can.', dir, SR, 0.5), 3 * SR);
    const wav = path.join(dir, 'dialogue.wav');
    fs.writeFileSync(wav, encodeWav24([audio, audio], SR));
    const video = path.join(dir, 'scene.mp4');
    execFileSync(tool('ffmpeg'), ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=24:duration=${seconds}`, '-i', wav, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', video]);
    const out = path.join(dir, 'out');
    const r = await runCli(['score', video, '--out', out, '--prompt', 'tense hybrid orchestral electronic, huge hit at 00:00:08:00', '--loudness', 'streaming', '--formats', 'flac,mp3,aiff', '--surround', '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const files = listFiles(out);
    for (const f of ['mix.wav', 'mix.flac', 'mix.mp3', 'mix.aiff', 'mix-5.1.wav', 'mix-5.1.flac', 'scored.mp4', 'sync-report.json']) assert.ok(files.includes(f), `${f} missing: ${files.join(', ')}`);
    assert.ok(!files.includes('mix-5.1.mp3'), 'no 5.1 MP3 (MP3 is stereo at most)');
    const stems = files.filter((f) => /^stems\/(unducked\/)?[a-z]+\.wav$/.test(f));
    assert.ok(stems.length >= 4, stems.join(', '));
    for (const s of stems) assert.ok(files.includes(s.replace(/\.wav$/, '.flac')), `${s} has no FLAC`);

    const program = ffmpegEbur128(path.join(out, 'scored.mp4'));
    console.log(`scored.mp4 program, ffmpeg ebur128: ${program.integrated} LUFS (target −14), true peak ${program.truePeak} dBTP`);
    assert.ok(Math.abs(program.integrated + 14) <= 0.5, `program ${program.integrated} LUFS`);
    assert.ok(program.truePeak <= -1.0, `program true peak ${program.truePeak} dBTP`);
    for (const f of ['mix.wav', 'mix-5.1.wav', ...stems]) {
      const m = ffmpegEbur128(path.join(out, f));
      console.log(`  ${f}: true peak ${m.truePeak} dBTP`);
      assert.ok(m.truePeak <= -1.0, `${f}: true peak ${m.truePeak} dBTP`);
    }

    assertEveryHitInSync(out);

    const bad = await runCli(['score', video, '--out', path.join(dir, 'bad'), '--formats', 'wav,ogg', '--quiet']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.trim(), /--formats.*ogg|ogg.*--formats/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a clip whose first video timestamp is 1.5 s: every WAV’s bext TimeReference is 72000 samples; every hit within ±10 ms', { skip: hasEspeak() ? false : 'espeak-ng not installed', timeout: 600_000 }, async () => {
  const dir = tempDir('filmscore-cli-offset-');
  try {
    const SR = 48000, seconds = 12, offset = 1.5;
    const audio = new Float32Array(seconds * SR);
    audio.set(espeak('Get down. They are coming through the door.', dir, SR, 0.5), 1 * SR);
    const wav = path.join(dir, 'dialogue.wav');
    fs.writeFileSync(wav, encodeWav24([audio, audio], SR));
    // Three shots of 4 s (cuts at 4 s and 8 s), shifted as a whole to start at 1.5 s.
    const video = path.join(dir, 'offset.mp4');
    const shots = ['testsrc2', 'smptebars', 'mandelbrot'];
    execFileSync(tool('ffmpeg'), ['-v', 'error',
      ...shots.flatMap((src) => ['-f', 'lavfi', '-t', '4', '-i', `${src}=size=320x180:rate=24`]), '-i', wav,
      '-filter_complex', `${shots.map((_, i) => `[${i}:v]setsar=1,format=yuv420p[v${i}]`).join(';')};${shots.map((_, i) => `[v${i}]`).join('')}concat=n=3:v=1:a=0[v]`,
      '-map', '[v]', '-map', '3:a', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-output_ts_offset', String(offset), video]);
    const firstPts = execFileSync(tool('ffprobe'), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-read_intervals', '%+#1', '-of', 'csv=p=0', video], { encoding: 'utf8' }).trim();
    assert.equal(Number(firstPts), offset, `first video timestamp ${firstPts} s`);
    const out = path.join(dir, 'out');
    const r = await runCli(['score', video, '--out', out, '--prompt', 'tense thriller, hits at 00:00:02:00 and 00:00:10:12', '--formats', 'flac', '--surround', '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const files = listFiles(out);
    const wavs = files.filter((f) => f.endsWith('.wav'));
    assert.ok(wavs.includes('mix.wav') && wavs.includes('mix-5.1.wav') && wavs.filter((f) => f.startsWith('stems/')).length >= 4, wavs.join(', '));
    const expected = Math.round(offset * SR);
    assert.equal(expected, 72000);
    for (const f of wavs) {
      const w = decodeWav(fs.readFileSync(path.join(out, f)));
      assert.equal(w.timeReference, expected, `${f}: bext TimeReference ${w.timeReference}`);
    }
    for (const f of files.filter((x) => x.endsWith('.flac'))) {
      const tag = execFileSync(tool('ffprobe'), ['-v', 'error', '-show_entries', 'format_tags=TIME_REFERENCE', '-of', 'csv=p=0', path.join(out, f)], { encoding: 'utf8' }).trim();
      assert.equal(tag, String(expected), `${f}: TIME_REFERENCE ${tag}`);
    }
    console.log(`${wavs.length} WAVs and ${files.filter((x) => x.endsWith('.flac')).length} FLACs carry time reference ${expected} samples (${offset} s)`);
    // The scored video keeps the picture's timestamps (stream copied).
    const scoredPts = execFileSync(tool('ffprobe'), ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-read_intervals', '%+#1', '-of', 'csv=p=0', path.join(out, 'scored.mp4')], { encoding: 'utf8' }).trim();
    assert.ok(Math.abs(Number(scoredPts) - offset) < 1e-3, `scored.mp4 first video timestamp ${scoredPts} s`);
    const plan = JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')) as { hitPoints: { t: number; kind: string }[] };
    console.log(`plan: ${plan.hitPoints.length} hit points (${plan.hitPoints.map((h) => `${h.kind} ${h.t.toFixed(3)} s`).join(', ')})`);
    assert.ok(plan.hitPoints.length >= 2, 'the prompt’s two hits (and the cuts) are planned');
    assertEveryHitInSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
