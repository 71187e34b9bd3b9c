/**
 * Text side: subtitle/script readers, the classical lexicon VAD scorer (eq. 2) and the prompt
 * parser. Fixtures are written inside the test to a fresh temp dir; real files come from
 * ../shared/media (skipped with a reason when absent).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseSrt, parseVtt, formatSrtTimestamp, parseSubtitleTimestamp } from '../src/ingest/subtitles.js';
import { readScript, parseJsonScript } from '../src/ingest/script.js';
import { scoreLine } from '../src/analysis/text/lexicon-vad.js';
import { parsePrompt } from '../src/ingest/prompt.js';
import { UserInputError } from '../src/model/errors.js';
import { parseLooseTime } from '../src/time/timecode.js';
import type { CueKind, LineKind, PromptSpec } from '../src/model/artifacts.js';
import { bpm, seconds } from '../src/model/units.js';
import { tempoConstants } from '../src/fusion/curves.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { sceneAnalysis } from './support/scene-analysis.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const media = (rel: string): string => path.resolve(projectRoot, '../shared/media', rel);
const haveMedia = fs.existsSync(media('.'));
const skipMedia = haveMedia ? false : 'shared media folder ../shared/media is absent';

function withTempDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filmscore-text-'));
  try {
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const brief = (ls: readonly { start?: number; end?: number; text: string; speaker?: string; kind: LineKind }[]) =>
  ls.map((l) => ({ start: l.start, end: l.end, text: l.text, speaker: l.speaker, kind: l.kind }));

// ------------------------------------------------------------------ SRT

const MESSY_SRT =
  '\uFEFF1\r\n00:00:05,000 --> 00:00:07,500\r\n<i>Hello</i> <b>there</b>,\r\n<font color="#ff0000">General Kenobi</font>!\r\n\r\n' +
  '3\r\n00:00:01.250 --> 00:00:03,000\r\n{\\an8}Café déjà vu — naïve 日本語\r\n\r\n' +
  '00:00:02,000 --> 00:00:04,000\r\n[DOOR SLAMS]\r\n' + // no cue number, no blank line after
  '2\r\n00:00:08,000 --> 00:00:09,000\r\n- Who\'s there?\r\n- It\'s me.\r\n\r\n' +
  '4\r\n00:00:08,000 --> 00:00:10,000\r\nANNA: Stay back!\r\n';

const MESSY_SRT_EXPECTED = [
  { start: 1.25, end: 3, text: 'Café déjà vu — naïve 日本語', speaker: undefined, kind: 'dialogue' },
  { start: 2, end: 4, text: 'DOOR SLAMS', speaker: undefined, kind: 'action' },
  { start: 5, end: 7.5, text: 'Hello there, General Kenobi!', speaker: undefined, kind: 'dialogue' },
  { start: 8, end: 9, text: "Who's there?", speaker: undefined, kind: 'dialogue' },
  { start: 8, end: 9, text: "It's me.", speaker: undefined, kind: 'dialogue' },
  { start: 8, end: 10, text: 'Stay back!', speaker: 'ANNA', kind: 'dialogue' },
];

test('SRT: BOM, CRLF, comma/period ms, tags, multi-line, out of order, overlaps, missing blanks, non-ASCII, dashes', () => {
  const lines = parseSrt(MESSY_SRT, { file: 'messy.srt' });
  assert.deepEqual(brief(lines), MESSY_SRT_EXPECTED);
  // source lines point at the text of each utterance
  assert.equal(lines[0].sourceLine, 8);
  assert.equal(lines[2].sourceLine, 3);
  assert.equal(lines[3].sourceLine, 14);
  assert.equal(lines[4].sourceLine, 15);
});

test('SRT: CR-only and LF-only line ends read the same as CRLF', () => {
  const cr = parseSrt(MESSY_SRT.replace(/\r\n/g, '\r'));
  const lf = parseSrt(MESSY_SRT.replace(/\r\n/g, '\n'));
  assert.deepEqual(brief(cr), MESSY_SRT_EXPECTED);
  assert.deepEqual(brief(lf), MESSY_SRT_EXPECTED);
});

test('SRT: a malformed timestamp throws UserInputError naming file and line', () => {
  const bad = '1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:0x,000 --> 00:00:04,000\nbroken\n';
  assert.throws(
    () => parseSrt(bad, { file: 'bad.srt' }),
    (e: unknown) => e instanceof UserInputError && e.message.includes('bad.srt:6') && e.place.line === 6,
  );
  const arrow = '1\n00:00:01,000 -> 00:00:02,000\nbroken arrow\n';
  assert.throws(() => parseSrt(arrow, { file: 'arrow.srt' }), (e: unknown) => e instanceof UserInputError && e.message.includes('arrow.srt:2'));
  const secs = '1\n00:00:61,000 --> 00:01:02,000\nsixty-one seconds\n';
  assert.throws(() => parseSrt(secs, { file: 's.srt' }), (e: unknown) => e instanceof UserInputError && e.place.line === 2);
  const backwards = '1\n00:00:05,000 --> 00:00:02,000\nends before it starts\n';
  assert.throws(() => parseSrt(backwards, { file: 'b.srt' }), (e: unknown) => e instanceof UserInputError && e.place.line === 2);
});

// ------------------------------------------------------------------ VTT

const VTT = [
  'WEBVTT - test file',
  'Kind: captions',
  '',
  'NOTE this is a note',
  'spanning two lines',
  '',
  'STYLE',
  '::cue { color: red }',
  '',
  'intro',
  '00:01.000 --> 00:03.500  align:start  line:0',
  "<v Anna>I can't believe it.</v>",
  '',
  '00:04.000 --> 00:05.000 position:10%',
  '<v.loud Bob>Get down!',
  '<c.yellow>Now!</c>',
  '',
  'REGION',
  'id:fred',
  '',
  '00:06.000 --> 00:07.000',
  '<v Anna>Hi.',
  '<v Bob>Hello.',
  '',
  '01:08.000 --> 00:01:09.500',
  'Plain &amp; simple &lt;3',
  '',
].join('\n');

test('VTT: header text, NOTE/STYLE/REGION, cue settings with double spaces, voice tags, no hours, entities', () => {
  const lines = parseVtt(VTT, { file: 't.vtt' });
  assert.deepEqual(brief(lines), [
    { start: 1, end: 3.5, text: "I can't believe it.", speaker: 'Anna', kind: 'dialogue' },
    { start: 4, end: 5, text: 'Get down! Now!', speaker: 'Bob', kind: 'dialogue' },
    { start: 6, end: 7, text: 'Hi.', speaker: 'Anna', kind: 'dialogue' },
    { start: 6, end: 7, text: 'Hello.', speaker: 'Bob', kind: 'dialogue' },
    { start: 68, end: 69.5, text: 'Plain & simple <3', speaker: undefined, kind: 'dialogue' },
  ]);
  assert.equal(lines[0].sourceLine, 12);
});

/**
 * A messy WebVTT: BOM, CRLF, a NOTE, cues out of order, a comma before the milliseconds (a
 * forgiving reader's habit, not VTT), cue settings, a missing blank line between two cues,
 * voice/italic/bold/class tags, an in-cue timestamp tag, an entity, dialogue dashes, a
 * "NAME:" speaker with accents, and non-ASCII text (é, ç, –, CJK).
 */
const MESSY_VTT =
  '\uFEFFWEBVTT\r\n\r\n' +
  'NOTE out of order, comma before ms, a missing blank line\r\n\r\n' +
  '2\r\n00:00:04,500 --> 00:00:06.000 align:middle\r\n<v Léa>Où est le café ?</v>\r\n' + // no blank line after
  '00:00:06.000 --> 00:00:07,250\r\n<i>Ça va</i> – <b>très bien</b>.\r\n\r\n' +
  '1\r\n00:00:01.000 --> 00:00:03.000\r\n<c.yellow>東京</c> <00:00:02.000>にようこそ\r\nsecond line &amp; more\r\n\r\n' +
  '00:00:02.500 --> 00:00:03.500\r\n[MUSIC PLAYING]\r\n\r\n' +
  '00:00:10.000 --> 00:00:11.000\r\nJÉRÔME: Attention !\r\n\r\n' +
  '00:00:08.000 --> 00:00:09.000\r\n- Qui ?\r\n- <i>Moi.</i>\r\n';

