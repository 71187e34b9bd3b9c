/**
 * Narrative event graph G = (N, E) and the music parameter curves added in issue 5 (register,
 * articulation, rhythmic density, harmonic tension; mode changes on shot boundaries).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEventGraph, insightEvents } from '../src/fusion/event-graph.js';
import { collectEvents } from '../src/fusion/events.js';
import { fuseArc } from '../src/fusion/arc.js';
import { deriveCurves } from '../src/fusion/curves.js';
import { makeGrid, gridIndex } from '../src/fusion/grid.js';
import { seconds } from '../src/model/units.js';
import type { ArcPoint, PromptSpec, ScriptInsights, TimelineEvent } from '../src/model/artifacts.js';

const prompt = (cues: PromptSpec['cues'] = []): PromptSpec => ({
  text: '', styles: [], traits: [], moods: [], instrumentsWanted: [], instrumentsUnwanted: [], cues, unknownWords: [],
});
const ev = (t: number, kind: TimelineEvent['kind'], strength = 1): TimelineEvent => ({ t: seconds(t), kind, strength, source: 'video' });

function arcFrom(fn: (t: number) => { v: number; a: number; d?: number }, duration = 40): ArcPoint[] {
  return makeGrid(seconds(duration)).t.map((t) => { const p = fn(t); return { t, v: p.v, a: p.a, d: p.d ?? 0, sigma: 0.1 }; });
}

const insights: ScriptInsights = {
  beats: [
    { t: seconds(3), kind: 'inciting-incident', strength: 0.6, reason: 'test' },
    { t: seconds(10), kind: 'rising-action', strength: 0.7, reason: 'test' },
    { t: seconds(20), kind: 'climax', strength: 0.9, reason: 'test' },
    { t: seconds(26), kind: 'falling-action', strength: 0.5, reason: 'test' },
  ],
  characters: [
    { name: 'ANNA', kind: 'character', mentions: [{ t: seconds(9), line: 3, speaks: true }, { t: seconds(2), line: 0, speaks: true }] },
    { name: 'MARK', kind: 'character', mentions: [{ t: seconds(4), line: 1, speaks: true }] },
  ],
  themes: [],
  genres: [],
  settings: [],
  alignment: { method: 'subtitles', confidence: 1 },
};

test('graph: nodes from picture, prompt, arc and script insights; temporal chain; causal build-up → climax → aftermath', () => {
  const arc = arcFrom((t) => ({ v: 0, a: t <= 27 ? t / 27 : t < 31 ? 0.9 : -0.8 }));
  const events = collectEvents([ev(8, 'cut'), ev(15, 'cut'), ev(16, 'motion-peak', 0.7), ev(22, 'close-up', 0.8)], [], prompt([
    { kind: 'build', t: seconds(27), text: 'building to 00:27' },
    { kind: 'drop', t: seconds(31), target: 'drone', text: 'drop at 00:31' },
  ]), arc, insights);
  const g = buildEventGraph(events);
  const kinds = g.nodes.map((n) => n.kind);
  for (const k of ['cut', 'motion-peak', 'close-up', 'cue-build', 'cue-drop', 'beat', 'narrative-beat', 'character-entrance'] as const) assert.ok(kinds.includes(k), `no ${k} node`);
  assert.equal(new Set(g.nodes.map((n) => n.id)).size, g.nodes.length, 'ids unique');
  for (let i = 1; i < g.nodes.length; i++) assert.ok(g.nodes[i]!.t >= g.nodes[i - 1]!.t, 'nodes in time order');
  const temporal = g.edges.filter((e) => e.kind === 'temporal');
  assert.equal(temporal.length, g.nodes.length - 1);
  // Character entrances are first mentions.
  const entrances = g.nodes.filter((n) => n.kind === 'character-entrance').map((n) => [n.label, n.t]);
  assert.deepEqual(entrances, [['ANNA', 2], ['MARK', 4]]);

  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const causal = g.edges.filter((e) => e.kind === 'causal').map((e) => ({ from: byId.get(e.from)!, to: byId.get(e.to)!, label: e.label }));
  const has = (fromKind: string, fromT: number, toKind: string, toT: number, label: string): boolean =>
    causal.some((c) => c.from.kind === fromKind && Math.abs(c.from.t - fromT) < 0.05 && c.to.kind === toKind && Math.abs(c.to.t - toT) < 0.05 && c.label === label);
  assert.ok(has('cue-build', 27, 'beat', 27, 'build-up→climax'), JSON.stringify(causal.map((c) => [c.from.kind, c.from.t, c.to.kind, c.to.t, c.label])));
  assert.ok(has('beat', 27, 'cue-drop', 31, 'climax→aftermath'));
  // The script's own arc: inciting → rising → climax → falling action.
  assert.ok(has('narrative-beat', 3, 'narrative-beat', 10, 'inciting→rising'));
  assert.ok(has('narrative-beat', 10, 'narrative-beat', 20, 'build-up→climax'));
  assert.ok(has('narrative-beat', 20, 'narrative-beat', 26, 'climax→aftermath'));
  // Every edge joins existing nodes, and causal edges point forward in time (or within the same moment).
  for (const e of g.edges) assert.ok(byId.has(e.from) && byId.has(e.to));
  for (const c of causal) assert.ok(c.to.t >= c.from.t - 0.5);
  // A JSON round trip keeps it.
  assert.deepEqual(JSON.parse(JSON.stringify(g)), g);
});

test('graph without script insights: still built from picture and prompt; a build with no climax links to its drop', () => {
  assert.deepEqual(insightEvents(undefined), []);
  const events: TimelineEvent[] = [
    ev(2, 'cut'),
    { t: seconds(10), kind: 'cue-build', strength: 1, source: 'prompt' },
    { t: seconds(14), kind: 'cue-drop', strength: 1, source: 'prompt' },
    { t: seconds(15), kind: 'line', strength: 0.5, source: 'script' },
  ];
  const g = buildEventGraph(events);
  assert.equal(g.nodes.length, 3, 'lines are not nodes');
  const c = g.edges.filter((e) => e.kind === 'causal');
  assert.deepEqual(c.map((e) => e.label), ['build-up→aftermath']);
});

test('curves: a mode change moves to the nearest shot boundary; without one it stays where hysteresis put it', () => {
  const grid = makeGrid(seconds(30));
  const arc = arcFrom((t) => ({ v: t < 12 ? 0.5 : -0.5, a: 0 }), 30);
  const free = deriveCurves(grid, arc, prompt(), { smoothing: 0 });
  const changeAt = (m: readonly number[]): number => grid.t[m.findIndex((x, i) => i > 0 && x !== m[i - 1])]!;
  const tFree = changeAt(free.mode);
  assert.ok(Math.abs(tFree - 16) < 0.15, `hysteresis change at ${tFree}`);
  const snapped = deriveCurves(grid, arc, prompt(), { smoothing: 0 }, { cuts: [seconds(5), seconds(14.5), seconds(25)] });
  assert.ok(Math.abs(changeAt(snapped.mode) - 14.5) < 0.06, `snapped to ${changeAt(snapped.mode)}`);
  const later = deriveCurves(grid, arc, prompt(), { smoothing: 0 }, { cuts: [seconds(17.2)] });
  assert.ok(Math.abs(changeAt(later.mode) - 17.2) < 0.06, `snapped to ${changeAt(later.mode)}`);
  const tooFar = deriveCurves(grid, arc, prompt(), { smoothing: 0 }, { cuts: [seconds(20)] });
  assert.ok(Math.abs(changeAt(tooFar.mode) - tFree) < 1e-9, 'a boundary beyond the snap window is ignored');
  assert.equal(snapped.mode.filter((x, i) => i > 0 && x !== snapped.mode[i - 1]).length, 1);
});

test('curves: harmonic tension rises through a build and resolves after the drop; register, articulation, density follow', () => {
  const grid = makeGrid(seconds(40));
  const visual = grid.t.map((t) => ({ t, v: -0.2, a: -0.3, d: 0.2 }));
  const p = prompt([{ kind: 'build', t: seconds(27), text: 'build' }, { kind: 'drop', t: seconds(31), target: 'drone', text: 'drop' }]);
  const arc = fuseArc(grid, [], visual, p);
  const cuts = [20, 22, 23.5, 25, 26, 27].map(seconds);
  const c = deriveCurves(grid, arc, p, {}, { cuts });
  const at = (curve: readonly number[] | undefined, t: number): number => curve![gridIndex(grid, t)]!;
  for (const k of ['harmonicTension', 'register', 'articulation', 'rhythmicDensity'] as const) {
    assert.equal(c[k]!.length, grid.n);
    for (const x of c[k]!) assert.ok(x >= 0 && x <= 1, `${k} ${x}`);
  }
  assert.ok(at(c.harmonicTension, 25) > at(c.harmonicTension, 10) + 0.15, `tension in the build ${at(c.harmonicTension, 25)} vs before ${at(c.harmonicTension, 10)}`);
  assert.ok(at(c.harmonicTension, 33) < at(c.harmonicTension, 25) - 0.2, 'tension resolves after the drop');
  assert.ok(at(c.register, 29) > at(c.register, 35) + 0.2, 'climax sits higher than the drone');
  assert.ok(at(c.articulation, 25) > at(c.articulation, 10) + 0.2, 'fast cutting and arousal shorten the notes');
  assert.ok(at(c.rhythmicDensity, 26) > at(c.rhythmicDensity, 35) + 0.3);
});
