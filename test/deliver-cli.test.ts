/**
 * `filmscore score` end to end on a generated clip with espeak-ng dialogue, delivering at the
 * streaming preset (−14 LUFS, the hardest for the limiter) in every format and in 5.1:
 * the scored video's program audio (AAC) meets −14 LUFS ±0.5 LU at ≤ −1.0 dBTP, the score mix
 * and the stems never exceed −1.0 dBTP (all by ffmpeg ebur128), every format is written, and
 * every measured hit lies within ±10 ms of plan in sync-report.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { listFiles, runCli } from './support/cli.js';
import { espeak, ffmpegEbur128, hasEspeak, tempDir, tool } from './support/audio-fixtures.js';
import { encodeWav24 } from '../src/deliver/wav.js';

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

    const sync = JSON.parse(fs.readFileSync(path.join(out, 'sync-report.json'), 'utf8')) as { hits: { t: number; errorMs: number | null; measuredOn?: string }[] };
    const measured = sync.hits.filter((h) => h.errorMs !== null);
    assert.ok(measured.length >= 1, 'at least one hit measured');
    console.log(`sync-report: ${measured.length}/${sync.hits.length} hits measured, errors ${measured.map((h) => `${h.errorMs} ms`).join(', ')}`);
    for (const h of measured) assert.ok(Math.abs(h.errorMs!) <= 10, `hit at ${h.t} s: ${h.errorMs} ms on ${h.measuredOn ?? 'the mix'}`);

    const bad = await runCli(['score', video, '--out', path.join(dir, 'bad'), '--formats', 'wav,ogg', '--quiet']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr.trim(), /--formats.*ogg|ogg.*--formats/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
