/**
 * The pulse: a repeating figure on the chord tones (root, third, fifth, octave) in 'full'
 * sections whose energy reaches the style's threshold — eighths, sixteenths from energy
 * 0.8 (pizzicato: quarters, eighths from 0.8). Figures: string ostinato (R R 5 R 8 R 5 R,
 * 3+3+2 accents), synth arpeggio (up/down), pizzicato (sparse quarters), piano broken
 * chords (R 5 3 5). The figure restarts on every bar line so it locks to the meter.
 */
import type { Rng } from '../util/rng.js';
import { chordAt, type ChordEvent } from './harmony.js';
import { levelAt, type ComposeContext, type PartNote } from './context.js';
import { NO_MUD_BELOW, type StylePreset } from './orchestration.js';
import { CHORD_INTERVALS, clampVelocity, nearestWithPc } from './theory.js';

/** Figures as indices into [root, third, fifth, octave]; −1 is a rest. */
const FIGURES: Readonly<Record<StylePreset['pulse'], readonly (readonly number[])[]>> = {
  ostinato: [[0, 0, 2, 0, 3, 0, 2, 0], [0, 2, 3, 2, 0, 2, 3, 2], [0, 0, 3, 0, 0, 2, 0, 3]],
  arpeggio: [[0, 1, 2, 3, 2, 1, 2, 3], [0, 2, 3, 1, 0, 2, 3, 2], [0, 1, 2, 3, 0, 1, 2, 3]],
  pizzicato: [[0, -1, 2, -1, 3, -1, 2, -1], [0, 2, -1, 3, -1, 2, -1, -1]],
  broken: [[0, 2, 1, 2, 3, 2, 1, 2], [0, 2, 3, 2, 1, 2, 3, 2]],
};

/** 3+3+2 accents over eight steps. */
const ACCENT = [1, 0, 0, 1, 0, 0, 1, 0];

/** Pulse notes in `register` (MIDI, inclusive) for the 'full' sections with enough energy. */
export function pulsePart(
  ctx: ComposeContext,
  chords: readonly ChordEvent[],
  preset: StylePreset,
  rng: Rng,
  register: readonly [number, number],
): PartNote[] {
  const notes: PartNote[] = [];
  const beat = ctx.ticksPerBeat;
  ctx.sections.forEach((s, si) => {
    if (s.texture !== 'full' || s.energy < preset.pulseFromEnergy) return;
    const figure = rng.fork(`section:${si}`).pick(FIGURES[preset.pulse]);
    const fast = s.energy >= 0.8;
    // Pizzicato: quarters, eighths when fast; broken chords (piano): eighths, triplet eighths when
    // fast; ostinato/arpeggio: eighths, sixteenths when fast.
    const step = preset.pulse === 'pizzicato' ? (fast ? beat / 2 : beat) : preset.pulse === 'broken' ? (fast ? beat / 3 : beat / 2) : fast ? beat / 4 : beat / 2;
    const legato = preset.pulse === 'broken' ? 1.6 : 0.6;
    const lo = Math.max(register[0], NO_MUD_BELOW); // no mud below C3: the figure's root stays ≥ C3
    const start = Math.ceil(s.startTick / step) * step;
    for (let t = start; t < s.endTick; t += step) {
      const c = chordAt(chords, t);
      if (!c || c.drone) continue;
      const inBar = Math.round((t % ctx.ticksPerBar) / step) % figure.length;
      const idx = figure[inBar];
      if (idx < 0) continue;
      const iv = CHORD_INTERVALS[c.quality];
      const root = nearestWithPc(c.root, lo + 7, lo, register[1] - 12);
      const tones = [root, root + (iv[1] ?? 7), root + (iv[2] ?? 7), root + 12];
      const pitch = tones[idx];
      const end = Math.min(s.endTick, c.tick + c.duration + (preset.pulse === 'broken' ? beat : 0));
      const duration = Math.min(Math.round(step * legato), end - t);
      if (duration <= 0) continue;
      const accent = ACCENT[inBar % ACCENT.length] ? 14 : 0;
      const velocity = clampVelocity(40 + 62 * levelAt(ctx, s, t) + 14 * ctx.rampAt(t) + accent);
      notes.push({ tick: Math.round(t), duration, pitch, velocity });
    }
  });
  return notes;
}
