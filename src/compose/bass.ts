/**
 * The bass line: chord roots (or the tonic under a pedal) in MIDI 36–52, with a rhythm
 * that gets denser with section energy — one note per chord (< 0.3), half-bar roots and
 * fifths (< 0.55), driving eighths (< 0.8), a gallop (eighth + two sixteenths) above.
 * Jazz walks in quarter notes with a chromatic approach into the next chord. In 'drone'
 * sections the bass holds the tonic an octave below the pad's drone (MIDI ≥ 28).
 */
import type { Rng } from '../util/rng.js';
import type { ChordEvent } from './harmony.js';
import { levelAt, type ComposeContext, type PartNote } from './context.js';
import type { StylePreset } from './orchestration.js';
import { CHORD_INTERVALS, clampVelocity, pc } from './theory.js';

/** Bass notes (ticks integer, pitches 28..59, velocity 1..127). */
export function bassPart(ctx: ComposeContext, chords: readonly ChordEvent[], preset: StylePreset, rng: Rng): PartNote[] {
  const notes: PartNote[] = [];
  const beat = ctx.ticksPerBeat;
  chords.forEach((c, k) => {
    const s = ctx.sections[c.section];
    if (c.drone) {
      notes.push({ tick: c.tick, duration: c.duration, pitch: c.bass, velocity: clampVelocity(45 + 35 * levelAt(ctx, s, c.tick)), drone: true });
      return;
    }
    if (s.texture !== 'full') return;
    const end = c.tick + c.duration;
    const root = c.bass;
    const fifth = root + 7 <= 55 ? root + 7 : root - 5;
    const vel = (t: number, accent: number): number => clampVelocity(42 + 68 * levelAt(ctx, s, t) + 12 * ctx.rampAt(t) + accent);
    const push = (t: number, d: number, p: number, accent = 0): void => {
      const tt = Math.round(t);
      const dd = Math.min(Math.round(d), end - tt);
      if (tt >= c.tick && tt < end && dd > 0) notes.push({ tick: tt, duration: dd, pitch: p, velocity: vel(tt, accent) });
    };
    const e = s.energy;
    if (preset.walkingBass) {
      const next = chords[k + 1];
      const tones = CHORD_INTERVALS[c.quality].map((i) => root + i);
      const n = Math.max(1, Math.round(c.duration / beat));
      for (let b = 0; b < n; b++) {
        let p: number;
        if (b === 0) p = root;
        else if (b === n - 1 && next && !next.drone && next.tick === end) p = next.bass + (rng.next() < 0.5 ? 1 : -1);
        else p = tones[Math.min(tones.length - 1, b % tones.length)] ?? root;
        while (p > 55) p -= 12;
        push(c.tick + b * beat, beat * 0.95, p, b === 0 ? 8 : 0);
      }
      return;
    }
    if (e < 0.3 || preset.sustainedBass) {
      // Held roots (minimal suspense: the low tremolo holds; the pizzicato keeps time).
      push(c.tick, c.duration, root, 6);
    } else if (e < 0.55) {
      const half = ctx.ticksPerBar / 2;
      let j = 0;
      for (let t = c.tick; t < end; t += half, j++) push(t, half * 0.95, j % 2 === 1 && rng.next() < 0.5 ? fifth : root, j === 0 ? 8 : 0);
    } else if (e < 0.8) {
      const eighth = beat / 2;
      let j = 0;
      for (let t = c.tick; t < end; t += eighth, j++) {
        const inBar = Math.round((t % ctx.ticksPerBar) / eighth);
        const p = inBar === 6 ? fifth : inBar === 7 && rng.next() < 0.3 ? root + 12 <= 59 ? root + 12 : root : root;
        push(t, eighth * 0.8, p, inBar % 2 === 0 ? 10 : 0);
      }
    } else {
      for (let t = c.tick; t < end; t += beat) {
        push(t, beat * 0.45, root, 12);
        push(t + beat / 2, beat * 0.22, root);
        push(t + (3 * beat) / 4, beat * 0.22, pc(root) === pc(c.bassPc) && rng.next() < 0.25 ? fifth : root);
      }
    }
  });
  return notes;
}