const MESSY_VTT_EXPECTED = [
  { start: 1, end: 3, text: '東京 にようこそ second line & more', speaker: undefined, kind: 'dialogue' },
  { start: 2.5, end: 3.5, text: 'MUSIC PLAYING', speaker: undefined, kind: 'action' },
  { start: 4.5, end: 6, text: 'Où est le café ?', speaker: 'Léa', kind: 'dialogue' },
  { start: 6, end: 7.25, text: 'Ça va – très bien.', speaker: undefined, kind: 'dialogue' },
  { start: 8, end: 9, text: 'Qui ?', speaker: undefined, kind: 'dialogue' },
  { start: 8, end: 9, text: 'Moi.', speaker: undefined, kind: 'dialogue' },
  { start: 10, end: 11, text: 'Attention !', speaker: 'JÉRÔME', kind: 'dialogue' },
];

test('VTT: BOM, CRLF, out-of-order cues, comma before ms, a missing blank line, tags, dashes, non-ASCII', () => {
  const warnings: string[] = [];
  const lines = parseVtt(MESSY_VTT, { file: 'messy.vtt', warnings });
  assert.deepEqual(brief(lines), MESSY_VTT_EXPECTED);
  assert.deepEqual(lines.map((l) => l.sourceLine), [13, 17, 7, 9, 23, 24, 20]);
  assert.deepEqual(warnings, []);
  // LF and CR line ends read the same; so does readScript (sniffed through the BOM)
  assert.deepEqual(brief(parseVtt(MESSY_VTT.replace(/\r\n/g, '\n'))), MESSY_VTT_EXPECTED);
  assert.deepEqual(brief(parseVtt(MESSY_VTT.replace(/\r\n/g, '\r'))), MESSY_VTT_EXPECTED);
  withTempDir((dir) => {
    const file = path.join(dir, 'messy.vtt');
    fs.writeFileSync(file, MESSY_VTT);
    const r = readScript(file);
    assert.equal(r.script.format, 'vtt');
    assert.equal(r.script.timed, true);
    assert.deepEqual(brief(r.script.lines), MESSY_VTT_EXPECTED);
    assert.deepEqual(r.warnings, []);
  });
});

test('VTT: a malformed timestamp names the line', () => {
  const bad = 'WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:61.000 --> 01:02.000\nbad\n';
  assert.throws(() => parseVtt(bad, { file: 'bad.vtt' }), (e: unknown) => e instanceof UserInputError && e.message.includes('bad.vtt:6'));
});

// ------------------------------------------------------------------ readScript

test('readScript: missing, directory, binary and empty files are UserInputErrors naming the file', () => {
  withTempDir((dir) => {
    const isUserError = (file: string) => (e: unknown) => e instanceof UserInputError && e.place.file === file && e.message.includes(file);
    const missing = path.join(dir, 'nope.srt');
    assert.throws(() => readScript(missing), isUserError(missing));
    assert.throws(() => readScript(dir), isUserError(dir));
    const bin = path.join(dir, 'picture.srt');
    fs.writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    assert.throws(() => readScript(bin), (e: unknown) => isUserError(bin)(e) && /binary/.test((e as Error).message));
    const noise = path.join(dir, 'noise.txt');
    fs.writeFileSync(noise, Buffer.from(Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 120))));
    assert.throws(() => readScript(noise), (e: unknown) => isUserError(noise)(e) && /binary/.test((e as Error).message));
    const empty = path.join(dir, 'empty.srt');
    fs.writeFileSync(empty, '\uFEFF \r\n\r\n');
    assert.throws(() => readScript(empty), (e: unknown) => isUserError(empty)(e) && /empty/.test((e as Error).message));
    const noCues = path.join(dir, 'nocues.vtt');
    fs.writeFileSync(noCues, 'WEBVTT\n\nNOTE nothing here\n');
    assert.throws(() => readScript(noCues), (e: unknown) => isUserError(noCues)(e) && /empty/.test((e as Error).message));
  });
});

test('readScript: SRT/VTT files, sniffing, Latin-1 fallback and lines past the video end', () => {
  withTempDir((dir) => {
    const srt = path.join(dir, 'messy.srt');
    fs.writeFileSync(srt, MESSY_SRT);
    const r = readScript(srt, { videoDuration: seconds(9.5) });
    assert.equal(r.script.format, 'srt');
    assert.equal(r.script.timed, true);
    assert.deepEqual(brief(r.script.lines), MESSY_SRT_EXPECTED);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0]!.message, /line ends at 10\.000 s, after the video \(9\.500 s\); kept/);
    assert.deepEqual(r.diagnostics[0]!.place, { file: srt, line: 19, at: '8.000' });
    // a cue wholly after the end is reported as such, and kept
    const late = readScript(srt, { videoDuration: seconds(7) });
    assert.deepEqual(late.diagnostics.map((d) => [d.place?.line, /starts at/.test(d.message)]), [[3, false], [14, true], [15, true], [19, true]]);
    assert.equal(late.script.lines.length, MESSY_SRT_EXPECTED.length);

    const vttAsTxt = path.join(dir, 'captions.txt');
    fs.writeFileSync(vttAsTxt, VTT);
    const v = readScript(vttAsTxt);
    assert.equal(v.script.format, 'vtt');
    assert.equal(v.script.lines.length, 5);
    assert.ok(v.warnings.some((w) => /content is vtt/.test(w)));

    const latin = path.join(dir, 'latin1.srt');
    fs.writeFileSync(latin, Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9 cr\xe8me\n', 'latin1'));
    const l = readScript(latin);
    assert.equal(l.script.lines[0].text, 'Café crème');
    assert.ok(l.warnings.some((w) => /Latin-1/.test(w)));
  });
});

test('readScript: plain text with speakers, paragraphs, headings and bracketed action', () => {
  withTempDir((dir) => {
    const txt = path.join(dir, 'scene.txt');
    fs.writeFileSync(
      txt,
      'INT. KITCHEN - NIGHT\n\nANNA: Where were you?\nMr. Smith: Out. Working late,\nlike always.\n\nHe sits down,\ntired.\n\n[Thunder]\n',
    );
    const r = readScript(txt);
    assert.equal(r.script.format, 'txt');
    assert.equal(r.script.timed, false);
    assert.deepEqual(
      r.script.lines.map((l) => [l.kind, l.speaker, l.text, l.scene, l.sourceLine]),
      [
        ['heading', undefined, 'INT. KITCHEN - NIGHT', 1, 1],
        ['dialogue', 'ANNA', 'Where were you?', 1, 3],
        ['dialogue', 'Mr. Smith', 'Out. Working late, like always.', 1, 4],
        ['action', undefined, 'He sits down, tired.', 1, 7],
        ['action', undefined, 'Thunder', 1, 10],
      ],
    );
    const list = path.join(dir, 'list.txt');
    fs.writeFileSync(list, 'Run!\n\nI never wanted this.\n');
    assert.deepEqual(readScript(list).script.lines.map((l) => [l.kind, l.text]), [
      ['dialogue', 'Run!'],
      ['dialogue', 'I never wanted this.'],
    ]);
  });
});

