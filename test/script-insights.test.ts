/**
 * Script insights: narrative beats from the tension trajectory and cue words, characters with
 * every line they speak or are named in, recurring themes/objects, genre and setting words.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScript } from '../src/ingest/script.js';
import { placeLines } from '../src/analysis/text/place-lines.js';
import { scoreLine } from '../src/analysis/text/lexicon-vad.js';
import { alignmentMethod, scriptInsights, narrativeBeats } from '../src/analysis/text/insights.js';
import type { ScriptLine, TimedLine } from '../src/model/artifacts.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function timed(lines: readonly ScriptLine[], duration = 60): TimedLine[] {
  const placed = placeLines(lines, [], duration);
  return placed.lines.map((l) => ({ ...l, ...scoreLine(l.text, l.kind) }));
}

const ARC: ScriptLine[] = [
  { text: 'EXT. FARMHOUSE - DAY', kind: 'heading', scene: 1 },
  { text: 'Birds sing. Maya waters the flowers in the quiet garden.', kind: 'action', scene: 1 },
  { text: 'What a lovely morning.', speaker: 'MAYA', kind: 'dialogue', scene: 1 },
  { text: 'It is. Tea is ready.', speaker: 'LEO', kind: 'dialogue', scene: 1 },
  { text: 'Suddenly the phone rings. Leo answers, and his face goes pale.', kind: 'action', scene: 1 },
  { text: 'They took the letter. They know where we live.', speaker: 'LEO', kind: 'dialogue', scene: 1 },
  { text: 'A black car speeds up the road. Dust everywhere.', kind: 'action', scene: 1 },
  { text: 'Get inside! Lock the door!', speaker: 'MAYA', kind: 'dialogue', scene: 1 },
  { text: 'Gunfire shatters the windows. Maya screams.', kind: 'action', scene: 1 },
  { text: 'The car EXPLODES in a fireball!', kind: 'action', scene: 1 },
  { text: 'Silence. Smoke drifts over the broken garden.', kind: 'action', scene: 1 },
  { text: 'Are you hurt? Talk to me.', speaker: 'LEO', kind: 'dialogue', scene: 1 },
  { text: 'I am fine. We are fine.', speaker: 'MAYA', kind: 'dialogue', scene: 1 },
  { text: 'Finally they sit together in the calm garden and drink their tea.', kind: 'action', scene: 1 },
];

test('beats: inciting incident, rising action, climax, falling action and resolution land on the right lines', () => {
  const lines = timed(ARC);
  const beats = narrativeBeats(lines);
  const at = (kind: string): string => lines.find((l) => l.start === beats.find((b) => b.kind === kind)!.t)!.text;
  assert.deepEqual(beats.map((b) => b.kind), ['inciting-incident', 'rising-action', 'climax', 'falling-action', 'resolution']);
  assert.match(at('inciting-incident'), /phone rings/);
  assert.match(at('climax'), /Gunfire|EXPLODES/);
  assert.match(at('resolution'), /Finally|fine/);
  const ri = ARC.findIndex((l) => l.text === at('rising-action'));
  assert.ok(ri > 4 && ri < 9, `rising action at line ${ri}`);
  for (let i = 1; i < beats.length; i++) assert.ok(beats[i]!.t > beats[i - 1]!.t);
  for (const b of beats) assert.ok(b.strength >= 0 && b.strength <= 1 && b.reason.length > 0);
  assert.match(beats[0]!.reason, /cue word/);
  assert.deepEqual(narrativeBeats(lines.slice(0, 3)), [], 'too few lines: no beats');
});

test('characters, themes, genres and settings of the arc scene', () => {
  const lines = timed(ARC);
  const ins = scriptInsights(lines, { method: 'layout', confidence: 0.2 });
  const maya = ins.characters.find((c) => c.name === 'MAYA')!;
  const idx = (re: RegExp): number[] => lines.flatMap((l, i) => (re.test(l.text) ? [i] : []));
  // speaks lines 2, 7, 12 and is named in action lines 1 and 8
  assert.deepEqual(maya.mentions.map((m) => [m.line, m.speaks]), [[1, false], [2, true], [7, true], [8, false], [12, true]]);
  for (const m of maya.mentions) assert.equal(m.t, lines[m.line]!.start);
  const leo = ins.characters.find((c) => c.name === 'LEO')!;
  assert.deepEqual(leo.mentions.map((m) => m.line), [3, 4, 5, 11]);
  const garden = ins.themes.find((t) => t.name === 'garden');
  assert.ok(garden, JSON.stringify(ins.themes.map((t) => t.name)));
  assert.deepEqual(garden!.mentions.map((m) => m.line), idx(/garden/));
  assert.ok(ins.themes.some((t) => t.name === 'tea') && ins.themes.some((t) => t.name === 'car'));
  assert.ok(!ins.themes.some((t) => t.name === 'maya'));
  assert.equal(ins.genres[0], 'action');
  assert.deepEqual(ins.settings.slice(0, 3), ['EXT', 'place: farmhouse', 'DAY']);
  assert.deepEqual(ins.alignment, { method: 'layout', confidence: 0.2 });
  assert.equal(alignmentMethod('timed'), 'subtitles');
});

test('insights of the hard Fountain fixture: speakers under extensions, settings from headings', () => {
  const r = readScript(path.join(projectRoot, 'test/fixtures/text/hard.fountain'));
  const ins = scriptInsights(timed(r.script.lines), { method: 'layout', confidence: 0.2 });
  assert.deepEqual(ins.characters.map((c) => c.name).sort(), ['ANNA', 'BRICK', 'MARCO', 'McCLANE', 'STEEL']);
  const anna = ins.characters.find((c) => c.name === 'ANNA')!;
  assert.deepEqual(anna.mentions.map((m) => [m.line, m.speaks]), [[2, false], [3, true], [4, true], [6, true]]);
  assert.ok(['INT', 'EXT', 'NIGHT', 'CONTINUOUS', 'place: station platform', 'place: tracks', 'night'].every((s) => ins.settings.includes(s)), JSON.stringify(ins.settings));
});
