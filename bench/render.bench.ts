/**
 * Render benchmark: stems + mix for a 2-minute scene, against one plain single-pass render of
 * the same MIDI (every track through the SoundFont in one spessasynth pass, no stems split,
 * no DSP synths, no mix). Prints seconds, × real time, and the ratio between the two.
 * Timings on a shared machine vary; the ratio, taken in the same run, is the steadier figure.
 *
 *   npm run bench:render      (tsc, then node dist/bench/render.bench.js)
 */
import type { Score, Track, StemName } from '../src/model/artifacts.js';
import { SAMPLE_RATE } from '../src/model/units.js';
import { readSoundBankFile, renderScoreStems } from '../src/render/soundfont.js';
import { buildDeliveryMix } from '../src/render/delivery-mix.js';

const SECONDS = 120;
const PPQ = 960;
const BPM = 120;

/** A 2-minute hybrid cue: pads, ostinato, synth bass and pad, brass, timpani, drums. */
export function benchScore(seconds = SECONDS): Score {
  const beats = Math.floor((seconds * BPM) / 60);
  const chords = [[45, 52, 57, 60, 64], [41, 48, 53, 57, 60], [43, 50, 55, 59, 62], [40, 47, 52, 55, 59]];
  const notes = (fn: (beat: number, push: (tick: number, dur: number, pitch: number, vel: number) => void) => void): Track['notes'] => {
    const out: { tick: number; duration: number; pitch: number; velocity: number }[] = [];
    for (let b = 0; b < beats; b++) fn(b, (tick, duration, pitch, velocity) => out.push({ tick, duration, pitch, velocity }));
    return out as unknown as Track['notes'];
  };
  const chordAt = (b: number): number[] => chords[Math.floor(b / 8) % chords.length]!;
  const track = (name: string, stem: StemName, program: number, channel: number, n: Track['notes']): Track => ({ name, stem, program, channel, notes: n, controls: [] });
  const tracks: Track[] = [
    track('Strings', 'strings', 48, 0, notes((b, p) => { if (b % 8 === 0) for (const x of chordAt(b)) p(b * PPQ, 8 * PPQ - 10, x + 12, 70); })),
    track('Ostinato', 'strings', 48, 1, notes((b, p) => { for (let k = 0; k < 4; k++) p(b * PPQ + k * 240, 200, chordAt(b)[k % 3]! + 24, 80); })),
    track('Synth Bass', 'synths', 38, 2, notes((b, p) => { for (let k = 0; k < 2; k++) p(b * PPQ + k * 480, 400, chordAt(b)[0]! - 12, 96); })),
    track('Synth Pad', 'synths', 89, 3, notes((b, p) => { if (b % 8 === 0) for (const x of chordAt(b).slice(1, 4)) p(b * PPQ, 8 * PPQ - 10, x, 72); })),
    track('Brass', 'brass', 61, 4, notes((b, p) => { if (b % 16 === 12) for (const x of chordAt(b).slice(0, 3)) p(b * PPQ, 4 * PPQ, x, 90); })),
    track('Timpani', 'percussion', 47, 5, notes((b, p) => { if (b % 8 === 0) p(b * PPQ, 480, chordAt(b)[0]!, 110); })),
    track('Drums', 'percussion', 0, 9, notes((b, p) => { p(b * PPQ, 120, b % 2 === 0 ? 36 : 38, 100); p(b * PPQ + 480, 120, 42, 70); })),
  ];
  return {
    ppq: PPQ,
    tempoMap: [{ tick: 0, usPerQuarter: 60_000_000 / BPM }] as unknown as Score['tempoMap'],
    meter: { numerator: 4, denominator: 4 },
    tracks,
    markers: [],
    endTick: (beats * PPQ) as Score['endTick'],
  };
}

async function main(): Promise<void> {
  const bank = await readSoundBankFile();
  const score = benchScore();
  const length = SECONDS * SAMPLE_RATE;
  // Warm-up (JIT, lazy SF3 sample decoding) on 10 s.
  renderScoreStems(benchScore(10), 10 * SAMPLE_RATE, bank);

  let t0 = performance.now();
  renderScoreStems(score, length, bank, { synths: 'soundfont', effects: 'shared' });
  const plain = (performance.now() - t0) / 1000;

  t0 = performance.now();
  const r = renderScoreStems(score, length, bank);
  const tRender = (performance.now() - t0) / 1000;
  t0 = performance.now();
  buildDeliveryMix({ stems: r.stems, effectsReturn: r.effectsReturn, production: null, speech: [], sampleRate: SAMPLE_RATE, target: -23, truePeakCeiling: -1 });
  const tMix = (performance.now() - t0) / 1000;
  const total = tRender + tMix;
  const f = (x: number): string => x.toFixed(2);
  process.stdout.write(
    `render bench: ${SECONDS} s scene, ${score.tracks.length} tracks, ${r.stems.size} stems\n` +
      `  plain single-pass render (SoundFont only): ${f(plain)} s  (${f(SECONDS / plain)}× real time)\n` +
      `  stems (SoundFont + DSP synths):            ${f(tRender)} s\n` +
      `  delivery mix (comp, duck, loudness, TP):   ${f(tMix)} s\n` +
      `  stems + mix:                               ${f(total)} s  (${f(SECONDS / total)}× real time; target ≥ 8×)\n` +
      `  ratio stems+mix / plain render:            ${f(total / plain)}\n`,
  );
}

await main();
