/**
 * The melody: one motif of 3–5 scale steps (a leitmotif, drawn once per score from the
 * seed) developed over the sections by repetition and sequence (the motif a step higher
 * in the answer, each phrase starting a chord tone higher), inversion in tense sections and augmentation (twice as slow) in calm ones.
 *
 * Phrases are four units (a unit = one bar, two in calm sections):
 *   motif · (rest) · motif sequenced or inverted · a long chord tone.
 * Notes are diatonic, fitted to the sounding chord (a scale note a semitone from a
 * chromatic chord tone becomes that chord tone), the last note of each motif lands on a
 * chord tone, and each unit sits above the pad's top voice (moved up an octave if not).
 */
import type { Rng } from '../util/rng.js';
import { chordAt, type ChordEvent } from './harmony.js';
import { levelAt, type ComposeContext, type PartNote } from './context.js';
import type { StylePreset } from './orchestration.js';
import { chordPcs, clampVelocity, degreeToPitch, pc, pitchToDegree, scalePcs } from './theory.js';

/** A motif: scale-degree offsets from its first note and durations as fractions of a unit. */
export interface Motif {
  readonly steps: readonly number[];
  readonly rhythm: readonly number[];
}

const RHYTHMS: Readonly<Record<number, readonly (readonly number[])[]>> = {
  3: [[2, 2, 4], [3, 1, 4], [1, 1, 6]],
  4: [[2, 1, 1, 4], [1, 1, 2, 4], [3, 1, 2, 2]],
  5: [[1, 1, 1, 1, 4], [2, 1, 1, 2, 2], [1, 1, 2, 2, 2]],
};

/** Draw a motif of 3–5 notes: mostly steps, at most one leap, a leap turns back by step. */
export function makeMotif(rng: Rng): Motif {
  const n = rng.int(3, 5);
  const steps = [0];
  let leapt = false;
  let last = 0;
  for (let k = 1; k < n; k++) {
    let iv: number;
    if (last !== 0 && Math.abs(last) >= 3) iv = -Math.sign(last) * rng.int(1, 2);
    else if (!leapt && rng.next() < 0.3) { iv = rng.pick([3, 4, -3]); leapt = true; }
    else iv = rng.pick([1, 1, 2, -1, -1, -2]);
    steps.push(steps[k - 1] + iv);
    last = iv;
  }
  const r = rng.pick(RHYTHMS[n]);
  const total = r.reduce((a, b) => a + b, 0);
  return { steps, rhythm: r.map((x) => x / total) };
}

/** The pitch moved onto the chord's scale: a scale note a semitone from a chromatic chord tone becomes that tone. */
export function fitToChord(pitch: number, chord: ChordEvent): number {
  const scale = scalePcs(chord.tonic, chord.mode);
  const tones = chordPcs(chord.root, chord.quality);
  const foreign = tones.filter((t) => !scale.includes(t));
  const allowed = scale.filter((p) => !foreign.some((f) => pc(p - f) === 1 || pc(f - p) === 1)).concat(foreign);
  if (allowed.includes(pc(pitch))) return pitch;
  for (const d of [1, -1, 2, -2]) if (allowed.includes(pc(pitch + d))) return pitch + d;
  return pitch;
}

/** Nearest chord tone (pitch) to `pitch`, preferring the one `dir` side on ties. */
function nearestChordTone(pitch: number, chord: ChordEvent): number {
  const tones = chordPcs(chord.root, chord.quality);
  for (const d of [0, 1, -1, 2, -2, 3, -3]) if (tones.includes(pc(pitch + d))) return pitch + d;
  return pitch;
}

/** The tonic pitch nearest to `pitch`. */
function nearestTonic(pitch: number, chord: ChordEvent): number {
  for (const d of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6]) if (pc(pitch + d) === pc(chord.tonic)) return pitch + d;
  return pitch;
}