test('readScript: plain text with a BOM, CRLF and non-ASCII (é, –, CJK speakers with ":" and "："): exact lines', () => {
  withTempDir((dir) => {
    const txt = path.join(dir, 'scène.txt');
    fs.writeFileSync(
      txt,
      '\uFEFFINT. CAFÉ – NUIT\r\n\r\nANNA: Où étais-tu ?\r\nJÉRÔME: Dehors – au 東京.\r\nsous la pluie…\r\n\r\n' +
        'Zoë Chen: Déjà ?\r\n李明: 你好。\r\n王芳：我在这里。\r\n\r\nElle s’assoit, épuisée.\r\n\r\n[Tonnerre – 雷]\r\n',
    );
    const r = readScript(txt);
    assert.equal(r.script.format, 'txt');
    assert.equal(r.script.timed, false);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(
      r.script.lines.map((l) => [l.kind, l.speaker, l.text, l.scene, l.sourceLine]),
      [
        ['heading', undefined, 'INT. CAFÉ – NUIT', 1, 1],
        ['dialogue', 'ANNA', 'Où étais-tu ?', 1, 3],
        ['dialogue', 'JÉRÔME', 'Dehors – au 東京. sous la pluie…', 1, 4],
        ['dialogue', 'Zoë Chen', 'Déjà ?', 1, 7],
        ['dialogue', '李明', '你好。', 1, 8],
        ['dialogue', '王芳', '我在这里。', 1, 9],
        ['action', undefined, 'Elle s’assoit, épuisée.', 1, 11],
        ['action', undefined, 'Tonnerre – 雷', 1, 13],
      ],
    );
    assert.ok(r.script.lines.every((l) => !/[\r\uFEFF]/.test(l.text)));
  });
});

test('readScript: JSON with a BOM, CRLF and non-ASCII text/speakers: exact lines; an error still names the line', () => {
  withTempDir((dir) => {
    const json = path.join(dir, 'lignes.json');
    fs.writeFileSync(
      json,
      '\uFEFF{\r\n  "lines": [\r\n' +
        '    { "start": "00:00:04,250", "end": "00:00:06.000", "text": "Ça va – très bien.", "speaker": "JÉRÔME" },\r\n' +
        '    { "start": 1.5, "end": "3", "text": "  東京に\\r\\nようこそ  ", "speaker": " 李明 ", "kind": "dialogue" },\r\n' +
        '    { "start": "1 min 32", "end": "92.5s", "text": "Tonnerre – 雷", "kind": "action", "scene": 1 }\r\n' +
        '  ]\r\n}\r\n',
    );
    const r = readScript(json);
    assert.equal(r.script.format, 'json');
    assert.equal(r.script.timed, true);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.script.lines, [
      { start: 1.5, end: 3, text: '東京に ようこそ', speaker: '李明', kind: 'dialogue' },
      { start: 4.25, end: 6, text: 'Ça va – très bien.', speaker: 'JÉRÔME', kind: 'dialogue' },
      { start: 92, end: 92.5, text: 'Tonnerre – 雷', kind: 'action', scene: 1 },
    ]);
    const bad = path.join(dir, 'cassé.json');
    fs.writeFileSync(bad, '\uFEFF{\r\n"lines": [\r\n{"text": "é",}\r\n]}\r\n');
    assert.throws(() => readScript(bad), (e: unknown) => e instanceof UserInputError && /invalid JSON/.test(e.message) && e.place.file === bad && e.place.line === 3);
  });
});

test('readScript: JSON schema (object and bare array, numeric and string times) and its errors', () => {
  withTempDir((dir) => {
    const json = path.join(dir, 'lines.json');
    fs.writeFileSync(
      json,
      JSON.stringify({
        lines: [
          { start: '00:00:04,250', end: '00:00:06,000', text: 'Second', kind: 'action' },
          { start: 1.5, end: 3, text: '  First  line ', speaker: 'ANNA', kind: 'dialogue' },
          { start: '92.5', end: '01:33.0', text: 'Third', scene: 2 },
          { start: '1 min 40', end: '101.5s', text: 'Fourth' },
        ],
      }),
    );
    const r = readScript(json);
    assert.equal(r.script.format, 'json');
    assert.equal(r.script.timed, true);
    assert.deepEqual(brief(r.script.lines), [
      { start: 1.5, end: 3, text: 'First line', speaker: 'ANNA', kind: 'dialogue' },
      { start: 4.25, end: 6, text: 'Second', speaker: undefined, kind: 'action' },
      { start: 92.5, end: 93, text: 'Third', speaker: undefined, kind: 'dialogue' },
      { start: 100, end: 101.5, text: 'Fourth', speaker: undefined, kind: 'dialogue' },
    ]);
    assert.equal(r.script.lines[2].scene, 2);

    const bare = parseJsonScript('[{"text":"untimed"},{"text":"also untimed","speaker":"BOB"}]', 'bare.json');
    assert.deepEqual(brief(bare), [
      { start: undefined, end: undefined, text: 'untimed', speaker: undefined, kind: 'dialogue' },
      { start: undefined, end: undefined, text: 'also untimed', speaker: 'BOB', kind: 'dialogue' },
    ]);
    const fieldErr = (field: string) => (e: unknown) => e instanceof UserInputError && e.place.field === field && e.message.includes('x.json');
    assert.throws(() => parseJsonScript('{"lines":[{"text":"a","start":1},{"text":"b","start":"soon"}]}', 'x.json'), fieldErr('lines[1].start'));
    assert.throws(() => parseJsonScript('{"lines":[{"text":"a","start":3,"end":2}]}', 'x.json'), fieldErr('lines[0].end'));
    assert.throws(() => parseJsonScript('{"lines":[{"text":"a","start":"00:00:01:12"}]}', 'x.json'), fieldErr('lines[0].start'));
    assert.throws(() => parseJsonScript('{"lines":[{"text":"a","start":"1:75"}]}', 'x.json'), fieldErr('lines[0].start'));
    assert.throws(() => parseJsonScript('{"lines":[{"text":"a","kind":"song"}]}', 'x.json'), fieldErr('lines[0].kind'));
    assert.throws(() => parseJsonScript('[{"start":1}]', 'x.json'), fieldErr('[0].text'));
    assert.throws(
      () => parseJsonScript('{\n"lines": [\n{"text": "a",}\n]}', 'x.json'),
      (e: unknown) => e instanceof UserInputError && /invalid JSON/.test(e.message) && e.place.line === 3,
    );
  });
});

// ------------------------------------------------------------------ real files

test('real: sintel-trailer.en.srt and .vtt (4 cues; VTT speakers Gatekeeper/Sintel)', { skip: skipMedia }, () => {
  const srt = readScript(media('sintel-trailer.en.srt'), { videoDuration: seconds(52.17) });
  const vtt = readScript(media('sintel-trailer.en.vtt'), { videoDuration: seconds(52.17) });
  const times = [[12, 15], [18.5, 20.5], [36.5, 39], [41.5, 44]];
  for (const r of [srt, vtt]) {
    assert.equal(r.script.lines.length, 4);
    assert.deepEqual(r.script.lines.map((l) => [l.start, l.end]), times);
    assert.deepEqual(r.warnings, []);
  }
  assert.equal(srt.script.lines[0].text, 'What brings you to the land of the gatekeepers?');
  assert.deepEqual(vtt.script.lines.map((l) => l.speaker), ['Gatekeeper', 'Sintel', 'Gatekeeper', 'Sintel']);
  assert.deepEqual(vtt.script.lines.map((l) => l.text), srt.script.lines.map((l) => l.text));
});

test('real: his-girl-friday.vtt (5 cues, cue settings, back to back)', { skip: skipMedia }, () => {
  const r = readScript(media('his-girl-friday.vtt'), { videoDuration: seconds(6.17) });
  assert.deepEqual(r.script.lines.map((l) => [l.start, l.end, l.text]), [
    [0, 0.999, 'Hildy!'],
    [1, 1.499, 'How are you?'],
    [1.5, 2.999, 'Tell me, is the lord of the universe in?'],
    [3, 4.299, "Yes, he's in - in a bad humor"],
    [4.3, 6, "Somebody must've stolen the crown jewels"],
  ]);
  assert.deepEqual(r.warnings, []);
});

test('real: elephants-dream descriptions (CRLF, header text, 63 cues)', { skip: skipMedia }, () => {
  const r = readScript(media('subtitles/elephants-dream.descriptions.en.vtt'));
  assert.equal(r.script.lines.length, 63);
  assert.equal(r.script.lines[0].text, 'The orange open movie project presents');
  assert.deepEqual([r.script.lines[0].start, r.script.lines[0].end], [0, 5]);
  assert.ok(r.script.lines.every((l) => !/\r/.test(l.text)));
  for (let i = 1; i < r.script.lines.length; i++) assert.ok(r.script.lines[i].start! >= r.script.lines[i - 1].start!);
  assert.ok(r.script.lines[62].end! <= 653 + 1e-9);
});

