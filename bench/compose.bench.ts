/**
 * `node dist/bench/compose.bench.js` (npm script "bench:compose"): plan + compose + MIDI write
 * for a synthetic 2-minute scene (arc calm → climax → aftermath → resolution, cuts every
 * 6.3 s, two recurring characters), in every style. Prints seconds per style (median of 5
 * runs after one warm-up) and the ratio to the 2 s budget, and, as a same-run baseline,
 * the time of one JSON round trip of the plan (so a loaded machine shows up in both).
 */
import { performance } from 'node:perf_hooks';
import { seconds } from '../src/model/units.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { writeMidi } from '../src/compose/midi-writer.js';
import { STYLE_NAMES } from '../src/compose/orchestration.js';
import { sceneAnalysis } from '../test/support/scene-analysis.js';

const BUDGET_S = 2;
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const mention = (ts: number[]) => ts.map((t, i) => ({ t: seconds(t), line: i, speaks: i % 2 === 0 }));
let worst = 0;
for (const style of STYLE_NAMES) {
  const analysis = sceneAnalysis({
    duration: 120,
    prompt: { styles: [style] },
    characters: [
      { name: 'ANNA', kind: 'character', mentions: mention([5, 30, 55, 80, 100]) },
      { name: 'MARK', kind: 'character', mentions: mention([12, 44, 70, 92]) },
    ],
  });
  const times: number[] = [];
  let bytes = 0;
  let baseline = 0;
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    const plan = planScore(analysis, { seed: 1 });
    const midi = writeMidi(compose(plan).score);
    const t1 = performance.now();
    JSON.parse(JSON.stringify(plan));
    const t2 = performance.now();
    bytes = midi.length;
    if (r > 0) { times.push((t1 - t0) / 1000); baseline += (t2 - t1) / 1000 / RUNS; }
  }
  const s = median(times);
  worst = Math.max(worst, s);
  console.log(`${style.padEnd(11)} ${s.toFixed(3)} s  (${(s / BUDGET_S * 100).toFixed(1)} % of the ${BUDGET_S} s budget; MIDI ${bytes} bytes; plan JSON round trip ${(baseline * 1000).toFixed(1)} ms)`);
}
console.log(`worst style: ${worst.toFixed(3)} s = ${(worst / BUDGET_S).toFixed(3)} × budget`);
