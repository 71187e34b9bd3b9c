/**
 * The CLI end to end on generated media: the demo writes every file of the contract; the
 * pipeline runs on clips at 23.976/25/29.97 fps, VFR, without audio, with a start offset and
 * rotated; outputs last exactly the video's duration; the video stream is copied bit for bit;
 * the same seed gives byte-identical plan.json and score.mid; bad input exits 2 with one line
 * and leaves nothing behind.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, listFiles } from './support/cli.js';
import { makeClip, makeVfrClip, makeBadFile, type Clip } from './support/clips.js';
import { decodeWav } from '../src/deliver/wav.js';
import { videoStreamMd5 } from '../src/deliver/mux.js';
import type { Analysis, ScorePlan, SyncReport } from '../src/model/artifacts.js';

let dir = '';
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-cli-')); });
after(() => { fs.rmSync(dir, { recursive: true, force: true }); });

const CONTRACT = ['analysis.json', 'plan.json', 'score.mid', 'mix.wav', 'sync-report.json', 'report.html'];

function checkWavLength(file: string, seconds: number): void {
  const wav = decodeWav(fs.readFileSync(file));
  assert.equal(wav.sampleRate, 48000, `${file}: 48 kHz`);
  assert.equal(wav.bitsPerSample, 24, `${file}: 24-bit`);
  const expected = Math.round(seconds * 48000);
  assert.ok(Math.abs(wav.channels[0]!.length - expected) <= 1, `${file}: ${wav.channels[0]!.length} samples, expected ${expected}`);
}

function rms(file: string): number {
  const wav = decodeWav(fs.readFileSync(file));
  let s = 0, n = 0;
  for (const ch of wav.channels) for (let i = 0; i < ch.length; i++) { s += ch[i]! * ch[i]!; n++; }
  return Math.sqrt(s / Math.max(1, n));
}

test('demo: writes every file of the contract, in sync and in place', async () => {
  const out = path.join(dir, 'demo');
  const r = await runCli(['demo', '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { files: string[]; duration: number };
  const files = listFiles(out);
  for (const f of [...CONTRACT, 'scored.mp4']) assert.ok(files.includes(f), `missing ${f}`);
  const stems = files.filter((f) => /^stems\/[a-z]+\.wav$/.test(f));
  assert.ok(stems.length >= 3, `stems: ${stems.join(', ')}`);
  assert.ok(!files.some((f) => f.includes('.partial-') || f.endsWith('.tmp')), 'no temporary files left');
  assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.partial-')), 'no staging folder left');

  const analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as Analysis;
  const plan = JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')) as ScorePlan;
  const sync = JSON.parse(fs.readFileSync(path.join(out, 'sync-report.json'), 'utf8')) as SyncReport;
  const duration = analysis.video.duration;
  assert.ok(Math.abs(duration - 38) < 0.05, `duration ${duration}`);
  assert.equal(summary.duration, duration);

  // Every audio file lasts the video's duration to the sample and is not silent.
  for (const f of [...stems, 'mix.wav']) {
    checkWavLength(path.join(out, f), duration);
    assert.ok(rms(path.join(out, f)) > 1e-4, `${f} is silent`);
  }
  // The video stream is copied bit for bit.
  assert.equal(await videoStreamMd5(path.join(out, 'scored.mp4')), await videoStreamMd5(path.join(out, 'scene/demo-scene.mp4')));

  // Contract fields.
  assert.ok(analysis.shots.length >= 5, `shots: ${analysis.shots.length}`);
  for (const s of analysis.shots) assert.ok(['cut', 'fade', 'dissolve'].includes(s.transition));
  assert.equal(analysis.script.lines.length, 6);
  for (const l of analysis.script.lines) for (const k of ['v', 'a', 'd'] as const) assert.ok(l.vad[k] >= -1 && l.vad[k] <= 1);
  assert.ok(analysis.arc.every((p) => [p.v, p.a, p.d].every((x) => x >= -1 && x <= 1)));
  assert.ok(analysis.events.length > 0 && analysis.events.every((e) => typeof e.t === 'number' && e.kind && e.source));
  assert.deepEqual(analysis.prompt.cues.map((c) => [c.kind, c.t]), [['build', 27], ['drop', 31]]);
  assert.ok(plan.tempoMap.length >= 1 && plan.keys.length >= 1 && plan.sections.length >= 2);
  // The fused parameter curves are in plan.json, on the arc's grid.
  assert.equal(plan.curves.t.length, analysis.arc.length);
  for (const k of ['tempo', 'dynamics', 'tension', 'density', 'mode', 'harmonicTension', 'register', 'articulation', 'rhythmicDensity'] as const) assert.equal(plan.curves[k]?.length, analysis.arc.length, `plan.json curves.${k}`);
  for (const h of plan.hitPoints) {
    assert.ok(Math.abs(h.errorMs) <= 1, `hit at ${h.t}: plan error ${h.errorMs} ms`);
    assert.ok(h.bar >= 1 && h.beat >= 1);
  }
  assert.ok(plan.hitPoints.some((h) => Math.abs(h.t - 27) < 1e-6), 'the build peak is a hit point');
  assert.ok(plan.hitPoints.some((h) => Math.abs(h.t - 31) < 1e-6), 'the drop is a hit point');
  assert.equal(sync.hits.length, plan.hitPoints.length);
  for (const h of sync.hits) assert.ok(h.errorMs !== null && Math.abs(h.errorMs) <= 10, `hit at ${h.t}: measured error ${h.errorMs} ms`);

  // The arc rises into the build and falls after the drop (fusion).
  let peak = 0;
  analysis.arc.forEach((p, i) => { if (p.a > analysis.arc[peak]!.a) peak = i; });
  assert.ok(Math.abs(analysis.arc[peak]!.t - 27) <= 0.5, `arousal peak at ${analysis.arc[peak]!.t}`);
  const at = (t: number): number => analysis.arc.reduce((b, p) => (Math.abs(p.t - t) < Math.abs(b.t - t) ? p : b)).a;
  const range = Math.max(...analysis.arc.map((p) => p.a)) - Math.min(...analysis.arc.map((p) => p.a));
  assert.ok(at(30.9) - at(32) >= range / 2, `arousal falls by half its range within 1 s of the drop (${at(30.9)} → ${at(32)})`);
});

test('the same seed gives byte-identical plan.json and score.mid; another seed changes the notes', async () => {
  const clipDir = path.join(dir, 'det');
  const clip = await makeClip(clipDir, { fps: '25', seconds: 6, size: '160x90', audio: true });
  const run = async (name: string, seed: string): Promise<string> => {
    const out = path.join(dir, name);
    const r = await runCli(['score', clip.path, '--prompt', 'calm piano, hit at 00:03', '--seed', seed, '--out', out, '--no-video', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return out;
  };
  const a = await run('det-a', '7'), b = await run('det-b', '7'), c = await run('det-c', '8');
  for (const f of ['plan.json', 'score.mid']) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} differs between identical runs`);
  assert.ok(!fs.readFileSync(path.join(a, 'score.mid')).equals(fs.readFileSync(path.join(c, 'score.mid'))), 'another seed gives another score');
});

const KINDS: { name: string; make: (d: string) => Promise<Clip> }[] = [
  { name: '23.976 fps', make: (d) => makeClip(d, { name: 'c23976', fps: '24000/1001', seconds: 3, audio: true }) },
  { name: '29.97 fps, start offset 1.5 s', make: (d) => makeClip(d, { name: 'c2997', fps: '30000/1001', seconds: 3, audio: true, startOffset: 1.5 }) },
  { name: '25 fps without audio', make: (d) => makeClip(d, { name: 'c25', fps: '25', seconds: 3, audio: false }) },
  { name: 'rotated 90°', make: (d) => makeClip(d, { name: 'rot', fps: '25', seconds: 3, audio: true, rotation: 90 }) },
  { name: 'VFR', make: (d) => makeVfrClip(d, { segments: [{ fps: 15, frames: 20 }, { fps: 30, frames: 45 }], audio: true }) },
  { name: 'MKV with subtitles and an attachment', make: (d) => makeClip(d, { name: 'mkv', fps: '25', seconds: 3, audio: true, container: 'mkv', subtitles: true, attachment: true }) },
];

for (const kind of KINDS) {
  test(`score on a ${kind.name} clip: exact length, video copied untouched`, async () => {
    const clip = await kind.make(path.join(dir, 'kinds'));
    const out = path.join(dir, `out-${path.basename(clip.path)}`);
    const r = await runCli(['score', clip.path, '--out', out, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const analysis = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as Analysis;
    // VFR in MKV: 1 ms timestamps and an unstored last-frame duration allow one frame of slack.
    const slack = clip.truth.vfr ? 0.04 : 0.002;
    assert.ok(Math.abs(analysis.video.duration - clip.truth.duration) < slack, `duration ${analysis.video.duration} vs ${clip.truth.duration}`);
    assert.equal(analysis.video.hasAudio, clip.truth.hasAudio);
    checkWavLength(path.join(out, 'mix.wav'), analysis.video.duration);
    for (const f of listFiles(out).filter((f) => /^stems\/[a-z]+\.wav$/.test(f))) checkWavLength(path.join(out, f), analysis.video.duration);
    const scored = listFiles(out).find((f) => f.startsWith('scored.'));
    assert.ok(scored, 'scored video written');
    assert.equal(path.extname(scored!), path.extname(clip.path), 'keeps the input container');
    assert.equal(await videoStreamMd5(path.join(out, scored!)), await videoStreamMd5(clip.path));
  });
}

function assertCleanFailure(r: { code: number | null; stdout: string; stderr: string }, mention: string): void {
  assert.equal(r.code, 2, `exit code: ${r.code}; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${r.stderr}`);
  assert.ok(lines[0]!.includes(mention), `"${lines[0]}" names ${mention}`);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
}

test('bad input: exit 2, one clear line, nothing half-written', async () => {
  const bad = path.join(dir, 'bad');
  fs.mkdirSync(bad, { recursive: true });
  const good = await makeClip(bad, { name: 'good', seconds: 2, audio: true });
  /** `empty`: the script has no lines — the one line must also say "empty", and no output folder may exist at all. */
  const cases: { args: string[]; mention: string; empty?: boolean }[] = [
    { args: ['score', path.join(bad, 'missing.mp4')], mention: 'missing.mp4' },
    { args: ['score', await makeBadFile(bad, 'text-as-mp4')], mention: '.mp4' },
    { args: ['score', await makeBadFile(bad, 'truncated')], mention: 'truncated' },
    { args: ['score', await makeBadFile(bad, 'zero-frames')], mention: '.mkv' },
    { args: ['score', good.path, '--script', path.join(bad, 'nope.srt')], mention: 'nope.srt' },
  ];
  const binary = path.join(bad, 'binary.srt');
  fs.writeFileSync(binary, Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8]));
  cases.push({ args: ['score', good.path, '--script', binary], mention: 'binary.srt' });
  const malformed = path.join(bad, 'malformed.srt');
  fs.writeFileSync(malformed, '1\n00:00:01,000 --> 00:00:0x,500\nHello\n');
  cases.push({ args: ['score', good.path, '--script', malformed], mention: 'malformed.srt:2' });
  // Empty scripts: a 0-byte .txt, a BOM-only .srt, a .fountain with only a title page.
  const emptyTxt = path.join(bad, 'empty.txt');
  fs.writeFileSync(emptyTxt, '');
  cases.push({ args: ['score', good.path, '--script', emptyTxt], mention: 'empty.txt', empty: true });
  const bomOnly = path.join(bad, 'bom-only.srt');
  fs.writeFileSync(bomOnly, '\uFEFF');
  cases.push({ args: ['score', good.path, '--script', bomOnly], mention: 'bom-only.srt', empty: true });
  const titleOnly = path.join(bad, 'title-only.fountain');
  fs.writeFileSync(titleOnly, 'Title: An Empty Script\r\nCredit: Written by\r\nAuthor: Nobody\r\nDraft date: 1/1/2025\r\n\r\n');
  cases.push({ args: ['score', good.path, '--script', titleOnly], mention: 'title-only.fountain', empty: true });
  const blocker = path.join(bad, 'a-file');
  fs.writeFileSync(blocker, 'not a folder');
  cases.push({ args: ['score', good.path, '--out', path.join(blocker, 'out')], mention: 'a-file' });
  cases.push({ args: ['score', good.path, '--loudness', 'loud'], mention: '--loudness' });
  cases.push({ args: ['score', good.path, '--seed', 'abc'], mention: '--seed' });
  const notSf = path.join(bad, 'fake.sf2');
  fs.writeFileSync(notSf, 'RIFF????not a soundfont');
  cases.push({ args: ['score', good.path, '--soundfont', notSf], mention: 'fake.sf2' });

  for (const c of cases) {
    const out = path.join(bad, `out-${cases.indexOf(c)}`);
    const args = c.args.includes('--out') ? c.args : [...c.args, '--out', out];
    const r = await runCli([...args, '--quiet']);
    assertCleanFailure(r, c.mention);
    if (c.empty) {
      assert.match(r.stderr, /\bempty\b/, `${c.mention}: says the script is empty: ${r.stderr}`);
      assert.ok(!fs.existsSync(out), `${c.mention}: output folder written`);
    }
    assert.ok(!fs.existsSync(out) || listFiles(out).length === 0, `${c.mention}: output left behind: ${listFiles(out).join(', ')}`);
    assert.ok(!listFiles(bad).some((f) => f.includes('.partial-')), `${c.mention}: staging folder left behind`);
  }
});