test('real: cyber-bob-ep1.fountain (3 scenes, 35 speeches, title page/boneyard/notes skipped)', { skip: skipMedia }, () => {
  const r = readScript(media('screenplays/cyber-bob-ep1.fountain'));
  const lines = r.script.lines;
  assert.equal(r.script.format, 'fountain');
  assert.equal(r.script.timed, false);
  assert.deepEqual(lines.filter((l) => l.kind === 'heading').map((l) => l.text), [
    'EXT. PARK--DAY',
    'EXT. SUBURBAN TRAFFIC INTERSECTION--DAY',
    'INT. TRAFFIC LIGHT HORIZONTAL BEAM--NIGHT',
  ]);
  const counts: Record<string, number> = {};
  for (const l of lines) if (l.kind === 'dialogue') counts[l.speaker!] = (counts[l.speaker!] ?? 0) + 1;
  assert.deepEqual(counts, { BOB: 16, DOG: 11, MARGARET: 4, 'CYBER BOB': 2, 'CYBER BOSS': 1, BOSS: 1 });
  assert.deepEqual(lines.filter((l) => l.kind === 'parenthetical').map((l) => [l.speaker, l.text]), [['BOB', 'to dog']]);
  assert.ok(!lines.some((l) => /Draft date|archival web URL|Richard Alexander Hall/.test(l.text)));
  assert.deepEqual(lines.filter((l) => l.kind === 'transition').map((l) => l.text), ['FADE IN:', 'FADE OUT:']);
  assert.equal(lines.find((l) => l.speaker === 'BOB')!.text, 'Hi hello.');
});

test('real: radio-studio .fdx reads the same as its .fountain (typed Content paragraphs only)', { skip: skipMedia }, () => {
  const fdx = readScript(media('screenplays/radio-studio.finaldraft.fdx')).script;
  const ftn = readScript(media('screenplays/radio-studio.fountain')).script;
  assert.equal(fdx.format, 'fdx');
  const key = (l: { kind: string; speaker?: string; text: string; scene?: number }) => [l.kind, l.speaker, l.text, l.scene];
  assert.equal(fdx.lines.length, 12); // 16 typed paragraphs minus 4 Character cues (they become speakers)
  assert.deepEqual(fdx.lines.map(key), ftn.lines.map(key));
  assert.deepEqual(fdx.lines.filter((l) => l.kind === 'dialogue').map((l) => l.speaker), ['DJ', 'DAVE', 'JIM', 'KAY']);
});

// ------------------------------------------------------------------ lexicon VAD (eq. 2, classical)

/**
 * Hand-labelled film lines (test/fixtures/text/vad-labelled.json): the expected valence sign of
 * each line and the arousal order of line pairs, split into lines seen while tuning the lexicon
 * ('tuned'), written after tuning ('check') and written in session 2 before scoring ('held-out').
 */
interface Labelled {
  valence: { text: string; sign: 1 | -1; kind: LineKind; split: string }[];
  arousalPairs: { higher: string; lower: string; kind: LineKind; split: string }[];
}
const LABELLED = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test/fixtures/text/vad-labelled.json'), 'utf8')) as Labelled;

function bySplit<T extends { split: string }>(items: readonly T[], ok: (x: T) => boolean): { all: [number, number]; split: Record<string, [number, number]>; misses: T[] } {
  const split: Record<string, [number, number]> = {};
  const misses: T[] = [];
  let good = 0;
  for (const x of items) {
    const r = (split[x.split] ??= [0, 0]);
    r[1]++;
    if (ok(x)) { r[0]++; good++; } else misses.push(x);
  }
  return { all: [good, items.length], split, misses };
}
const show = (r: { all: [number, number]; split: Record<string, [number, number]> }): string =>
  `${r.all[0]}/${r.all[1]} = ${(r.all[0] / r.all[1]).toFixed(3)} (${Object.entries(r.split).map(([k, [g, n]]) => `${k} ${g}/${n}`).join(', ')})`;

test('lexicon VAD: valence sign on the labelled film lines (≥ 60 lines; accuracy ≥ 0.85 overall and ≥ 0.7 held out)', () => {
  const r = bySplit(LABELLED.valence, (x) => {
    const { vad } = scoreLine(x.text, x.kind);
    for (const v of [vad.v, vad.a, vad.d]) assert.ok(v >= -1 && v <= 1, `${x.text}: ${v} out of range`);
    return Math.sign(vad.v) === x.sign;
  });
  console.log(`lexicon valence-sign accuracy: ${show(r)}${r.misses.length ? `; misses: ${r.misses.map((m) => `${m.text} → v=${scoreLine(m.text, m.kind).vad.v}`).join(' | ')}` : ''}`);
  assert.ok(LABELLED.valence.length >= 60);
  assert.ok(r.all[0] / r.all[1] >= 0.85, show(r));
  const h = r.split['held-out']!;
  assert.ok(h[0] / h[1] >= 0.7, show(r));
});

test('lexicon VAD: arousal order on labelled line pairs (accuracy ≥ 0.85 overall and ≥ 0.7 held out)', () => {
  const r = bySplit(LABELLED.arousalPairs, (x) => scoreLine(x.higher, x.kind).vad.a > scoreLine(x.lower, x.kind).vad.a);
  console.log(`lexicon arousal-pair accuracy: ${show(r)}${r.misses.length ? `; misses: ${r.misses.map((m) => `"${m.higher}" ${scoreLine(m.higher, m.kind).vad.a} ≤ "${m.lower}" ${scoreLine(m.lower, m.kind).vad.a}`).join(' | ')}` : ''}`);
  assert.ok(LABELLED.arousalPairs.length >= 20);
  assert.ok(r.all[0] / r.all[1] >= 0.85, show(r));
  const h = r.split['held-out']!;
  assert.ok(h[0] / h[1] >= 0.7, show(r));
});

test('lexicon VAD: imperatives, action lines, negation, stop words and emotion labels', () => {
  const getDown = scoreLine('Get down!', 'dialogue').vad;
  assert.ok(getDown.a >= 0.4 && getDown.d >= 0.3, JSON.stringify(getDown));
  const boom = scoreLine('The car EXPLODES', 'action').vad;
  assert.ok(boom.a >= 0.8 && boom.v < -0.3, JSON.stringify(boom));
  assert.deepEqual(scoreLine('And then the.', 'dialogue'), { vad: { v: 0, a: 0, d: 0 }, emotion: { label: 'neutral', score: 1 } });
  assert.deepEqual(scoreLine('', 'dialogue').vad, { v: 0, a: 0, d: 0 });
  assert.ok(scoreLine("I'm not happy").vad.v < 0 && scoreLine("I'm happy").vad.v > 0);
  assert.ok(scoreLine('very happy').vad.v > scoreLine('happy').vad.v);
  assert.ok(scoreLine('slightly sad').vad.v > scoreLine('sad').vad.v);
  assert.ok(scoreLine('Is the car ready?').vad.d < scoreLine('The car is ready.').vad.d, 'a question lowers dominance');
  const labels: [string, string][] = [
    ['I love you so much', 'joy'],
    ["I'm so scared", 'fear'],
    ['I hate you!', 'anger'],
    ["She's dead. I miss her.", 'sadness'],
    ["That's disgusting", 'disgust'],
    ['What?! No way!', 'surprise'],
    ['The meeting is at noon.', 'neutral'],
  ];
  for (const [text, label] of labels) {
    const e = scoreLine(text).emotion;
    assert.equal(e.label, label, `${text}: ${JSON.stringify(e)}`);
    assert.ok(e.score >= 0 && e.score <= 1);
  }
});

// ------------------------------------------------------------------ prompt

