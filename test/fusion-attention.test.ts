/**
 * Cross-modal attention (eq. 3-4): behaviours of the interpretable heads, and that its output
 * reaches the Kalman arc.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crossModalAttention, HEADS } from '../src/fusion/attention.js';
import { fuseArc } from '../src/fusion/arc.js';
import { makeGrid, gridIndex } from '../src/fusion/grid.js';
import { seconds } from '../src/model/units.js';
import type { PromptSpec, TimedLine, TimelineEvent } from '../src/model/artifacts.js';

function line(start: number, end: number, v: number, a: number, d = 0): TimedLine {
  return { start: seconds(start), end: seconds(end), text: 'x', kind: 'dialogue', vad: { v, a, d }, emotion: { label: 'neutral', score: 0 } };
}
const ev = (t: number, kind: TimelineEvent['kind'], strength = 1): TimelineEvent => ({ t: seconds(t), kind, strength, source: 'video' });
const prompt: PromptSpec = { text: '', styles: [], traits: [], moods: [], instrumentsWanted: [], instrumentsUnwanted: [], cues: [], unknownWords: [] };

const grid = makeGrid(seconds(30));
const flat = grid.t.map((t) => ({ t, v: 0, a: 0, d: 0 }));
const lines = [line(5, 7, -0.6, 0.7), line(12, 14, 0.5, -0.2)];

test('a close-up during a line raises that line\'s weight, and only that line\'s', () => {
  const plain = crossModalAttention(grid, lines, flat, []);
  const withCloseUp = crossModalAttention(grid, lines, flat, [ev(6, 'close-up')]);
  assert.ok(Math.abs(plain.lines[0]!.weight - 1) < 1e-9, `no picture event: weight ${plain.lines[0]!.weight}`);
  assert.ok(withCloseUp.lines[0]!.weight > 1.25, `close-up: weight ${withCloseUp.lines[0]!.weight}`);
  assert.ok(withCloseUp.lines[0]!.salience > 0.25);
  assert.equal(withCloseUp.lines[1]!.weight, plain.lines[1]!.weight, 'the line 6 s away is untouched');
  // The line's text precision on the grid rises where the close-up is.
  const k = gridIndex(grid, 6);
  assert.ok(withCloseUp.textPrecision[k]! > plain.textPrecision[k]! * 1.2);
});

test('a cut during a line raises its weight less than a close-up, more than nothing', () => {
  const cut = crossModalAttention(grid, lines, flat, [ev(6.2, 'cut')]).lines[0]!.weight;
  const close = crossModalAttention(grid, lines, flat, [ev(6.2, 'close-up')]).lines[0]!.weight;
  assert.ok(cut > 1.2 && cut < close, `cut ${cut}, close-up ${close}`);
});

test('a cut right after a line makes that moment attend to the line (salience head)', () => {
  const k = gridIndex(grid, 8.3);
  const plain = crossModalAttention(grid, lines, flat, []);
  const cut = crossModalAttention(grid, lines, flat, [ev(8.3, 'cut')]);
  assert.ok(cut.headWeight('salience', k, 0) > plain.headWeight('salience', k, 0) + 0.2,
    `${plain.headWeight('salience', k, 0)} → ${cut.headWeight('salience', k, 0)}`);
  assert.ok(Math.abs(cut.headWeight('proximity', k, 0) - plain.headWeight('proximity', k, 0)) < 1e-12, 'the proximity head ignores salience');
});

test('text far away in time gets about zero weight; text being spoken gets nearly all', () => {
  const att = crossModalAttention(grid, lines, flat, [ev(20, 'close-up'), ev(21, 'cut')]);
  for (const t of [20, 21, 25]) {
    const k = gridIndex(grid, t);
    for (let i = 0; i < lines.length; i++) for (const h of HEADS) assert.ok(att.headWeight(h, k, i) < 1e-6, `t=${t} line ${i} head ${h}: ${att.headWeight(h, k, i)}`);
    assert.ok(att.textMass[k]! < 1e-6, `text mass at ${t}: ${att.textMass[k]}`);
  }
  const inside = gridIndex(grid, 6);
  assert.ok(att.weight(inside, 0) > 0.9, `inside the line: ${att.weight(inside, 0)}`);
  // Weight falls with distance after the line ends.
  const w = [7, 7.5, 8, 8.5, 9.5].map((t) => att.weight(gridIndex(grid, t), 0));
  for (let i = 1; i < w.length; i++) assert.ok(w[i]! < w[i - 1]!, `not falling: ${w.join(', ')}`);
  assert.ok(w[w.length - 1]! < 0.05, `2.5 s after the line: ${w[w.length - 1]}`);
});

test('the agreement head prefers the line whose emotion matches the picture', () => {
  const both = [line(5, 8, 0.8, 0.8), line(5, 8, -0.8, -0.8)];
  const happyPicture = grid.t.map((t) => ({ t, v: 0.7, a: 0.6, d: 0 }));
  const att = crossModalAttention(grid, both, happyPicture, []);
  const k = gridIndex(grid, 6.5);
  assert.ok(att.headWeight('agreement', k, 0) > 2 * att.headWeight('agreement', k, 1));
  assert.ok(Math.abs(att.headWeight('proximity', k, 0) - att.headWeight('proximity', k, 1)) < 1e-12);
  // So the text value the moment reads leans to the agreeing line.
  assert.ok(att.textVad.v[k]! > 0.1, `text valence ${att.textVad.v[k]}`);
});

test('eq. 4: Z_t is layer-normalised (mean 0, variance 1) where text is present', () => {
  const att = crossModalAttention(grid, lines, flat.map((p) => ({ ...p, a: 0.3 })), [ev(6, 'cut')]);
  const k = gridIndex(grid, 6) * 4;
  const z = Array.from(att.fused.slice(k, k + 4));
  const mu = z.reduce((s, x) => s + x, 0) / 4;
  const variance = z.reduce((s, x) => s + (x - mu) ** 2, 0) / 4;
  assert.ok(Math.abs(mu) < 1e-9 && Math.abs(variance - 1) < 1e-3, `mean ${mu} variance ${variance}`);
});

test('property: attention weights are a distribution (with the "no line" key) for any lines and events', () => {
  const lineArb = fc.record({ s: fc.double({ min: 0, max: 28, noNaN: true }), len: fc.double({ min: 0.2, max: 5, noNaN: true }), v: fc.double({ min: -1, max: 1, noNaN: true }), a: fc.double({ min: -1, max: 1, noNaN: true }) });
  const evArb = fc.record({ t: fc.double({ min: 0, max: 30, noNaN: true }), kind: fc.constantFrom<TimelineEvent['kind']>('cut', 'close-up', 'flash', 'motion-peak'), s: fc.double({ min: 0, max: 1, noNaN: true }) });
  fc.assert(fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(evArb, { maxLength: 6 }), (ls, es) => {
    const tl = ls.map((l) => line(l.s, Math.min(30, l.s + l.len), l.v, l.a));
    const att = crossModalAttention(grid, tl, flat, es.map((e) => ev(e.t, e.kind, e.s)));
    for (let k = 0; k < grid.n; k += 7) {
      for (const h of HEADS) {
        let s = 0;
        for (let i = 0; i < tl.length; i++) { const w = att.headWeight(h, k, i); if (!(w >= 0)) return false; s += w; }
        if (s > 1 + 1e-9) return false;
      }
      if (!(att.textMass[k]! >= 0 && att.textMass[k]! <= 1)) return false;
    }
    return att.lines.every((l) => l.weight >= 1 && l.weight <= 2 && l.salience >= 0 && l.salience <= 1);
  }), { numRuns: 60 });
});

test('the attention reaches the arc: a close-up during an excited line pulls the arc closer to it', () => {
  const calm = grid.t.map((t) => ({ t, v: 0, a: -0.6, d: 0 }));
  const excited = [line(10, 11, 0, 0.9)];
  const arcPlain = fuseArc(grid, excited, calm, prompt);
  const arcClose = fuseArc(grid, excited, calm, prompt, {}, [ev(10.5, 'close-up')]);
  const k = gridIndex(grid, 10.5);
  assert.ok(arcClose[k]!.a > arcPlain[k]!.a + 0.03, `plain ${arcPlain[k]!.a}, close-up ${arcClose[k]!.a}`);
  // Far from the line, the picture decides in both.
  const far = gridIndex(grid, 25);
  assert.ok(Math.abs(arcClose[far]!.a - -0.6) < 0.05 && Math.abs(arcPlain[far]!.a - -0.6) < 0.05);
});
