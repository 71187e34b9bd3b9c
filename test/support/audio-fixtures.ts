/**
 * Audio fixtures for the render/deliver tests: speech by espeak-ng, music-like synthetic
 * signals, decoding through ffmpeg, and ffmpeg's ebur128 meter.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export function tool(name: 'ffmpeg' | 'ffprobe'): string {
  try {
    execFileSync(name, ['-version'], { stdio: 'ignore' });
    return name;
  } catch {
    const require = createRequire(import.meta.url);
    const pkg = name === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
    return (require(pkg) as { path: string }).path;
  }
}

export function hasEspeak(): boolean {
  return spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function tempDir(prefix = 'filmscore-deliver-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Decodes any audio file to Float32 channels at `rate` with `channels` channels. */
export function decodeAudio(file: string, rate: number, channels: number): Float32Array[] {
  const buf = execFileSync(tool('ffmpeg'), ['-v', 'error', '-i', file, '-ac', String(channels), '-ar', String(rate), '-f', 'f32le', '-'], { maxBuffer: 1 << 30 });
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const n = all.length / channels;
  return Array.from({ length: channels }, (_, c) => {
    const ch = new Float32Array(n);
    for (let i = 0; i < n; i++) ch[i] = all[i * channels + c]!;
    return ch;
  });
}

/** English speech by espeak-ng, mono at `rate`, peak-normalised to `peak`. */
export function espeak(text: string, dir: string, rate: number, peak = 0.5): Float32Array {
  const wav = path.join(dir, `speech-${fs.readdirSync(dir).length}.wav`);
  execFileSync('espeak-ng', ['-v', 'en', '-s', '150', '-w', wav, text]);
  const x = decodeAudio(wav, rate, 1)[0]!;
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! / m) * peak;
  return x;
}

/**
 * Music-like signal: a chord of harmonic tones (5 partials each, slight vibrato), re-struck
 * every `beat` seconds with a plucked envelope over a sustained pad, a bass note under it.
 */
export function musicLike(seconds: number, rate: number, amplitude = 0.2, beat = 0.25): Float32Array {
  const n = Math.round(seconds * rate);
  const x = new Float32Array(n);
  const chord = [220, 277.18, 329.63, 440];
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    const since = t % beat;
    const pluck = Math.exp(-since * 12);
    let v = 0;
    for (const f0 of chord) {
      const f = f0 * (1 + 0.003 * Math.sin(2 * Math.PI * 5 * t));
      for (let k = 1; k <= 5; k++) v += Math.sin(2 * Math.PI * f * k * t) / (k * k);
    }
    v = v * (0.25 + 0.75 * pluck) / chord.length + 0.5 * Math.sin(2 * Math.PI * 55 * t);
    x[i] = v * amplitude;
  }
  return x;
}

/** ffmpeg ebur128 summary: integrated loudness (LUFS) and true peak (dBFS). */
export function ffmpegEbur128(file: string): { integrated: number; truePeak: number } {
  const res = spawnSync(tool('ffmpeg'), ['-nostats', '-hide_banner', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const summary = res.stderr.slice(res.stderr.lastIndexOf('Summary:'));
  const i = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  const p = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  assert.ok(i && p, `could not parse ebur128 summary:\n${summary}`);
  const num = (v: string): number => (v === '-inf' ? -Infinity : Number(v));
  return { integrated: num(i[1]!), truePeak: num(p[1]!) };
}

export function rmsDb(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return 10 * Math.log10(s / Math.max(1, to - from) + 1e-20);
}

/**
 * ffmpeg ebur128 with metadata=1, fed 100 ms frames (asetnsamples, so every frame carries the
 * values of one 100 ms step): the momentary (400 ms) and short-term (3 s) loudness after each
 * step, LUFS to 3 decimals (ffmpeg reports −120.7 until a window is full), and the final
 * integrated loudness and loudness range (EBU Tech 3342) of the last frame.
 */
export function ffmpegEbur128Series(file: string, rate = 48000): { momentary: number[]; shortTerm: number[]; integrated: number; lra: number } {
  const dir = tempDir('filmscore-ebur128-');
  try {
    const meta = path.join(dir, 'meta.txt');
    const res = spawnSync(tool('ffmpeg'), ['-nostats', '-hide_banner', '-v', 'error', '-i', file, '-af',
      `asetnsamples=n=${Math.round(rate / 10)}:p=0,ebur128=metadata=1,ametadata=mode=print:file=${meta}`, '-f', 'null', '-'], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const text = fs.readFileSync(meta, 'utf8');
    const all = (key: string): number[] => [...text.matchAll(new RegExp(`^lavfi\\.r128\\.${key.replace('.', '\\.')}=(-?[\\d.]+|-?inf)$`, 'gm'))].map((m) => (m[1]!.endsWith('inf') ? -Infinity : Number(m[1])));
    const momentary = all('M'), shortTerm = all('S'), integ = all('I'), lra = all('LRA');
    assert.ok(momentary.length > 0 && lra.length > 0, `no ebur128 metadata in:\n${text.slice(0, 500)}`);
    return { momentary, shortTerm, integrated: integ.at(-1)!, lra: lra.at(-1)! };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