test('parseLooseTime (the one time reader prompts use): the timecode forms, frames at the given rate', () => {
  const cases: [string, number, { num: number; den: number }?][] = [
    ['1:32', 92],
    ['01:32', 92],
    ['01:32.5', 92.5],
    ['00:01:32:12', 92.5],
    ['00:01:32:12', 92.48, { num: 25, den: 1 }],
    ['92s', 92],
    ['92 sec', 92],
    ['92.25 seconds', 92.25],
    ['1 min 32', 92],
    ['1m32s', 92],
    ['1 minute 32 seconds', 92],
    ['2 min', 120],
    ['1:02:03.5', 3723.5],
    ['00:01:00;02', 60.06, { num: 30000, den: 1001 }],
    ['00:10:00;00', (17982 * 1001) / 30000, { num: 30000, den: 1001 }], // 17982 frames: DF tracks wall time
  ];
  for (const [text, want, fps] of cases) {
    const got = parseLooseTime(text, fps ?? { num: 24, den: 1 })!;
    assert.ok(Math.abs(got - want) < 1e-9, `${text} → ${got}, want ${want}`);
  }
  for (const [text, fps] of [['01:75'], ['00:00:01:30', { num: 24, den: 1 }], ['1:60:00'], ['00:00:01:25', { num: 25, den: 1 }]] as [string, { num: number; den: number }?][]) {
    assert.throws(() => parseLooseTime(text, fps ?? { num: 24, den: 1 }), UserInputError, text);
  }
  assert.equal(parseLooseTime('soon', { num: 24, den: 1 }), null);
  // frames count at the video's rate: 12 frames are 0.5 s at 24 fps, 0.48 s at 25, 0.2 s at 60
  const r60 = parsePrompt('hit at 00:00:10:12', { fps: { num: 60, den: 1 } }).spec.cues[0].t;
  assert.ok(Math.abs(r60 - 10.2) < 1e-9, String(r60));
});

type CueBrief = { kind: CueKind; t: number; start?: number; end?: number; target?: string; event?: string };
interface PromptCase {
  prompt: string;
  opts?: { duration?: number; fps?: { num: number; den: number } };
  want: Partial<Omit<PromptSpec, 'cues' | 'text'>> & { cues?: CueBrief[] };
  warnings?: number;
  /** Cues outside the video, reported per cue. */
  outside?: number;
}

const SPEC_PROMPT =
  'Generate a tense, high-BPM, hybrid orchestral-electronic score in the style of Hans Zimmer, building to a massive crescendo as the car goes over the bridge at 01:32, with a sudden drop to an ambient drone after the crash at 01:45.';
const ZIMMER = ['string ostinatos', 'synth bass', 'big brass', 'low drones'];

