/**
 * `filmscore analyze` end to end on a generated clip: it writes analysis.json only, with the
 * script's lines timed and scored (valence/arousal/dominance in [-1, 1], an emotion label) and
 * the prompt's directives per the contract; a script line past the video's end, a prompt cue
 * outside the video and a word not understood are each reported in `diagnostics` (per line / per
 * cue, naming the place) and kept, never dropped silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, listFiles } from './support/cli.js';
import { makeClip } from './support/clips.js';
import type { Analysis } from '../src/model/artifacts.js';

const EMOTIONS = ['anger', 'fear', 'joy', 'sadness', 'surprise', 'disgust', 'neutral'];

test('analyze: script.lines and prompt directives per the contract; lines past the end and cues outside reported', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-analyze-'));
  try {
    const clip = await makeClip(dir, { name: 'scene', fps: '25', seconds: 4, audio: true });
    const srt = path.join(dir, 'lines.srt');
    fs.writeFileSync(
      srt,
      '1\n00:00:00,500 --> 00:00:01,500\nRun! The car is on fire!\n\n' +
        '2\n00:00:03,000 --> 00:00:05,000\nI love you.\n\n' + // ends after the video (4 s)
        '3\n00:00:06,000 --> 00:00:07,000\nToo late.\n', // starts after the video
    );
    const out = path.join(dir, 'out');
    const prompt = 'tense strings, no drums, main instrument cello, around 90 bpm, hit at 0:02, swell at 0:09, zorblatt';
    const r = await runCli(['analyze', clip.path, '--script', srt, '--prompt', prompt, '--out', out, '--quiet', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(listFiles(out), ['analysis.json'], 'analyze writes analysis.json only');
    const a = JSON.parse(fs.readFileSync(path.join(out, 'analysis.json'), 'utf8')) as Analysis;

    // script.lines: every line kept with its own times, scored.
    assert.equal(a.script.format, 'srt');
    assert.deepEqual(a.script.lines.map((l) => [l.start, l.end, l.text, l.kind]), [
      [0.5, 1.5, 'Run! The car is on fire!', 'dialogue'],
      [3, 5, 'I love you.', 'dialogue'],
      [6, 7, 'Too late.', 'dialogue'],
    ]);
    for (const l of a.script.lines) {
      for (const k of ['v', 'a', 'd'] as const) assert.ok(l.vad[k] >= -1 && l.vad[k] <= 1, `${l.text}: ${k}=${l.vad[k]}`);
      assert.ok(EMOTIONS.includes(l.emotion.label), l.emotion.label);
      assert.ok(l.emotion.score >= 0 && l.emotion.score <= 1);
    }
    assert.ok(a.script.lines[1]!.vad.v > 0, 'I love you. is positive');
    assert.ok(a.script.lines[0]!.vad.a > a.script.lines[2]!.vad.a, 'the fire line is more aroused than "Too late."');

    // prompt directives.
    assert.equal(a.prompt.text, prompt);
    assert.deepEqual(a.prompt.styles, ['strings']);
    assert.deepEqual(a.prompt.moods, ['tense']);
    assert.deepEqual(a.prompt.instrumentsUnwanted, ['drums']);
    assert.equal(a.prompt.leadInstrument, 'cello');
    assert.equal(a.prompt.tempo?.bpm, 90);
    assert.deepEqual(a.prompt.cues.map((c) => [c.kind, c.t]), [['hit', 2], ['swell', 9]]);
    assert.deepEqual(a.prompt.unknownWords, ['zorblatt']);

    // diagnostics: one per line past the end, one per cue outside, and the unknown word.
    const d = a.diagnostics;
    const script = d.filter((x) => x.stage === 'script');
    assert.deepEqual(script.map((x) => x.place?.line), [7, 11], JSON.stringify(script));
    assert.ok(script.every((x) => x.place?.file?.endsWith('lines.srt')));
    assert.match(script[0]!.message, /ends at 5\.000 s, after the video/);
    assert.match(script[1]!.message, /starts at 6\.000 s, after the video/);
    const cues = d.filter((x) => x.stage === 'prompt' && x.place?.field === 'prompt');
    assert.equal(cues.length, 1, JSON.stringify(cues));
    assert.equal(cues[0]!.place?.at, '00:09');
    assert.match(cues[0]!.message, /swell.*after the video ends/);
    assert.ok(d.some((x) => x.stage === 'prompt' && /not understood: zorblatt/.test(x.message)), 'unknown words reported');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
