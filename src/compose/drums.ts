/**
 * Drums (GM percussion keys, channel 9) for 'full' sections, by drive (arousal blended with
 * energy, see driveOf): none below 0.45; sparse (kick on 1, soft quarter hats) below 0.62;
 * a groove (kick 1 & 3, snare 2 & 4, eighth hats) below 0.78; above, an epic figure
 * (tom ostinato in sixteenths under kick and backbeat). Brushes: ride with swung eighths,
 * hat pedal on 2 & 4. Electronic kit: four on the floor, clap on 2 & 4, open off-beat hats
 * (closed sixteenths from drive 0.78). Orchestral percussion: no groove, bass drum on downbeats.
 * Crash on the first downbeat of driven sections; a short fill before a driven section.
 */
import type { Rng } from '../util/rng.js';
import { driveOf, levelAt, type ComposeContext, type PartNote } from './context.js';
import type { StylePreset } from './orchestration.js';
import { clampVelocity } from './theory.js';

/** GM percussion key numbers. */
export const GM_DRUMS = {
  bassDrum: 35, kick: 36, sideStick: 37, snare: 38, lowFloorTom: 41, closedHat: 42, highFloorTom: 43,
  pedalHat: 44, lowTom: 45, openHat: 46, lowMidTom: 47, hiMidTom: 48, crash: 49, highTom: 50, ride: 51, clap: 39,
} as const;

/** Drum notes (GM keys) for the sections the drive asks for. */
export function drumsPart(ctx: ComposeContext, preset: StylePreset, rng: Rng): PartNote[] {
  const notes: PartNote[] = [];
  const beat = ctx.ticksPerBeat;
  const bar = ctx.ticksPerBar;
  const hitTicks = new Set(ctx.plan.hitPoints.map((h) => Math.round(h.tick)));
  ctx.sections.forEach((s, si) => {
    if (s.texture !== 'full') return;
    const drive = driveOf(s);
    const threshold = preset.drumKit === 'brushes' ? 0.35 : 0.45;
    if (drive < threshold) return;
    const srng = rng.fork(`section:${si}`);
    const add = (t: number, key: number, v: number, len = beat / 4): void => {
      const tt = Math.round(t);
      if (tt < s.startTick || tt >= s.endTick) return;
      const level = levelAt(ctx, s, tt);
      notes.push({ tick: tt, duration: Math.round(len), pitch: key, velocity: clampVelocity(v * (0.6 + 0.5 * level) + 10 * ctx.rampAt(tt)) });
    };
    const firstBar = Math.ceil(s.startTick / bar) * bar;
    if (drive >= 0.62 && !hitTicks.has(s.startTick)) add(s.startTick, GM_DRUMS.crash, 100, beat * 2);

    for (let b0 = Math.floor(s.startTick / bar) * bar; b0 < s.endTick; b0 += bar) {
      for (let k = 0; k < ctx.beatsPerBar; k++) {
        const t = b0 + k * beat;
        const back = k % 2 === 1;
        if (preset.drumKit === 'brushes') {
          add(t, GM_DRUMS.ride, 70);
          if (back) {
            add(t + (2 * beat) / 3, GM_DRUMS.ride, 55);
            add(t, GM_DRUMS.pedalHat, 60);
            if (drive >= 0.55) add(t, GM_DRUMS.snare, 45);
          }
          continue;
        }
        if (preset.drumKit === 'electronic') {
          // Synthwave/EDM: four on the floor, clap on 2 & 4, open hat on the off-beats;
          // closed sixteenths on top when driven.
          if (drive < 0.62) {
            if (k === 0 || k === 2) add(t, GM_DRUMS.kick, 85);
            add(t + beat / 2, GM_DRUMS.closedHat, 50);
            continue;
          }
          add(t, GM_DRUMS.kick, 110);
          if (back) add(t, GM_DRUMS.clap, 100);
          add(t + beat / 2, GM_DRUMS.openHat, 70, beat / 2);
          if (drive >= 0.78) for (const j of [1, 3]) add(t + (j * beat) / 4, GM_DRUMS.closedHat, 45);
          continue;
        }
        if (preset.drumKit === 'orchestral' || !preset.groove) {
          if (drive >= 0.62 && k === 0) add(t, GM_DRUMS.bassDrum, 90, beat);
          if (drive >= 0.78 && k === 2) add(t, GM_DRUMS.bassDrum, 75, beat);
          continue;
        }
        if (drive < 0.62) {
          if (k === 0) add(t, GM_DRUMS.kick, 80);
          add(t, GM_DRUMS.closedHat, 50);
          continue;
        }
        if (k === 0 || k === 2) add(t, GM_DRUMS.kick, 105);
        if (k === 2 && srng.next() < 0.5) add(t + beat / 2, GM_DRUMS.kick, 85);
        if (back) add(t, GM_DRUMS.snare, 105);
        if (drive < 0.78) {
          add(t, GM_DRUMS.closedHat, 75);
          add(t + beat / 2, GM_DRUMS.closedHat, 55);
        } else {
          const toms = [GM_DRUMS.lowFloorTom, 0, GM_DRUMS.highFloorTom, GM_DRUMS.lowFloorTom];
          toms.forEach((key, j) => { if (key) add(t + (j * beat) / 4, key, j === 0 ? 100 : 80); });
          for (let j = 0; j < 4; j++) add(t + (j * beat) / 4, GM_DRUMS.closedHat, j === 0 ? 70 : 48);
        }
      }
    }
    // A short fill into the next section when it is driven too (hits bring their own).
    const next = ctx.sections[si + 1];
    if (next && next.texture === 'full' && driveOf(next) >= 0.62 && preset.groove && preset.drumKit === 'kit'
      && !hitTicks.has(next.startTick) && s.endTick - firstBar >= bar) {
      const fill = [GM_DRUMS.hiMidTom, GM_DRUMS.lowMidTom, GM_DRUMS.lowTom, GM_DRUMS.highFloorTom];
      fill.forEach((key, j) => add(s.endTick - beat + (j * beat) / 4, key, 80 + 8 * j));
    }
  });
  return notes;
}