const PROMPTS: PromptCase[] = [
  {
    prompt: SPEC_PROMPT,
    want: {
      styles: ['hybrid'],
      traits: ZIMMER,
      moods: ['tense'],
      tempo: { word: 'fast' },
      cues: [
        { kind: 'build', t: 92, event: 'the car goes over the bridge' },
        { kind: 'drop', t: 105, target: 'drone', event: 'the crash' },
      ],
      unknownWords: [],
      instrumentsUnwanted: [],
    },
    warnings: 0,
  },
  {
    prompt: 'Solo piano, sad and slow, around 70 bpm.',
    want: { styles: ['piano'], leadInstrument: 'piano', instrumentsWanted: ['piano'], moods: ['sad'], tempo: { bpm: bpm(70), word: 'slow' }, cues: [], unknownWords: [] },
  },
  {
    prompt: 'Dark ambient drone with no drums, eerie and mysterious.',
    want: { styles: ['ambient'], moods: ['dark', 'eerie', 'mysterious'], instrumentsUnwanted: ['drums'], instrumentsWanted: [], unknownWords: [] },
  },
  {
    prompt: 'Upbeat synthwave at 120 bpm without brass, main instrument synth',
    want: { styles: ['electronic'], moods: ['joyful'], tempo: { bpm: bpm(120) }, instrumentsUnwanted: ['brass'], instrumentsWanted: ['synth'], leadInstrument: 'synth', unknownWords: [] },
  },
  {
    prompt: 'Epic orchestral score like John Williams, triumphant, with a big hit at 0:45 and a swell at 1:10',
    want: {
      styles: ['orchestral'],
      traits: ['heroic brass fanfares', 'soaring string melodies', 'leitmotifs', 'full symphonic orchestra'],
      moods: ['epic', 'triumphant'],
      cues: [{ kind: 'hit', t: 45 }, { kind: 'swell', t: 70 }],
      unknownWords: [],
    },
  },
  {
    prompt: 'Noir jazz with a smoky saxophone lead, slow tempo',
    want: { styles: ['jazz'], leadInstrument: 'saxophone', instrumentsWanted: ['saxophone'], tempo: { word: 'slow' }, unknownWords: ['smoky'] },
  },
  {
    prompt: 'Minimal suspense in the style of Jóhann Jóhannsson; from 00:40 to 01:00 keep it subtle',
    want: {
      styles: ['suspense'],
      traits: ['slow string drones', 'minimal repeating motifs', 'processed textures', 'long sustained tones'],
      cues: [{ kind: 'subtle', t: 40, start: 40, end: 60 }],
      unknownWords: [],
    },
  },
  {
    prompt: 'Tense strings, like a string quartet, no percussion, sting at 00:00:12:12',
    want: { styles: ['strings'], moods: ['tense'], instrumentsWanted: ['strings'], instrumentsUnwanted: ['percussion'], cues: [{ kind: 'hit', t: 12.5 }] },
  },
  {
    prompt: 'Like Vangelis: dreamy, calm synth pads, fade out by 2:30',
    want: {
      traits: ['analog synth pads', 'slow evolving chords', 'long reverb', 'soaring synth leads'],
      moods: ['dreamy', 'calm'],
      instrumentsWanted: ['synth pad'],
      cues: [{ kind: 'fade-out', t: 150 }],
      unknownWords: [],
    },
  },
  {
    prompt: 'Morricone western showdown, stab at 1:02.5 then drop to silence at 1:05',
    want: {
      traits: ['solo whistle or voice', 'twangy guitar', 'sparse dramatic orchestration', 'bold percussion hits'],
      cues: [{ kind: 'hit', t: 62.5 }, { kind: 'drop', t: 65, target: 'silence' }],
      unknownWords: ['western', 'showdown'],
    },
  },
  {
    prompt: 'Dark pulsing score in the vein of Trent Reznor with a build from 0:20 to 0:50',
    want: {
      traits: ['dark synth textures', 'distorted pulses', 'sparse piano', 'industrial percussion'],
      moods: ['dark'],
      cues: [{ kind: 'build', t: 50, start: 20 }],
      unknownWords: ['pulsing'], // "in the vein of" is a composer reference, understood
    },
  },
  {
    prompt: 'Hopeful and romantic piano with strings, moderate tempo',
    want: { moods: ['hopeful', 'romantic'], instrumentsWanted: ['piano', 'strings'], tempo: { word: 'moderate' }, cues: [] },
  },
  {
    prompt: 'Fast electronic chase music, hits at 0:05, 0:10 and 0:15',
    want: { styles: ['electronic'], tempo: { word: 'fast' }, cues: [{ kind: 'hit', t: 5 }, { kind: 'hit', t: 10 }, { kind: 'hit', t: 15 }], unknownWords: ['chase'] },
  },
  {
    prompt: 'Calm ambient intro, then intense between 1:00 and 1:30, then fade out at the end',
    opts: { duration: 120 },
    want: { styles: ['ambient'], moods: ['calm'], cues: [{ kind: 'intense', t: 60, start: 60, end: 90 }, { kind: 'fade-out', t: 120 }], unknownWords: ['intro'] },
    warnings: 0,
  },
  {
    prompt: 'Quiet drone, silence at 45s',
    want: { styles: ['ambient'], moods: ['subtle'], cues: [{ kind: 'drop', t: 45, target: 'silence' }], unknownWords: [] },
  },
  {
    prompt: 'Heroic brass fanfare over big drums at 92 bpm, swell at 1 min 32',
    want: { moods: ['heroic'], instrumentsWanted: ['brass', 'drums'], tempo: { bpm: bpm(92) }, cues: [{ kind: 'swell', t: 92 }], unknownWords: ['fanfare'] },
  },
  {
    prompt: 'Playful pizzicato strings, no choir and no synths',
    want: { styles: ['strings'], moods: ['playful'], instrumentsWanted: ['strings'], instrumentsUnwanted: ['choir', 'synth'], unknownWords: ['pizzicato'] },
  },
  {
    prompt: 'Hybrid score, crescendo at 00:01:00;02',
    opts: { fps: { num: 30000, den: 1001 } },
    want: { styles: ['hybrid'], cues: [{ kind: 'build', t: 60.06 }] },
  },
  {
    prompt: 'Sad cello solo, gentle, building to the end',
    opts: { duration: 60 },
    // only string-family instruments wanted → the strings style (the parser's one-family rule)
    want: { styles: ['strings'], moods: ['sad', 'calm'], leadInstrument: 'cello', instrumentsWanted: ['cello'], cues: [{ kind: 'build', t: 60 }], unknownWords: [] },
  },
  {
    prompt: 'Ominous low strings; stinger at 10s; swell at 20s; fade out by 30s',
    opts: { duration: 25 },
    want: { styles: ['strings'], moods: ['ominous'], instrumentsWanted: ['strings'], cues: [{ kind: 'hit', t: 10 }, { kind: 'swell', t: 20 }, { kind: 'fade-out', t: 30 }] },
    warnings: 0,
    outside: 1,
  },
  {
    prompt: 'Joyful celebration music, 140 BPM, with taiko drums and a big finale hit at the end',
    opts: { duration: 90 },
    want: { moods: ['joyful'], tempo: { bpm: bpm(140) }, instrumentsWanted: ['percussion', 'drums'], cues: [{ kind: 'hit', t: 90 }], unknownWords: ['celebration'] },
  },
  {
    prompt: 'Something weird and unexplained',
    want: { styles: [], moods: [], cues: [], unknownWords: ['weird', 'unexplained'] },
  },
  // ---- added with the time merge, cue starts and named events
  {
    prompt: 'Hybrid orchestral-electronic, around 90 bpm, build from 0:20 to 0:50 then hit at 0:50',
    want: { styles: ['hybrid'], tempo: { bpm: bpm(90) }, cues: [{ kind: 'build', t: 50, start: 20 }, { kind: 'hit', t: 50 }], unknownWords: [] },
    warnings: 0,
  },
  {
    prompt: 'Slow piano, no strings, fade out by 1:10',
    opts: { duration: 70 },
    want: { styles: ['piano'], tempo: { word: 'slow' }, instrumentsWanted: ['piano'], instrumentsUnwanted: ['strings'], cues: [{ kind: 'fade-out', t: 70 }], unknownWords: [] },
    warnings: 0,
  },
  {
    prompt: 'Tense thriller underscore, sting at 92s, drop to silence at 1 min 40',
    want: { styles: ['suspense'], moods: ['tense'], cues: [{ kind: 'hit', t: 92 }, { kind: 'drop', t: 100, target: 'silence' }], unknownWords: [] },
  },
  {
    prompt: 'Keep it subtle from 00:40 to 01:00, then louder from 1:00 to 1:20',
    want: { moods: [], cues: [{ kind: 'subtle', t: 40, start: 40, end: 60 }, { kind: 'intense', t: 60, start: 60, end: 80 }], unknownWords: [] },
  },
  {
    prompt: 'In the style of Hans Zimmer: big brass, swell at 00:00:30:12',
    opts: { fps: { num: 25, den: 1 } },
    want: { traits: ZIMMER, instrumentsWanted: ['brass'], cues: [{ kind: 'swell', t: 30.48 }], unknownWords: [] },
  },
  {
    prompt: 'Melancholic cello and harp, main instrument cello, slow, no drums or percussion',
    want: { moods: ['melancholic'], tempo: { word: 'slow' }, instrumentsWanted: ['cello', 'harp'], instrumentsUnwanted: ['drums', 'percussion'], leadInstrument: 'cello', unknownWords: [] },
  },
  {
    prompt: 'Aggressive electronic, 128 bpm, no orchestra',
    // the refused orchestra is a directive: the style, and its families for the planner's stems
    want: { styles: ['electronic'], stylesUnwanted: ['orchestral'], moods: ['aggressive'], tempo: { bpm: bpm(128) }, instrumentsUnwanted: ['strings', 'brass', 'woodwinds', 'timpani'], unknownWords: [] },
  },
  {
    prompt: 'Crescendo to a peak at 1:05 after the explosion',
    want: { cues: [{ kind: 'build', t: 65, event: 'the explosion' }], unknownWords: [] },
  },
  {
    prompt: 'Drop to a drone at 0:30 when the door opens',
    want: { cues: [{ kind: 'drop', t: 30, target: 'drone', event: 'the door opens' }], unknownWords: [] },
  },
  {
    prompt: 'Fast-paced action with taiko, hits at 12s and 14s',
    want: { moods: ['energetic'], tempo: { word: 'fast' }, instrumentsWanted: ['percussion'], cues: [{ kind: 'hit', t: 12 }, { kind: 'hit', t: 14 }], unknownWords: [] },
  },
  {
    prompt: 'Gentle and nostalgic acoustic guitar, mid tempo',
    want: { moods: ['calm', 'nostalgic'], tempo: { word: 'moderate' }, instrumentsWanted: ['guitar'], cues: [], unknownWords: [] },
  },
  {
    prompt: 'Dark, ominous choir, build between 0:10 and 0:40',
    want: { moods: ['dark', 'ominous'], instrumentsWanted: ['choir'], cues: [{ kind: 'build', t: 40, start: 10 }], unknownWords: [] },
  },
  {
    prompt: 'Warm romantic strings featuring violin, swell at 2:00',
    opts: { duration: 150 },
    want: { styles: ['strings'], moods: ['romantic'], instrumentsWanted: ['strings', 'violin'], leadInstrument: 'violin', cues: [{ kind: 'swell', t: 120 }], unknownWords: ['warm'] },
  },
  {
    prompt: 'Mysterious ambient pads without percussion, fade out at the end',
    opts: { duration: 95 },
    want: { styles: ['ambient'], moods: ['mysterious'], instrumentsWanted: ['synth pad'], instrumentsUnwanted: ['percussion'], cues: [{ kind: 'fade-out', t: 95 }], unknownWords: [] },
  },
  {
    prompt: 'Playful woodwinds with pizzicato, upbeat, 110 bpm',
    want: { moods: ['playful', 'joyful'], tempo: { bpm: bpm(110) }, instrumentsWanted: ['woodwinds'], unknownWords: ['pizzicato'] },
  },
  {
    prompt: 'Heroic orchestral theme, John Williams style, big hit at 01:00:00:00',
    want: { styles: ['orchestral'], traits: ['heroic brass fanfares', 'soaring string melodies', 'leitmotifs', 'full symphonic orchestra'], moods: ['heroic'], cues: [{ kind: 'hit', t: 3600 }], unknownWords: [] },
  },
  {
    prompt: 'Eerie minimal score, no melody, silence at 0:45',
    want: { styles: ['suspense'], moods: ['eerie'], cues: [{ kind: 'drop', t: 45, target: 'silence' }], unknownWords: ['melody'] },
  },
  {
    prompt: 'Jazz noir, saxophone lead, brushes on drums, 80 bpm',
    want: { styles: ['jazz'], tempo: { bpm: bpm(80) }, instrumentsWanted: ['saxophone', 'drums'], leadInstrument: 'saxophone', unknownWords: ['brushes'] },
  },
  {
    prompt: 'Epic trailer music, rising from 0:00 to 1:30, stop at 1:30',
    want: { moods: ['epic'], cues: [{ kind: 'build', t: 90, start: 0 }, { kind: 'drop', t: 90, target: 'silence' }], unknownWords: ['trailer'] },
  },
  {
    prompt: 'Anxious pulsing synths, intense from 0:15 to 0:35, quiet after that',
    opts: { duration: 60 },
    want: { moods: ['anxious'], instrumentsWanted: ['synth'], cues: [{ kind: 'intense', t: 15, start: 15, end: 35 }, { kind: 'subtle', t: 35, start: 35, end: 60 }], unknownWords: ['pulsing'] },
    warnings: 0,
  },
  {
    prompt: 'Uplifting piano and strings, in the style of Vangelis, slow build to 2:10',
    opts: { duration: 140 },
    want: { styles: [], traits: ['analog synth pads', 'slow evolving chords', 'long reverb', 'soaring synth leads'], moods: ['uplifting'], instrumentsWanted: ['piano', 'strings'], cues: [{ kind: 'build', t: 130 }], unknownWords: [] },
  },
  {
    prompt: 'Scary horror strings, stinger at 00:00:05;00',
    opts: { fps: { num: 30000, den: 1001 } },
    want: { styles: ['strings'], moods: ['scary'], instrumentsWanted: ['strings'], cues: [{ kind: 'hit', t: 5.005 }], unknownWords: [] },
  },
  {
    prompt: 'No brass, no choir, just strings and piano, calm',
    want: { styles: [], moods: ['calm'], instrumentsWanted: ['strings', 'piano'], instrumentsUnwanted: ['brass', 'choir'], unknownWords: [] },
  },
  {
    prompt: 'Orchestral, hit at 3:00',
    opts: { duration: 60 },
    want: { styles: ['orchestral'], cues: [{ kind: 'hit', t: 180 }] },
    warnings: 0,
    outside: 1,
  },
  // ---- refused styles/ensembles become directives; tempo ranges give their midpoint
  {
    prompt: 'Orchestral score without electronics, 60-70 bpm',
    want: { styles: ['orchestral'], stylesUnwanted: ['electronic'], tempo: { bpm: bpm(65) }, instrumentsUnwanted: ['synth'], unknownWords: [] },
    warnings: 0,
  },
  {
    prompt: 'Electronic, no drums or orchestra, between 100 and 110 bpm',
    want: { styles: ['electronic'], stylesUnwanted: ['orchestral'], tempo: { bpm: bpm(105) }, instrumentsUnwanted: ['drums', 'strings', 'brass', 'woodwinds', 'timpani'], unknownWords: [] },
    warnings: 0,
  },
  {
    prompt: 'No orchestra, just strings and piano',
    // a named instrument stays wanted though its family goes with the refused orchestra
    want: { stylesUnwanted: ['orchestral'], instrumentsWanted: ['strings', 'piano'], instrumentsUnwanted: ['brass', 'woodwinds', 'timpani'], unknownWords: [] },
  },
  {
    prompt: 'Ambient pads, no electronic drums',
    // "electronic" qualifies the drums: the drums are refused, not the electronic style
    want: { styles: ['ambient'], instrumentsWanted: ['synth pad'], instrumentsUnwanted: ['drums'], unknownWords: [] },
  },
  {
    prompt: 'Dark ambient, no drums, electronic textures',
    // a comma ends the refused list before a style word: electronic is wanted
    want: { styles: ['ambient', 'electronic'], moods: ['dark'], instrumentsUnwanted: ['drums'], unknownWords: [] },
  },
  {
    prompt: 'Slow piano, 60 to 72 BPM, not jazz',
    want: { styles: ['piano'], stylesUnwanted: ['jazz'], tempo: { bpm: bpm(66), word: 'slow' }, instrumentsWanted: ['piano'], unknownWords: [] },
    warnings: 0,
  },
];

