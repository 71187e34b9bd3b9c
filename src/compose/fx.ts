/**
 * Sound-design parts for the electronic layer, written as notes for the renderer's synth/
 * SoundFont layer (stem 'fx'):
 * - riser: one long note (GM Reverse Cymbal on the preset's track) that swells into each
 *   swelling hit (build/swell/hit/climax kinds, or strength ≥ 0.6): it starts up to two bars
 *   before the hit (never before the previous hit) and ends exactly on the hit's tick;
 * - impact: a low hit (Taiko / Synth Drum) exactly on every hit of strength ≥ 0.5 or a big kind.
 * Pitched on the key's tonic (the sounds are nearly unpitched; a pitched synth stays in key).
 * Both are `locked`: humanisation never moves them, texture gates never drop them.
 */
import { SWELL_KINDS, type ComposeContext, type PartMap, type PartNote, type PartRole } from './context.js';
import { isBigHit } from './hits.js';
import { clampVelocity, nearestWithPc } from './theory.js';

export function fxParts(ctx: ComposeContext, roles: ReadonlySet<PartRole>): PartMap {
  const out: PartMap = new Map();
  const risers: PartNote[] = [];
  const impacts: PartNote[] = [];
  const hits = [...ctx.plan.hitPoints].sort((a, b) => a.tick - b.tick);
  hits.forEach((h, k) => {
    const tick = Math.round(h.tick);
    const tonic = ctx.keyAt(tick).tonic; // pitched on the key's tonic, in case the sound is pitched
    if (roles.has('riser') && (SWELL_KINDS.test(h.kind) || h.strength >= 0.6)) {
      const prev = k > 0 ? Math.round(hits[k - 1]!.tick) : 0;
      const start = Math.max(prev, tick - 2 * ctx.ticksPerBar, 0);
      if (tick - start >= ctx.ticksPerBeat) {
        risers.push({ tick: start, duration: tick - start, pitch: nearestWithPc(tonic, 60, 54, 65), velocity: clampVelocity(70 + 45 * h.strength), locked: true });
      }
    }
    if (roles.has('impact') && (isBigHit(h) || h.strength >= 0.5) && tick < ctx.plan.endTick) {
      impacts.push({ tick, duration: 2 * ctx.ticksPerBeat, pitch: nearestWithPc(tonic, 36, 30, 41), velocity: clampVelocity(90 + 37 * h.strength), locked: true });
    }
  });
  if (risers.length) out.set('riser', risers);
  if (impacts.length) out.set('impact', impacts);
  return out;
}
