/**
 * No mud below C3 (MIDI 48), on the written MIDI of every style preset. The rule
 * (src/compose/orchestration.ts NO_MUD_BELOW): below C3 only the bass line and what
 * reinforces it sound — the bass, drones, timpani, sub impacts and the low brass; so
 *  (a) tracks that carry only pad, pulse, melody (leitmotifs) or riser parts never go below
 *      C3, except drone notes in a drone section;
 *  (b) no two pitched notes both below C3 form a second or a third (1–4 semitones) while
 *      sounding together for at least a 32nd (a humanised legato overlap of a few ticks is
 *      not heard as a chord). The sub impacts (taiko/synth-drum hits, nearly unpitched) and
 *      the drum channel are left out.
 * Each style is composed on the synthetic 2-minute scene with a drop to a drone (so drones
 * are covered), under two seeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seconds } from '../src/model/units.js';
import { planScore } from '../src/plan/plan.js';
import { compose } from '../src/compose/compose.js';
import { readMidiSummary, writeMidi } from '../src/compose/midi-writer.js';
import { NO_MUD_BELOW, STYLE_NAMES } from '../src/compose/orchestration.js';
import { sceneAnalysis } from './support/scene-analysis.js';

const UPPER_ROLES = new Set(['pad', 'pulse', 'melody', 'riser']);
const HEARD_TOGETHER = 120; // a 32nd at PPQ 960

for (const style of STYLE_NAMES) {
  test(`no mud below C3: ${style}`, () => {
    const lows: number[] = [];
    for (const seed of [1, 3]) {
      const plan = planScore(sceneAnalysis({ prompt: { styles: [style] }, cues: [{ kind: 'drop', t: seconds(86), target: 'drone', text: 'drop to a drone at 86' }] }), { seed });
      const c = compose(plan);
      const midi = readMidiSummary(writeMidi(c.score));
      const drones = plan.sections.filter((s) => s.texture === 'drone');
      assert.ok(drones.length >= 1, 'the scene has a drone section');
      const inDrone = (tick: number): boolean => drones.some((s) => tick >= s.startTick && tick < s.endTick);
      const low: { tick: number; end: number; pitch: number; track: string }[] = [];
      for (const tr of midi.tracks) {
        if (tr.channel === 9) continue;
        const roles = c.tracks.find((t) => t.name === tr.name)!.roles;
        if (roles.every((r) => UPPER_ROLES.has(r))) {
          const under = tr.notes.filter((n) => n.pitch < NO_MUD_BELOW && !inDrone(n.tick));
          assert.deepEqual(under.map((n) => `${n.pitch}@${n.tick}`), [], `${style} seed ${seed}: ${tr.name} (${roles.join(', ')}) below C3`);
        }
        if (roles.includes('impact')) continue;
        for (const n of tr.notes) if (n.pitch < NO_MUD_BELOW) low.push({ tick: n.tick, end: n.tick + n.duration, pitch: n.pitch, track: tr.name });
      }
      const mud: string[] = [];
      for (const a of low) for (const b of low) {
        if (!(b.pitch > a.pitch && b.pitch - a.pitch <= 4)) continue;
        if (Math.min(a.end, b.end) - Math.max(a.tick, b.tick) >= HEARD_TOGETHER) mud.push(`${a.track} ${a.pitch}@${a.tick} + ${b.track} ${b.pitch}@${b.tick}`);
      }
      assert.deepEqual(mud.slice(0, 5), [], `${style} seed ${seed}: ${mud.length} close intervals below C3`);
      lows.push(low.length ? Math.min(...low.map((n) => n.pitch)) : NO_MUD_BELOW);
    }
    console.log(`${style}: lowest pitched note ${Math.min(...lows)}; nothing but the bass line and its doublings below C3`);
  });
}
