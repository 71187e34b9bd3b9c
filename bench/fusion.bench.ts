/**
 * `node dist/bench/fusion.bench.js`: the fusion stage on a synthetic feature-length scene
 * (default 2 h: 72,000 grid steps, 24 fps visual VAD, one line every ~4.8 s, a cut every ~5 s),
 * timing each part — cross-modal attention, the Kalman/RTS arc, events + graph, curves —
 * against a baseline measured in the same run: one bare scalar Kalman + RTS pass over the grid.
 */
import { makeGrid } from '../src/fusion/grid.js';
import { crossModalAttention } from '../src/fusion/attention.js';
import { fuseArc } from '../src/fusion/arc.js';
import { kalmanFilter, rtsSmooth } from '../src/fusion/kalman.js';
import { collectEvents } from '../src/fusion/events.js';
import { buildEventGraph } from '../src/fusion/event-graph.js';
import { deriveCurves } from '../src/fusion/curves.js';
import { createRng } from '../src/util/rng.js';
import { seconds } from '../src/model/units.js';
import type { PromptSpec, TimedLine, TimelineEvent } from '../src/model/artifacts.js';

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, (performance.now() - t0) / 1000];
}

function main(): void {
  const duration = Number(process.env.BENCH_SECONDS ?? 7200);
  const rng = createRng(1);
  const grid = makeGrid(seconds(duration));
  const visual: { t: number; v: number; a: number; d: number }[] = [];
  for (let f = 0; f < duration * 24; f++) visual.push({ t: f / 24, v: Math.sin(f / 5000), a: Math.sin(f / 3000), d: 0 });
  const lines: TimedLine[] = [];
  for (let t = 1; t < duration - 5; t += 2 + 5.6 * rng.next()) {
    const len = 0.8 + 3 * rng.next();
    lines.push({ start: seconds(t), end: seconds(t + len), text: 'x', kind: 'dialogue', vad: { v: rng.next() * 2 - 1, a: rng.next() * 2 - 1, d: 0 }, emotion: { label: 'neutral', score: 0 } });
  }
  const events: TimelineEvent[] = [];
  for (let t = 3; t < duration; t += 1 + 8 * rng.next()) events.push({ t: seconds(t), kind: rng.next() < 0.8 ? 'cut' : 'close-up', strength: 0.5 + 0.5 * rng.next(), source: 'video' });
  const prompt: PromptSpec = { text: '', styles: [], traits: [], moods: [], instrumentsWanted: [], instrumentsUnwanted: [], cues: [], unknownWords: [] };

  const [, base] = time(() => rtsSmooth(kalmanFilter(grid.n, [{ y: new Float64Array(grid.n), r: new Float64Array(grid.n).fill(0.2) }], { q: 0.004, x0: 0, p0: 0.25 })));
  const [att, tAtt] = time(() => crossModalAttention(grid, lines, visual, events));
  const [arc, tArc] = time(() => fuseArc(grid, lines, visual, prompt, {}, events, att));
  const [graph, tGraph] = time(() => buildEventGraph(collectEvents(events, lines, prompt, arc)));
  const [, tCurves] = time(() => deriveCurves(grid, arc, prompt, {}, { cuts: events.filter((e) => e.kind === 'cut').map((e) => e.t) }));
  const total = tAtt + tArc + tGraph + tCurves;
  const row = (name: string, s: number): string => `${name.padEnd(28)} ${s.toFixed(3).padStart(8)} s  ${(s / base).toFixed(1).padStart(7)}× baseline`;
  process.stdout.write([
    `fusion on ${duration} s: ${grid.n} grid steps, ${visual.length} frames, ${lines.length} lines, ${events.length} picture events, ${graph.nodes.length} graph nodes`,
    row('baseline: 1 Kalman+RTS pass', base),
    row('cross-modal attention', tAtt),
    row('arc (3 Kalman+RTS, cues)', tArc),
    row('events + graph', tGraph),
    row('curves', tCurves),
    row('fusion total', total),
    `real-time factor: ${(duration / total).toFixed(0)}× (scene seconds per wall second)`,
  ].join('\n') + '\n');
}

main();
