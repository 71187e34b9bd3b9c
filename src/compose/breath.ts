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

/** Roles whose note sounding when a free-time passage starts is held into the free hit (a fermata). */
const HOLD_ROLES: ReadonlySet<string> = new Set(['pad', 'bass', 'brass', 'melody']);

/**
 * The beat-grid window around each hit the tempo map could not catch (lock 'free'): from the
 * beat before the hit to the beat after it. The passage is played in free time: the music
 * stops moving on the grid, the chord (pad, bass, brass, melody) sounding on that beat is
 * held into the hit — a fermata — and released a sixteenth before it, so the hit lands out
 * of a breath; nothing new starts in the window except the hit's own (locked) impacts, which
 * then ring alone until the grid resumes on the next beat (sustained notes due in the window,
 * and the rest of the held ones, start there; short figures in the window are left out).
 */
export function freeTimeWindows(plan: ScorePlan, ticksPerBeat: number): { from: number; hit: number; to: number }[] {
  return plan.hitPoints
    .filter((h) => h.lock === 'free')
    .map((h) => {
      const hit = Math.round(h.tick);
      const from = Math.floor(hit / ticksPerBeat) * ticksPerBeat;
      return { from, hit, to: from + ticksPerBeat };
    })
    .filter((w) => w.hit > w.from);
}

/** Apply the free-time passages (see {@link freeTimeWindows}) to one role's notes (input not mutated). */
export function freeTimeAroundHits(plan: ScorePlan, role: string, notes: readonly PartNote[], ticksPerBeat: number): PartNote[] {
  const windows = freeTimeWindows(plan, ticksPerBeat);
  if (windows.length === 0) return [...notes];
  const gap = Math.round(ticksPerBeat / 4);
  const out: PartNote[] = [];
  for (const n of notes) {
    if (n.locked) { out.push(n); continue; }
    let keep = true;
    let duration = n.duration;
    for (const w of windows) {
      if (n.tick > w.from && n.tick < w.to) {
        // Nothing new starts in the passage: a sustained note waits for the grid to resume.
        const end = n.tick + duration;
        if (HOLD_ROLES.has(role) && end > w.to) out.push({ ...n, tick: w.to, duration: end - w.to });
        keep = false;
        break;
      }
      const end = n.tick + duration;
      const release = w.hit - gap;
      if (n.tick <= w.from && end > w.from) {
        // Sounding as the passage starts: held to the breath before the hit (fermata), never past it.
        duration = HOLD_ROLES.has(role) || end > release ? Math.max(0, release - n.tick) : duration;
        // A held note that had longer to go is struck again where the grid resumes.
        if (HOLD_ROLES.has(role) && end > w.to) out.push({ ...n, tick: w.to, duration: end - w.to });
      }
    }
    if (keep && duration > 0) out.push(duration === n.duration ? n : { ...n, duration });
  }
  return out;
}
