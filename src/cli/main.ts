#!/usr/bin/env node
/**
 * The `filmscore` command: a thin wrapper over the library.
 *   filmscore score <video> [--script F] [--prompt T | --prompt-file F] [--out DIR] [--seed N] …
 *   filmscore analyze <video> [--script F] [--prompt …] [--out DIR]
 *   filmscore demo [--out DIR]
 * Exit codes: 0 ok, 2 the user's input is wrong (one line on stderr), 1 internal error.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { UserInputError, isUserInputError } from '../model/errors.js';
import { MediaToolError } from '../ingest/ffmpeg.js';
import { Progress } from '../pipeline/progress.js';
import { defaultOutDir, runAnalyze, runScore, type RunSummary } from '../pipeline/score.js';
import { DEFAULT_LOUDNESS, LOUDNESS_PRESETS } from '../pipeline/loudness-presets.js';
import { parseFormats } from '../deliver/formats.js';
import { parseVad } from '../analysis/audio/speech.js';
import { makeDemoScene } from '../demo/make-demo.js';
import { rebuildReport } from '../report/rebuild.js';

/** "1 shot", "6 shots". */
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const USAGE = `filmscore — scores a film scene from its picture, script and a sentence about the music

Usage:
  filmscore score <video> [--script FILE] [--prompt TEXT | --prompt-file FILE] [options]
  filmscore analyze <video> [--script FILE] [--prompt TEXT | --prompt-file FILE] [--out DIR]
  filmscore demo [--out DIR] [options]
  filmscore report <output-folder>

Options:
  --script FILE        subtitles or script: .srt .vtt .txt .json .fountain .fdx
  --prompt TEXT        what the music should do, e.g. "tense hybrid score, build to a peak at 01:32"
  --prompt-file FILE   read the prompt from a file
  --out DIR            output folder (default: <video-name>.filmscore beside the video)
  --seed N             random seed (default 1): same inputs + seed = identical plan and MIDI
  --soundfont FILE     SF2/SF3 SoundFont (default: MuseScore General Lite)
  --loudness PRESET    ${Object.values(LOUDNESS_PRESETS).map((p) => p.name).join(' | ')} (default ${DEFAULT_LOUDNESS}: ${LOUDNESS_PRESETS[DEFAULT_LOUDNESS]!.description})
  --no-video           do not write the re-muxed video
  --formats LIST       audio formats besides WAV: aiff, flac, mp3 (e.g. --formats flac,mp3)
  --surround           also write a 5.1 score mix (mix-5.1.wav; centre left for dialogue)
  --vad silero|classical  speech detector for ducking (default silero, learned; classical: band energy)
  --faces              also find faces and close-ups (learned model, slow: ~1 s of CPU per sampled frame)
  --json               print a machine-readable summary on stdout
  --quiet              no progress display
  -h, --help           this help
  --version            version
`;

function readPromptFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserInputError(`cannot read the prompt file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file, field: '--prompt-file' });
  }
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new UserInputError(`"${text}" is not a seed (a whole number from 0 to 4294967295)`, { field: '--seed' });
  return Number(text);
}

function printSummary(s: RunSummary, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(s, null, 2) + '\n');
    return;
  }
  const lines = [
    `filmscore: wrote ${s.out}`,
    `  ${s.duration.toFixed(2)} s scene, ${count(s.shots, 'shot')}, ${count(s.lines, 'script line')}${s.style ? `, style ${s.style}, ${count(s.hitPoints, 'hit point')}` : ''}`,
  ];
  if (s.loudness) lines.push(`  program ${s.loudness.program} LUFS (target ${s.loudness.target}), true peak ${s.loudness.programTruePeak} dBTP; score mix ${s.loudness.mix} LUFS, ${s.loudness.mixTruePeak} dBTP`);
  if (s.sync) lines.push(`  sync: largest measured hit error ${s.sync.maxAbsErrorMs === null ? 'n/a' : `${s.sync.maxAbsErrorMs.toFixed(1)} ms`}`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  lines.push(`  files: ${s.files.filter((f) => !f.startsWith('stems/unducked/')).join(', ')}`);
  process.stdout.write(lines.join('\n') + '\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        script: { type: 'string' },
        prompt: { type: 'string' },
        'prompt-file': { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        soundfont: { type: 'string' },
        loudness: { type: 'string' },
        'no-video': { type: 'boolean' },
        formats: { type: 'string' },
        surround: { type: 'boolean' },
        vad: { type: 'string' },
        faces: { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    process.stderr.write(`filmscore: ${(e as Error).message}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.version) {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, target, ...extra] = positionals;
  if (v.help || !command) {
    process.stdout.write(USAGE);
    return command || v.help ? 0 : 2;
  }
  const progress = new Progress(!v.quiet && !v.json);
  try {
    if (extra.length) throw new UserInputError(`unexpected argument "${extra[0]}"`);
    if (v.prompt !== undefined && v['prompt-file'] !== undefined) throw new UserInputError('give either --prompt or --prompt-file, not both', { field: '--prompt' });
    const prompt = v['prompt-file'] !== undefined ? readPromptFile(v['prompt-file']) : v.prompt;
    const seed = parseSeed(v.seed);
    const delivery = { formats: parseFormats(v.formats), surround: Boolean(v.surround), vad: parseVad(v.vad) };
    const presetName = v.loudness ?? DEFAULT_LOUDNESS;
    const loudness = LOUDNESS_PRESETS[presetName];
    if (!loudness) throw new UserInputError(`unknown loudness preset "${presetName}" (use ${Object.keys(LOUDNESS_PRESETS).join(', ')})`, { field: '--loudness' });

    switch (command) {
      case 'score':
      case 'analyze': {
        if (!target) throw new UserInputError(`missing the video: filmscore ${command} <video>`);
        if (!fs.existsSync(target)) throw new UserInputError('no such file', { file: target });
        if (v.script !== undefined && !fs.existsSync(v.script)) throw new UserInputError('no such file', { file: v.script, field: '--script' });
        const out = v.out ?? defaultOutDir(target);
        const req = { video: target, script: v.script, prompt, out, vad: delivery.vad, faces: v.faces };
        const s = command === 'score'
          ? await runScore({ ...req, seed, soundfont: v.soundfont, loudness, noVideo: v['no-video'], ...delivery }, progress)
          : await runAnalyze(req, progress);
        printSummary(s, Boolean(v.json));
        return 0;
      }
      case 'demo': {
        const out = v.out ?? 'filmscore-demo';
        const scene = await progress.stage('demo', () => makeDemoScene(out));
        const s = await runScore({ video: scene.video, script: scene.script, prompt: prompt ?? scene.prompt, out: scene.out, seed, soundfont: v.soundfont, loudness, noVideo: v['no-video'], ...delivery }, progress);
        if (!v.json) process.stdout.write(`demo scene: ${scene.video}\nprompt: ${prompt ?? scene.prompt}\n`);
        printSummary(s, Boolean(v.json));
        return 0;
      }
      case 'report': {
        if (!target) throw new UserInputError('missing the output folder: filmscore report <output-folder>');
        const rebuilt = await rebuildReport(target);
        for (const n of rebuilt.notes) process.stderr.write(`filmscore: ${n}\n`);
        if (!v.json) process.stdout.write(`filmscore: wrote ${rebuilt.file}\n`);
        else process.stdout.write(JSON.stringify({ report: rebuilt.file, thumbnails: rebuilt.thumbnails }) + '\n');
        return 0;
      }
      default:
        throw new UserInputError(`unknown command "${command}" (use score, analyze, demo or report; --help for more)`);
    }
  } catch (e) {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
    if (isUserInputError(e)) {
      process.stderr.write(`filmscore: ${e.message}\n`);
      return 2;
    }
    if (e instanceof MediaToolError) {
      process.stderr.write(`filmscore: cannot decode the media: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`filmscore: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.FILMSCORE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`filmscore: internal error: ${(e as Error)?.message}\n`); process.exitCode = 1; },
);