/** Melody notes for the 'full' sections, centred in `register` (MIDI, inclusive). */
export function melodyPart(
  ctx: ComposeContext,
  chords: readonly ChordEvent[],
  preset: StylePreset,
  rng: Rng,
  register: readonly [number, number],
): PartNote[] {
  const motif = makeMotif(rng.fork('motif'));
  const notes: PartNote[] = [];
  // Degree 0 sits in the octave of the pad's top (the tune starts just above the chords).
  const padTop = Math.max(...chords.filter((c) => !c.drone).map((c) => c.pitches[c.pitches.length - 1]), 72);
  const baseFor = (tonic: number): number => 12 * Math.floor((padTop + 2 - tonic) / 12);
  let phraseCount = 0;
  let lastPitch: number | null = null;

  ctx.sections.forEach((s, si) => {
    if (s.texture !== 'full') return;
    const srng = rng.fork(`section:${si}`);
    const unit = s.energy < 0.35 ? 2 * ctx.ticksPerBar : ctx.ticksPerBar;
    const first = Math.ceil(s.startTick / ctx.ticksPerBar) * ctx.ticksPerBar;
    const units = Math.floor((s.endTick - first) / unit);
    if (units < 2) return;
    const tense = s.tension >= 0.5;
    for (let u0 = 0; u0 < units; u0 += 4) {
      const play = phraseCount === 0 || srng.next() < preset.melodyDensity;
      phraseCount++;
      if (!play) continue;
      const shift = (phraseCount - 1) % 3; // sequence: up a third each phrase, then start again
      let motifAnchor: number | null = null;
      const plan: ('motif' | 'answer' | 'hold' | 'rest')[] = ['motif', 'rest', 'answer', 'hold'];
      for (let k = 0; k < 4 && u0 + k < units; k++) {
        const kind = plan[k];
        if (kind === 'rest') continue;
        const u = first + (u0 + k) * unit;
        const c = chordAt(chords, u);
        if (!c || c.drone) continue;
        const level = levelAt(ctx, s, u);
        const baseVel = 48 + 60 * level + 12 * ctx.rampAt(u);
        const unitNotes: PartNote[] = [];
        if (kind === 'hold') {
          const target = lastPitch ?? degreeToPitch(0, c.tonic, c.mode, baseFor(c.tonic));
          const closing = k === units - u0 - 1 && c.cadence && pc(c.root) === pc(c.tonic);
          const p = closing ? nearestTonic(target, c) : nearestChordTone(target, c);
          unitNotes.push({ tick: u, duration: Math.round(unit * 0.9), pitch: p, velocity: clampVelocity(baseVel - 4) });
        } else {
          // The motif starts on the chord tone nearest the phrase's target degree (which
          // rises a step each phrase); the answer is the motif a step higher (a sequence),
          // or its inversion when the section is tense.
          let anchor: number;
          if (kind === 'motif' || motifAnchor === null) {
            let targetPitch = degreeToPitch(2 + 2 * shift, c.tonic, c.mode, baseFor(c.tonic));
            if (targetPitch > register[1] - 9) targetPitch -= 12; // leave room for the motif's span
            anchor = pitchToDegree(nearestChordTone(fitToChord(targetPitch, c), c), c.tonic, c.mode, baseFor(c.tonic));
            motifAnchor = anchor;
          } else anchor = motifAnchor + (tense ? 0 : 1);
          const invert = kind === 'answer' && tense;
          let t = u;
          motif.steps.forEach((st, j) => {
            const deg = anchor + (invert ? -st : st);
            const tick = Math.round(t);
            const dur = motif.rhythm[j] * unit;
            t += dur;
            const cc = chordAt(chords, tick) ?? c;
            let p = fitToChord(degreeToPitch(deg, c.tonic, c.mode, baseFor(c.tonic)), cc);
            if (j === motif.steps.length - 1) p = nearestChordTone(p, cc);
            const accent = j === 0 ? 6 : j === motif.steps.length - 1 ? -3 : 0;
            unitNotes.push({ tick, duration: Math.max(1, Math.round(dur * 0.92)), pitch: p, velocity: clampVelocity(baseVel + accent) });
          });
        }
        // Keep the unit above the pad's top voice and inside the register.
        const padTopAt = (tick: number): number => {
          const ch = chordAt(chords, tick);
          return ch ? ch.pitches[ch.pitches.length - 1] : 0;
        };
        let lift = 0;
        while (unitNotes.some((n) => n.pitch + lift <= padTopAt(n.tick)) && Math.max(...unitNotes.map((n) => n.pitch)) + lift + 12 <= register[1] + 5) lift += 12;
        while (Math.max(...unitNotes.map((n) => n.pitch)) + lift > register[1] && unitNotes.every((n) => n.pitch + lift - 12 > padTopAt(n.tick))) lift -= 12;
        lastPitch = unitNotes[unitNotes.length - 1].pitch + lift;
        for (const n of unitNotes) {
          const end = Math.min(n.tick + n.duration, s.endTick);
          if (end > n.tick) notes.push({ ...n, pitch: n.pitch + lift, duration: end - n.tick });
        }
      }
    }
  });
  return notes;
}
