/**
 * Screenplay formats on hard fixtures (test/fixtures/text): Fountain (title page, sections,
 * synopses, boneyard, notes, forced elements, dual dialogue, (CONT'D), lyrics, centred text,
 * page breaks) checked line by line and against fountain-js; Final Draft .fdx (nested untyped
 * paragraphs, style and revision runs, entities, CDATA, DualDialogue, comments, title page,
 * Cast List) line by line; malformed XML names the line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fountain } from 'fountain-js';
import { parseFountain, readScript } from '../src/ingest/script.js';
import { parseFdx } from '../src/ingest/fdx.js';
import { UserInputError } from '../src/model/errors.js';
import type { LineKind, ScriptLine } from '../src/model/artifacts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name: string): string => path.join(projectRoot, 'test/fixtures/text', name);

type Row = [LineKind, string | undefined, string, number | undefined, number | undefined, boolean?];
const row = (l: ScriptLine): Row => (l.dual ? [l.kind, l.speaker, l.text, l.scene, l.sourceLine, true] : [l.kind, l.speaker, l.text, l.scene, l.sourceLine]);

test('Fountain hard fixture: every element, speaker, scene and source line', () => {
  const r = readScript(fixture('hard.fountain'));
  assert.equal(r.script.format, 'fountain');
  assert.equal(r.script.timed, false);
  assert.deepEqual(r.script.lines.map(row), [
    ['action', undefined, 'FADE IN:', undefined, 13],
    ['heading', undefined, 'INT. STATION PLATFORM - NIGHT', 1, 15],
    ['action', undefined, 'Rain hammers the glass roof. ANNA (30s) checks her watch.', 1, 17],
    ['parenthetical', 'ANNA', 'whispering', 1, 25],
    ['dialogue', 'ANNA', "It's late. Again.", 1, 26],
    ['dialogue', 'MARCO', "I'm here!", 1, 29],
    ['dialogue', 'ANNA', "You're never here.", 1, 32],
    ['dialogue', 'BRICK', 'Screw retirement.', 1, 35, true],
    ['dialogue', 'STEEL', 'Screw retirement.', 1, 38, true],
    ['dialogue', 'McCLANE', 'Yippee ki-yay.', 1, 41],
    ['action', undefined, 'THE LIGHTS GO OUT.', 1, 43],
    ['dialogue', undefined, 'Sweet night, come down', 1, 45],
    ['heading', undefined, 'FLASHBACK', 2, 47],
    ['action', undefined, 'THE END', 2, 49],
    ['heading', undefined, 'EXT. TRACKS — CONTINUOUS', 3, 53],
    ['action', undefined, 'The train EXPLODES into the night.', 3, 55],
    ['transition', undefined, 'CUT TO:', 3, 57],
    ['transition', undefined, 'FADE OUT.', 3, 59],
  ]);
  // nothing from the title page, boneyard, notes, sections or synopses leaks in
  const all = r.script.lines.map((l) => l.text).join(' ');
  for (const gone of ['LAST TRAIN', 'Test Writer', 'This was cut', 'make this louder', 'ACT ONE', 'never comes']) assert.ok(!all.includes(gone), gone);
});

test('Fountain: our reader agrees with fountain-js on the hard fixture (structure, speakers, text)', () => {
  const src = fs.readFileSync(fixture('hard.fountain'), 'utf8');
  const clean = (s: string): string => s.replace(/\[\[[\s\S]*?\]\]/g, '').replace(/\*{1,3}|_/g, '').replace(/\s+/g, ' ').trim();
  const theirs: [string, string | undefined, string][] = [];
  let speaker: string | undefined;
  const KIND: Record<string, LineKind> = { scene_heading: 'heading', action: 'action', centered: 'action', transition: 'transition', lyrics: 'dialogue', dialogue: 'dialogue', parenthetical: 'parenthetical' };
  for (const t of new Fountain().parse(src, true).tokens) {
    if (t.type === 'character') speaker = clean(t.text!.replace(/\s*\([^)]*\)/g, '').replace(/\^$/, ''));
    const kind = KIND[t.type];
    if (!kind) continue;
    const text = clean(t.type === 'parenthetical' ? t.text!.replace(/^\(|\)$/g, '') : t.text!);
    theirs.push([kind, kind === 'dialogue' || kind === 'parenthetical' ? (t.type === 'lyrics' ? undefined : speaker) : undefined, text]);
  }
  const ours = parseFountain(src).map((l) => [l.kind, l.speaker, l.text]);
  assert.deepEqual(ours, theirs);
});

test('FDX hard fixture: typed Content paragraphs only, runs joined, dual dialogue, source lines', () => {
  const r = readScript(fixture('hard.fdx'));
  assert.equal(r.script.format, 'fdx');
  assert.deepEqual(r.script.lines.map(row), [
    ['heading', undefined, 'INT. CAFÉ – NIGHT', 1, 5],
    ['action', undefined, 'Anna & Bob sit. The cup SHATTERS.', 1, 15],
    ['parenthetical', 'ANNA', 'quietly', 1, 21],
    ['dialogue', 'ANNA', 'I said "no". Twice.', 1, 24],
    ['dialogue', 'BOB', 'Run!', 1, 32, true],
    ['dialogue', 'ANNA', 'Now!', 1, 38, true],
    ['transition', undefined, 'SMASH CUT TO:', 1, 43],
    ['heading', undefined, 'EXT. STREET - DAY', 2, 46],
    ['action', undefined, 'CLOSE ON the broken cup.', 2, 49],
    ['action', undefined, 'Rain <falls>.', 2, 55],
  ]);
});

test('FDX: malformed XML and a file without Content are UserInputErrors naming file and line', () => {
  const bad = '<?xml version="1.0"?>\n<FinalDraft>\n<Content>\n<Paragraph Type="Action"><Text>Hi</Text>\n</Content>\n</FinalDraft>\n';
  assert.throws(() => parseFdx(bad, 'bad.fdx'), (e: unknown) => e instanceof UserInputError && e.place.file === 'bad.fdx' && e.place.line === 5 && /well-formed/.test(e.message));
  assert.throws(() => parseFdx('<FinalDraft><TitlePage/></FinalDraft>', 'x.fdx'), (e: unknown) => e instanceof UserInputError && /Content/.test(e.message));
});

test('Fountain and FDX with CRLF line ends and a BOM read the same', () => {
  for (const name of ['hard.fountain', 'hard.fdx']) {
    const src = fs.readFileSync(fixture(name), 'utf8');
    const crlf = '\uFEFF' + src.replace(/\n/g, '\r\n');
    const a = name.endsWith('.fdx') ? parseFdx(src) : parseFountain(src);
    const b = name.endsWith('.fdx') ? parseFdx(crlf) : parseFountain(crlf);
    assert.deepEqual(b.map(row), a.map(row), name);
  }
});
