/**
 * The pad: the harmony as a sustained chord layer (strings / synth pad), or short comping
 * chords in jazz. 'drone' chords become a low sustained tonic + fifth; 'sparse' sections
 * play the same chords softly. Velocity follows the level (dynamics curve + section
 * energy) and rises with a crescendo ramp into build hits.
 */
import type { ChordEvent } from './harmony.js';
import { levelAt, type ComposeContext, type PartNote } from './context.js';
import { NO_MUD_BELOW, type StylePreset } from './orchestration.js';
import { CHORD_INTERVALS, clampVelocity, nearestWithPc } from './theory.js';

/**
 * The low brass chord: root, fifth, octave (and the third above the octave when `full`) with
 * the root in 36–47, when the bass plays the root; otherwise the bass's pitch class in 36–47
 * under the root, fifth (and third) from C3 up — below C3 the brass only doubles the bass.
 */
export function lowBrassVoicing(c: Pick<ChordEvent, 'root' | 'quality' | 'bassPc'>, full: boolean): number[] {
  const third = CHORD_INTERVALS[c.quality][1] ?? 4;
  if (c.bassPc === c.root) {
    const r = nearestWithPc(c.root, 42, 36, 47);
    return full ? [r, r + 7, r + 12, r + 12 + third] : [r, r + 7, r + 12];
  }
  const low = nearestWithPc(c.bassPc, 42, 36, 47);
  const r = nearestWithPc(c.root, 52, NO_MUD_BELOW, 59);
  const upper = full ? [r, r + 7, r + third] : [r, r + 7];
  return [low, ...upper].sort((a, b) => a - b);
}

/** Pad notes for every chord (ticks integer, velocity 1..127). */
export function padPart(ctx: ComposeContext, chords: readonly ChordEvent[], preset: StylePreset): PartNote[] {
  const notes: PartNote[] = [];
  for (const c of chords) {
    const s = ctx.sections[c.section];
    const level = levelAt(ctx, s, c.tick);
    if (c.drone) {
      const velocity = clampVelocity(38 + 40 * level);
      for (const p of c.pitches) notes.push({ tick: c.tick, duration: c.duration, pitch: p, velocity, drone: true });
      continue;
    }
    const soft = s.texture === 'sparse' ? 0.65 : 1;
    const velocity = clampVelocity((30 + 72 * level + 20 * ctx.rampAt(c.tick)) * soft);
    if (preset.comp && s.texture === 'full') {
      // Charleston comping: beat 1 (dotted quarter) and the "and" of 2 (eighth), every bar.
      const beat = ctx.ticksPerBeat;
      for (let bar = Math.floor(c.tick / ctx.ticksPerBar) * ctx.ticksPerBar; bar < c.tick + c.duration; bar += ctx.ticksPerBar) {
        for (const [off, len, acc] of [[0, 1.5, 0], [1.5, 0.5, -8]] as const) {
          const t = Math.round(bar + off * beat);
          if (t < c.tick || t >= c.tick + c.duration) continue;
          const d = Math.min(Math.round(len * beat * 0.9), c.tick + c.duration - t);
          for (const p of c.pitches) notes.push({ tick: t, duration: d, pitch: p, velocity: clampVelocity(velocity + acc) });
        }
      }
      continue;
    }
    for (const p of c.pitches) notes.push({ tick: c.tick, duration: c.duration, pitch: p, velocity });
  }
  return notes;
}

/**
 * Brass support in driven 'full' sections (energy ≥ 0.65): each chord held as root,
 * fifth and octave (plus the third from energy 0.8) in the low brass register (root 36–47).
 * Below C3 the low brass only doubles the bass line (no mud below C3): over a pedal or an
 * inversion the low note takes the bass's pitch class and the chord's root, fifth and third
 * sit from C3 up.
 */
export function brassPart(ctx: ComposeContext, chords: readonly ChordEvent[]): PartNote[] {
  const notes: PartNote[] = [];
  for (const c of chords) {
    const s = ctx.sections[c.section];
    if (c.drone || s.texture !== 'full' || s.energy < 0.65) continue;
    const pitches = lowBrassVoicing(c, s.energy >= 0.8);
    const velocity = clampVelocity(40 + 65 * levelAt(ctx, s, c.tick) + 18 * ctx.rampAt(c.tick));
    for (const p of pitches) notes.push({ tick: c.tick, duration: c.duration, pitch: p, velocity });
  }
  return notes;
}
