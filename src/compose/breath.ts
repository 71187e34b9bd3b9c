/**
 * A breath before big hits: every sustained or new note (except the locked impacts) is cut
 * off a sixteenth before a strong hit point, so the hit lands out of a short silence — the
 * film composer's trick that makes an impact read as an impact even at the top of a
 * crescendo (and what lets the sync verifier measure its onset on the audio).
 */
import type { ScorePlan } from '../model/artifacts.js';
import type { PartNote } from './context.js';

/** Hits at least this strong get a breath. */
export const BREATH_MIN_STRENGTH = 0.6;

/** Remove and shorten notes in the gap before each strong hit. `ticksPerBeat` from the plan's meter. */
export function breatheBeforeHits(plan: ScorePlan, notes: readonly PartNote[], ticksPerBeat: number): PartNote[] {
  const gap = Math.round(ticksPerBeat / 4);
  const hits = plan.hitPoints.filter((h) => h.strength >= BREATH_MIN_STRENGTH).map((h) => Math.round(h.tick));
  if (hits.length === 0) return [...notes];
  const out: PartNote[] = [];
  for (const n of notes) {
    if (n.locked) { out.push(n); continue; }
    let keep = true;
    let duration = n.duration;
    for (const h of hits) {
      const g0 = h - gap;
      if (n.tick >= g0 && n.tick < h) { keep = false; break; }
      if (n.tick < g0 && n.tick + duration > g0) duration = g0 - n.tick;
    }
    if (keep && duration > 0) out.push(duration === n.duration ? n : { ...n, duration });
  }
  return out;
}
