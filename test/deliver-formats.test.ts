/**
 * Delivery formats and bad output conditions: AIFF/FLAC are lossless copies of our 24-bit
 * WAV (sample-exact), MP3 decodes to the same length within the encoder's delay handling;
 * the 5.1 WAV is WAVE_FORMAT_EXTENSIBLE with a 5.1 layout and a silent centre; a full disk
 * (a 2 MiB tmpfs, when we may mount one) gives a clear UserInputError and leaves no files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { decodeWav, encodeWav24 } from '../src/deliver/wav.js';
import { encodeDelivery, parseFormats } from '../src/deliver/formats.js';
import { upmixTo51 } from '../src/render/surround.js';
import { measureLoudness } from '../src/render/loudness.js';
import { OutputFolder } from '../src/pipeline/output-folder.js';
import { UserInputError } from '../src/model/errors.js';
import { decodeAudio, musicLike, tempDir, tool } from './support/audio-fixtures.js';

const SR = 48000;

function probe(file: string): { codec: string; rate: number; channels: number; layout: string; duration: number; tags: Record<string, string> } {
  const out = execFileSync(tool('ffprobe'), ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' });
  const j = JSON.parse(out) as { streams: { codec_name: string; sample_rate: string; channels: number; channel_layout?: string; duration?: string }[]; format: { duration: string; tags?: Record<string, string> } };
  const s = j.streams[0]!;
  return { codec: s.codec_name, rate: Number(s.sample_rate), channels: s.channels, layout: s.channel_layout ?? '', duration: Number(s.duration ?? j.format.duration), tags: j.format.tags ?? {} };
}

test('--formats parsing: WAV always, aliases, unknown format is a UserInputError naming --formats', () => {
  assert.deepEqual(parseFormats(undefined), ['wav']);
  assert.deepEqual(parseFormats('flac, MP3,aif'), ['wav', 'flac', 'mp3', 'aiff']);
  assert.throws(() => parseFormats('wav,ogg'), (e: unknown) => e instanceof UserInputError && /--formats/.test(e.message) && /ogg/.test(e.message));
});

test('AIFF and FLAC are sample-exact copies of the 24-bit WAV; MP3 keeps rate and length; FLAC carries the time reference', async () => {
  const dir = tempDir();
  try {
    const l = musicLike(3, SR, 0.3), r = musicLike(3, SR, 0.2, 0.3);
    const wav = path.join(dir, 'mix.wav');
    fs.writeFileSync(wav, encodeWav24([l, r], SR, { timeReferenceSamples: 48000 * 3600 }));
    const ref = decodeWav(fs.readFileSync(wav));
    for (const f of ['aiff', 'flac', 'mp3'] as const) {
      const out = await encodeDelivery(wav, f, 48000 * 3600);
      assert.equal(path.extname(out), `.${f}`);
      const p = probe(out);
      assert.equal(p.rate, SR, `${f} rate`);
      assert.equal(p.channels, 2);
      assert.equal(p.codec, { aiff: 'pcm_s24be', flac: 'flac', mp3: 'mp3' }[f]);
      const dec = decodeAudio(out, SR, 2);
      if (f === 'mp3') {
        assert.ok(Math.abs(dec[0]!.length - l.length) <= 1152, `mp3 length ${dec[0]!.length} vs ${l.length}`);
      } else {
        assert.equal(dec[0]!.length, l.length, `${f} length`);
        let maxErr = 0;
        for (let c = 0; c < 2; c++) for (let i = 0; i < l.length; i++) maxErr = Math.max(maxErr, Math.abs(dec[c]![i]! - ref.channels[c]![i]!));
        assert.ok(maxErr < 1e-7, `${f} differs from the WAV by ${maxErr}`);
      }
      if (f === 'flac') assert.equal(p.tags['TIME_REFERENCE'], String(48000 * 3600));
    }
    // No temp or partial files beside the outputs.
    assert.deepEqual(fs.readdirSync(dir).sort(), ['mix.aiff', 'mix.flac', 'mix.mp3', 'mix.wav']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('5.1 mix: extensible WAV read as 5.1 by ffprobe, centre silent, LFE low-passed, loudness equal to the stereo mix, ≤ −1 dBTP', () => {
  const dir = tempDir();
  try {
    const l = musicLike(4, SR, 0.4), r = musicLike(4, SR, 0.35, 0.3);
    const rev = [new Float32Array(l.length).map((_, i) => l[i]! * 0.2), new Float32Array(r.length).map((_, i) => r[i]! * 0.2)];
    const six = upmixTo51([l, r], rev, SR, -1);
    assert.equal(six.length, 6);
    const f = path.join(dir, 'mix-5.1.wav');
    fs.writeFileSync(f, encodeWav24(six, SR));
    const p = probe(f);
    assert.equal(p.channels, 6);
    assert.match(p.layout, /^5\.1/);
    const dec = decodeWav(fs.readFileSync(f));
    assert.ok(dec.channels[2]!.every((v) => v === 0), 'centre is silent');
    const st = measureLoudness([l, r], SR), m6 = measureLoudness(six, SR);
    assert.ok(Math.abs(st.integrated - m6.integrated) < 0.5, `5.1 ${m6.integrated.toFixed(2)} vs stereo ${st.integrated.toFixed(2)} LUFS`);
    assert.ok(m6.truePeak <= -1, `5.1 true peak ${m6.truePeak}`);
    // LFE: nothing much above 200 Hz (the chord's 440 Hz partials are ≥ 20 dB down on the bass).
    const lfe = dec.channels[3]!;
    let hi = 0;
    for (let i = 1; i < lfe.length; i++) hi += (lfe[i]! - lfe[i - 1]!) ** 2;
    let all = 0;
    for (const v of lfe) all += v * v;
    assert.ok(hi / all < 0.01, `LFE high-frequency share ${(hi / all).toFixed(4)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function mountTinyTmpfs(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = tempDir('filmscore-full-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
  if (r.status !== 0) { fs.rmSync(dir, { recursive: true, force: true }); return null; }
  return dir;
}

const fullDisk = mountTinyTmpfs();

test('full disk: writing the output folder fails with a clear error and leaves nothing behind', { skip: fullDisk ? false : 'cannot mount a tmpfs here (needs root)' }, async () => {
  const root = fullDisk!;
  try {
    const out = path.join(root, 'scene.filmscore');
    const folder = OutputFolder.open(out);
    const big = encodeWav24([musicLike(10, SR, 0.3), musicLike(10, SR, 0.3)], SR); // 2.9 MB > 2 MiB
    folder.write('plan.json', '{}\n');
    assert.throws(() => folder.write('mix.wav', big), (e: unknown) => e instanceof UserInputError && /no space left/.test(e.message) && e.message.includes('mix.wav'));
    folder.abortSync();
    assert.deepEqual(fs.readdirSync(root), [], 'no partial files or staging folder');

    // An encoder (ffmpeg) running out of space: clear error, no partial file.
    const wav = path.join(root, 'small.wav');
    fs.writeFileSync(wav, encodeWav24([musicLike(4, SR, 0.3), musicLike(4, SR, 0.3)], SR)); // 1.15 MB
    await assert.rejects(encodeDelivery(wav, 'aiff'), (e: unknown) => e instanceof UserInputError && /no space left/.test(e.message) && e.message.includes('small.aiff'));
    assert.deepEqual(fs.readdirSync(root), ['small.wav']);
  } finally {
    spawnSync('umount', [root]);
    fs.rmSync(root, { recursive: true, force: true });
  }
});