/**
 * What a prompt with none of a field's words gives for that field. Every expected spec in the
 * table is DEFAULT_DIRECTIVES overridden by the case's `want`, compared whole (deepStrictEqual),
 * so a directive the parser adds that a case does not expect fails the case.
 * Left out of the whole-object comparison, on purpose:
 * - `moodVad`: derived, not parsed — the mean of the mood table's points for `moods` (which is
 *   compared). Checked here for presence exactly when there are moods and for range; its
 *   direction by the spec-example test.
 * - each cue's `text`: provenance (the clause the cue came from, for messages), checked by the
 *   spec-example test. Cue times are rounded to the microsecond, because frame timecodes give
 *   float sums (00:01:00;02 → 60.06000000000001).
 * Everything else on each cue (kind, t, start, end, target, event, and any field added later)
 * is compared.
 */
const DEFAULT_DIRECTIVES: Omit<PromptSpec, 'text' | 'cues' | 'moodVad'> & { cues: CueBrief[] } = {
  styles: [],
  stylesUnwanted: [],
  traits: [],
  moods: [],
  instrumentsWanted: [],
  instrumentsUnwanted: [],
  cues: [],
  unknownWords: [],
};

test('parsePrompt: a table of prompts gives exact directives', () => {
  assert.ok(PROMPTS.length >= 40, `only ${PROMPTS.length} prompts`);
  assert.equal(PROMPTS[0]!.prompt, SPEC_PROMPT);
  console.log(`prompt table: ${PROMPTS.length} prompts`);
  const failures: string[] = [];
  for (const c of PROMPTS) {
    const { spec, warnings, diagnostics } = parsePrompt(c.prompt, { ...(c.opts?.duration !== undefined ? { duration: seconds(c.opts.duration) } : {}), ...(c.opts?.fps ? { fps: c.opts.fps } : {}) });
    assert.equal(spec.text, c.prompt);
    const { text: _text, moodVad, cues, ...rest } = spec;
    const got = {
      ...rest,
      cues: cues.map(({ text: _words, ...q }) => ({ ...q, t: Math.round(q.t * 1e6) / 1e6 })),
    };
    const want = { ...DEFAULT_DIRECTIVES, ...c.want };
    try {
      assert.deepStrictEqual(got, want);
    } catch {
      failures.push(`${c.prompt}
    got  ${JSON.stringify(got)}
    want ${JSON.stringify(want)}`);
    }
    if (c.warnings !== undefined) assert.equal(warnings.length, c.warnings, `${c.prompt}: ${warnings.join(' | ')}`);
    assert.equal(diagnostics.length, c.outside ?? 0, `${c.prompt}: ${diagnostics.map((d) => d.message).join(' | ')}`);
    for (const d of diagnostics) assert.ok(d.place?.field === 'prompt' && d.place.at !== undefined);
    assert.equal(moodVad !== undefined, spec.moods.length > 0, `${c.prompt}: moodVad exactly when there are moods`);
    if (moodVad) for (const x of Object.values(moodVad)) assert.ok(x >= -1 && x <= 1);
  }
  assert.deepEqual(failures, [], `${failures.length} prompt(s) differ:\n${failures.join('\n')}`);
});

test('parsePrompt: a bpm range reads as its midpoint, which the tempo window spans; a range outside 20–300 is warned', () => {
  for (const [prompt, mid] of [['60-70 bpm', 65], ['60–75 BPM', 67.5], ['from 60 to 70 bpm', 65], ['between 100 and 120 beats per minute', 110], ['tempo 60-70 bpm', 65]] as const) {
    const { spec, warnings } = parsePrompt(prompt);
    assert.deepEqual(spec.tempo, { bpm: mid }, prompt);
    assert.deepEqual(warnings, [], prompt);
    assert.deepEqual(spec.unknownWords, [], prompt);
  }
  const tc = tempoConstants(parsePrompt('60-70 bpm').spec);
  assert.ok(tc.min <= 60 && tc.max >= 70, JSON.stringify(tc));
  const wild = parsePrompt('50-400 bpm');
  assert.equal(wild.spec.tempo, undefined);
  assert.equal(wild.warnings.length, 1);
  assert.match(wild.warnings[0]!, /50–400 bpm is outside 20–300/);
});

