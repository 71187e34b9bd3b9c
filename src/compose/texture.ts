/**
 * Texture gates: what may sound in each section. 'silence' — nothing (an impact on a hit
 * point that opens a silence still strikes, cut to one beat); 'drone' — only drone notes
 * (and impacts); 'sparse' — only the pad (and impacts); leitmotif statements sound in every
 * texture but silence. No note rings on into a section
 * whose texture is not 'full', nor past the score's end.
 */
import type { ComposeContext, PartNote, PartRole } from './context.js';

/** Roles a texture lets play (impacts excepted). */
function allowed(texture: string, role: PartRole, note: PartNote): boolean {
  if (texture === 'full') return true;
  if (note.motif) return texture !== 'silence';
  if (texture === 'sparse') return role === 'pad';
  if (texture === 'drone') return note.drone === true;
  return false;
}

/** Notes of one role filtered and trimmed by the section textures (input not mutated). */
export function gateByTexture(ctx: ComposeContext, role: PartRole, notes: readonly PartNote[]): PartNote[] {
  const out: PartNote[] = [];
  const secs = ctx.sections;
  for (const n of notes) {
    const si = ctx.sectionIndexAt(n.tick);
    if (si < 0) continue;
    const s = secs[si];
    if (!n.locked && !allowed(s.texture, role, n)) continue;
    let end = n.tick + n.duration;
    if (n.locked && s.texture === 'silence') end = Math.min(end, n.tick + ctx.ticksPerBeat);
    // Stop at the next section that does not let this note ring on.
    for (let k = si + 1; k < secs.length && secs[k].startTick < end; k++) {
      if (secs[k].texture !== 'full' && !(n.drone && secs[k].texture === 'drone') && !(n.motif && secs[k].texture !== 'silence')) { end = Math.min(end, secs[k].startTick); break; }
    }
    end = Math.min(end, ctx.plan.endTick);
    if (end > n.tick) out.push({ ...n, duration: end - n.tick });
  }
  return out;
}
