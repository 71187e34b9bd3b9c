/**
 * Impacts on hit points: exactly at each hit's tick a timpani stroke on the chord's bass
 * note, a crash cymbal with a kick/bass drum (big hits, or strength ≥ 0.5), and a low brass
 * stab (root, fifth, octave, third — below C3 only the bass's pitch class, so timpani and low
 * brass double the bass line: no mud below C3); before strong hits a timpani roll (32nds) and a snare roll or tom fill crescendo into
 * it. Impact notes are `locked`: humanisation never moves them and texture gates never
 * drop them. When the tracks have no timpani, drums or brass, the bass and pad play the
 * stab instead, so every hit point always sounds at its tick; when nothing struck plays (no
 * timpani, drums or impact), the lead adds an accent so the hit has a clear attack.
 * A 'drop' (the music falls away into a drone or silence) is marked by the low end only —
 * timpani, bass drum and the sub impact — without the crash and the brass stab, so the
 * drop is heard as the floor giving way, not as one more tutti hit.
 */
import type { HitPoint } from '../model/artifacts.js';
import { chordAt, type ChordEvent } from './harmony.js';
import type { ComposeContext, PartMap, PartNote, PartRole } from './context.js';
import type { StylePreset } from './orchestration.js';
import { GM_DRUMS } from './drums.js';
import { lowBrassVoicing } from './pad.js';
import { chordPcs, clampVelocity, nearestWithPc, type ChordQuality } from './theory.js';

/** Kinds that hit hard (full impact, fills); others are scaled by their strength. */
const BIG = /hit|build|drop|climax|impact|crash/;
const SOFT = /fade/;
const DROP = /drop/;

/** True when a hit kind gets the full impact treatment. */
export function isBigHit(h: Pick<HitPoint, 'kind' | 'strength'>): boolean {
  return BIG.test(h.kind) || h.strength >= 0.7;
}

/**
 * Impact notes per role for every hit point. `roles` are the roles the chosen tracks can
 * play; the tick of every locked note equals the hit's tick (rounded to an integer).
 */
export function hitParts(ctx: ComposeContext, chords: readonly ChordEvent[], preset: StylePreset, roles: ReadonlySet<PartRole>): PartMap {
  const out: PartMap = new Map();
  const push = (role: PartRole, n: PartNote): void => {
    if (!out.has(role)) out.set(role, []);
    out.get(role)!.push(n);
  };
  const beat = ctx.ticksPerBeat;
  const silentAt = (t: number): boolean => {
    const i = ctx.sectionIndexAt(t);
    return i < 0 || ctx.sections[i].texture === 'silence' || ctx.sections[i].texture === 'drone';
  };
  const hasImpactRole = roles.has('timpani') || roles.has('brass');

  for (const h of ctx.plan.hitPoints) {
    const tick = Math.round(h.tick);
    if (tick < 0 || tick >= ctx.plan.endTick) continue;
    const strength = Math.max(0, Math.min(1, h.strength));
    const big = isBigHit(h);
    const soft = SOFT.test(h.kind);
    const vel = soft ? 45 + 30 * strength : big ? 72 + 55 * strength : 45 + 50 * strength;
    const key = ctx.keyAt(tick);
    const c = chordAt(chords, tick);
    const root = c && !c.drone ? c.root : key.tonic;
    // Below C3 the impacts double the bass line's pitch class (no mud below C3).
    const bassPc = c && !c.drone ? c.bassPc : key.tonic;
    const quality: ChordQuality = c && !c.drone ? c.quality : key.mode === 'major' ? 'maj' : 'min';
    const ringLen = h.kind.includes('build') ? 2 * beat : beat;

    if (roles.has('timpani')) {
      const p = nearestWithPc(bassPc, 45, 38, 55);
      push('timpani', { tick, duration: ringLen, pitch: p, velocity: clampVelocity(vel), locked: true });
      if (big && !soft) {
        const rollLen = h.kind.includes('build') ? 2 * beat : beat;
        const step = beat / 8;
        for (let t = tick - rollLen; t < tick; t += step) {
          if (t < 0 || silentAt(t)) continue;
          const f = 1 - (tick - t) / rollLen;
          // The roll sits on the bass of the chord it sounds under (the hit's chord may differ).
          const under = chordAt(chords, Math.round(t));
          const rp = under && !under.drone ? nearestWithPc(under.bassPc, 45, 38, 55) : p;
          push('timpani', { tick: Math.round(t), duration: Math.round(step), pitch: rp, velocity: clampVelocity(35 + (vel - 45) * f) });
        }
      }
    }
    const drop = DROP.test(h.kind);
    if (roles.has('drums') && (big || strength >= 0.5)) {
      if (!drop) push('drums', { tick, duration: 2 * beat, pitch: GM_DRUMS.crash, velocity: clampVelocity(vel), locked: true });
      const kick = preset.drumKit === 'kit' ? GM_DRUMS.kick : GM_DRUMS.bassDrum;
      push('drums', { tick, duration: beat / 2, pitch: kick, velocity: clampVelocity(vel), locked: true });
      if (big && !soft) {
        const fill = preset.drumKit === 'kit' && strength >= 0.6
          ? [GM_DRUMS.highTom, GM_DRUMS.hiMidTom, GM_DRUMS.lowTom, GM_DRUMS.highFloorTom].map((k, j) => ({ t: tick - beat + (j * beat) / 4, k }))
          : Array.from({ length: 8 }, (_, j) => ({ t: tick - beat + (j * beat) / 8, k: GM_DRUMS.snare }));
        fill.forEach(({ t, k }, j) => {
          if (t < 0 || silentAt(t)) return;
          push('drums', { tick: Math.round(t), duration: Math.round(beat / 8), pitch: k, velocity: clampVelocity(50 + (vel - 50) * ((j + 1) / fill.length)) });
        });
      }
    }
    const stab = (role: PartRole, pitches: number[]): void => {
      for (const p of pitches) push(role, { tick, duration: ringLen, pitch: p, velocity: clampVelocity(vel), locked: true });
    };
    if (roles.has('brass') && !drop) {
      const v = lowBrassVoicing({ root, quality, bassPc }, true);
      stab('brass', soft ? v.slice(0, 2) : v);
    }
    if (!roles.has('timpani') && !roles.has('drums') && !roles.has('impact') && roles.has('melody')) {
      // Nothing struck plays this hit (e.g. "no drums" in an ambient score): the lead
      // instrument marks it with an accent on the chord root, so the hit has an attack
      // (a piano's speaks within a couple of ms; pads and bowed strings take tens of ms).
      stab('melody', [nearestWithPc(root, 64, 57, 71)]);
    }
    if (!hasImpactRole || (drop && !roles.has('timpani') && !roles.has('impact') && !roles.has('drums'))) {
      if (roles.has('bass')) stab('bass', [nearestWithPc(bassPc, 42, 36, 47)]);
      if (roles.has('pad')) {
        const pcs = chordPcs(root, quality);
        stab('pad', pcs.map((p) => nearestWithPc(p, 62, 55, 67)).sort((a, b) => a - b));
      }
    }
  }
  return out;
}
