/**
 * Seeded humanisation: notes that start together in a track move together by a small
 * timing offset (±`spreadTicks`, a roughly normal draw) and each note's velocity moves by
 * a uniform ±`spreadVelocity`. Locked notes (hit-point impacts) never move. A note never
 * moves before the start of its section (so nothing leaks into a preceding silence).
 */
import type { Rng } from '../util/rng.js';
import type { ComposeContext, PartNote } from './context.js';
import { clampVelocity } from './theory.js';

/**
 * Humanised copies of `notes` (input not mutated): timing ±`spreadTicks` ticks shared by
 * notes with the same start, velocity ±`spreadVelocity` per note (result 1..127).
 */
export function humanize(ctx: ComposeContext, notes: readonly PartNote[], rng: Rng, spreadTicks: number, spreadVelocity: number): PartNote[] {
  const offsets = new Map<number, number>();
  return notes.map((n) => {
    const velocity = n.locked ? n.velocity : clampVelocity(n.velocity + rng.int(-spreadVelocity, spreadVelocity));
    if (n.locked || spreadTicks <= 0) return { ...n, velocity };
    let off = offsets.get(n.tick);
    if (off === undefined) {
      off = Math.max(-spreadTicks, Math.min(spreadTicks, Math.round((rng.gauss() * spreadTicks) / 2)));
      offsets.set(n.tick, off);
    }
    const si = ctx.sectionIndexAt(n.tick);
    const floor = si >= 0 ? ctx.sections[si].startTick : 0;
    const tick = Math.max(floor, n.tick + off);
    const end = n.tick + n.duration; // keep the release where it was
    return { ...n, tick, duration: Math.max(1, end - tick), velocity };
  });
}