test('parsePrompt → plan → compose: "no orchestra" with an electronic style gives a score without orchestral instruments', () => {
  const ORCHESTRAL_STEMS = ['strings', 'brass', 'woodwinds'];
  // GM programs (0-based) of orchestral instruments: strings/ensembles/choir 40–55, brass 56–61, reeds/pipes 68–79
  const orchestralProgram = (p: number): boolean => (p >= 40 && p <= 61) || (p >= 68 && p <= 79);
  const { spec } = parsePrompt('Aggressive electronic, 128 bpm, no orchestra');
  const plan = planScore(sceneAnalysis({ prompt: spec }), { seed: 1 });
  assert.equal(plan.style, 'electronic');
  assert.ok(!plan.instrumentation.some((s) => ORCHESTRAL_STEMS.includes(s)), plan.instrumentation.join(', '));
  const c = compose(plan);
  const pitched = c.score.tracks.filter((t) => t.channel !== 9);
  assert.ok(pitched.length > 0 && pitched.some((t) => t.notes.length > 0));
  for (const t of c.score.tracks) {
    assert.ok(!ORCHESTRAL_STEMS.includes(t.stem), `${t.name} on stem ${t.stem}`);
    if (t.channel !== 9) assert.ok(!orchestralProgram(t.program), `${t.name}: GM program ${t.program}`);
  }
  // with a style that has an orchestra, the refusal takes its strings/brass/woodwinds stems out
  const hybrid = compose(planScore(sceneAnalysis({ prompt: parsePrompt('Hybrid, tense, 128 bpm, no orchestra').spec }), { seed: 1 }));
  assert.ok(!hybrid.score.tracks.some((t) => ORCHESTRAL_STEMS.includes(t.stem)), hybrid.score.tracks.map((t) => `${t.name}/${t.stem}`).join(', '));
  // with no style named, the refusal picks an electronic preset (not hybrid's timpani and brass)
  for (const [prompt, style] of [['Tense, 128 bpm, no orchestra', 'electronic'], ['Dark and eerie, no orchestra', 'ambient'], ['Warm and hopeful, no electronics', 'orchestral']] as const) {
    const p = planScore(sceneAnalysis({ prompt: parsePrompt(prompt).spec }), { seed: 1 });
    assert.equal(p.style, style, prompt);
    const tracks = compose(p).score.tracks;
    if (style !== 'orchestral') {
      for (const t of tracks) if (t.channel !== 9) assert.ok(!orchestralProgram(t.program), `${prompt}: ${t.name}: GM program ${t.program}`);
    } else assert.ok(!tracks.some((t) => t.stem === 'synths'), `${prompt}: ${tracks.map((t) => `${t.name}/${t.stem}`).join(', ')}`);
  }
  // "no timpani" drops the timpani track, not the drums beside it on the percussion stem
  const noTimp = planScore(sceneAnalysis({ prompt: parsePrompt('Hybrid action, no timpani').spec }), { seed: 1 });
  assert.deepEqual(noTimp.instrumentsExcluded, ['timpani']);
  assert.ok(noTimp.instrumentation.includes('percussion'));
  const perc = compose(noTimp).score.tracks.filter((t) => t.stem === 'percussion');
  assert.ok(perc.length > 0 && !perc.some((t) => t.program === 47 && t.channel !== 9), perc.map((t) => `${t.name}/${t.program}`).join(', '));
});

test('parsePrompt: the spec example keeps the words its cues came from', () => {
  const { spec } = parsePrompt(SPEC_PROMPT, { duration: seconds(120) });
  assert.equal(spec.cues[0].text, 'building to a massive crescendo as the car goes over the bridge at 01:32');
  assert.equal(spec.cues[1].text, 'a sudden drop to an ambient drone after the crash at 01:45');
  assert.ok(spec.moodVad!.a > 0 && spec.moodVad!.v < 0);
});

test('parsePrompt: a bad timecode is a UserInputError; stray times are warned', () => {
  assert.throws(() => parsePrompt('Tense hit at 01:75'), (e: unknown) => e instanceof UserInputError && e.place.field === 'prompt');
  const { spec, warnings } = parsePrompt('Dark and brooding, 01:10');
  assert.deepEqual(spec.cues, []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /not attached to a cue word/);
});

// ------------------------------------------------------------------ properties

test('property: subtitle parsers throw nothing but UserInputError on random input', () => {
  const piece = fc.constantFrom(
    '1', '2', '\n', '\r\n', '\r', '00:00:01,000', '00:01.500', '99:59:59.999', ' --> ', '-->', '->', '<i>', '</i>', '<v Anna>',
    'WEBVTT', 'NOTE', 'STYLE', '- ', 'ANNA:', '[', ']', '(', ')', '{\\an8}', ' ', 'a', 'é', '日本', ':', ',', '.', '&amp;', '&#0;', '\uFEFF',
  );
  const structured = fc.array(piece, { maxLength: 40 }).map((a) => a.join(''));
  const arbitrary = fc.string({ unit: 'binary', maxLength: 200 });
  fc.assert(
    fc.property(fc.oneof(structured, arbitrary), (text) => {
      for (const parse of [parseSrt, parseVtt]) {
        try {
          const lines = parse(text, { file: 'random' });
          for (const l of lines) assert.ok(l.start! <= l.end!);
        } catch (e) {
          if (!(e instanceof UserInputError)) throw e;
        }
      }
    }),
    { numRuns: 400 },
  );
});

test('property: SRT written from random cues parses back to the same times (ms) and text', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  const cue = fc.record({
    startMs: fc.integer({ min: 0, max: 36_000_000 }),
    durMs: fc.integer({ min: 0, max: 120_000 }),
    lines: fc.array(fc.array(word, { minLength: 1, maxLength: 5 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 3 }),
  });
  fc.assert(
    fc.property(fc.array(cue, { minLength: 1, maxLength: 12 }), fc.boolean(), (cues, crlf) => {
      const nl = crlf ? '\r\n' : '\n';
      const srt = cues
        .map((c, i) => `${i + 1}${nl}${formatSrtTimestamp(c.startMs / 1000)} --> ${formatSrtTimestamp((c.startMs + c.durMs) / 1000)}${nl}${c.lines.join(nl)}${nl}`)
        .join(nl);
      const parsed = parseSrt(srt, { file: 'roundtrip.srt' });
      const expected = cues.map((c, i) => ({ c, i })).sort((a, b) => a.c.startMs - b.c.startMs || a.i - b.i).map((x) => x.c);
      assert.equal(parsed.length, expected.length);
      parsed.forEach((l, k) => {
        assert.equal(Math.round(l.start! * 1000), expected[k].startMs);
        assert.equal(Math.round(l.end! * 1000), expected[k].startMs + expected[k].durMs);
        assert.equal(l.text, expected[k].lines.join(' '));
      });
    }),
    { numRuns: 200 },
  );
  assert.equal(parseSubtitleTimestamp('00:00:01,5'), 1.5);
});

test('property: a hit at any m:ss or hh:mm:ss:ff lands at that time; random prompts throw nothing but UserInputError', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom(24, 25, 30), (m, s, f, rate) => {
      const mmss = `${m}:${String(s).padStart(2, '0')}`;
      assert.equal(parsePrompt(`sting at ${mmss}`).spec.cues[0]!.t, m * 60 + s);
      const tc = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:${String(s).padStart(2, '0')}:${String(f).padStart(2, '0')}`;
      const t = parsePrompt(`hit at ${tc}`, { fps: { num: rate, den: 1 } }).spec.cues[0]!.t;
      assert.ok(Math.abs(t - (m * 60 + s + f / rate)) < 1e-9, `${tc} at ${rate} fps → ${t}`);
    }),
    { numRuns: 200 },
  );
  const piece = fc.constantFrom('hit', 'build', 'drop', 'to', 'silence', 'at', '1:32', '01:75', '00:00:01:12', 'from', 'between', 'and', 'no', 'drums', 'piano', ',', ';', '-', 'bpm', '90', 'slow', 'fast', 'the end', 'after', 'the crash', 'when', 'swell', 'fade out by', 'keep it subtle', 'Zimmer', 'é', '日本');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 20 }).map((a) => a.join(' ')), fc.double({ min: 1, max: 600, noNaN: true }), (prompt, duration) => {
      try {
        const { spec, diagnostics } = parsePrompt(prompt, { duration: seconds(duration) });
        for (const c of spec.cues) {
          assert.ok(Number.isFinite(c.t));
          if (c.start !== undefined) assert.ok(c.start <= c.t + 1e-9);
          if (c.end !== undefined) assert.ok(c.end >= c.t - 1e-9);
        }
        assert.equal(diagnostics.length, spec.cues.filter((c) => c.t < 0 || (c.end ?? c.t) > duration + 1e-9).length);
      } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
      }
    }),
    { numRuns: 300 },
  );
});
