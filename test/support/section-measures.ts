/**
 * The composed music measured section by section, on the written MIDI file read back (what a
 * DAW opens): per non-silent section the plan's arousal/valence, the music's tempo and
 * loudness (velocity × CC11 × CC7), the planned and the key-found mode, the in-key ratio
 * and the emotion estimate (src/measures). Used by compose-measures and compose-demo.
 */
import type { Score, ScorePlan } from '../../src/model/artifacts.js';
import { readMidiSummary, writeMidi } from '../../src/compose/midi-writer.js';
import { TempoMap } from '../../src/time/tempo-map.js';
import { estimateEmotion, findKey, inKeyRatio, mean, notesOfMidi, pearson, type MeasureNote } from '../../src/measures/index.js';

export interface SectionMeasure {
  name: string; arousal: number; valence: number; bpm: number; loudness: number;
  planMode: string; foundMode: string | null; ev: number; ea: number;
  /** In-key ratio (jazz: without the walking bass's chromatic approach notes). */
  inKey: number;
  /** In-key ratio of every pitched note. */
  inKeyAll: number;
  /** Deliberately chromatic: the plan's tension is in the harmony's 'dark' band (≥ 0.65). */
  chromatic: boolean;
  startTick: number; endTick: number;
}

export interface Measured {
  notes: MeasureNote[];
  map: TempoMap;
  sections: SectionMeasure[];
}

/** Tension from which the harmony turns chromatic (src/compose/harmony.ts harmonyBand 'dark'). */
export const CHROMATIC_TENSION = 0.65;

export function measureSections(plan: ScorePlan, score: Score, style: string = plan.style): Measured {
  const summary = readMidiSummary(writeMidi(score));
  const notes = notesOfMidi(summary);
  const map = TempoMap.fromPoints(plan.tempoMap, plan.meter);
  const time = { ppq: plan.ppq, secondsAt: (t: number) => map.secondsAt(t) };
  const sections = plan.sections.filter((s) => s.texture !== 'silence').map((s) => {
    const inside = notes.filter((n) => n.tick >= s.startTick && n.tick < s.endTick);
    const key = [...plan.keys].filter((k) => k.tick <= s.startTick).pop() ?? plan.keys[0]!;
    const pitchedNotes = inside.filter((n) => !n.drum);
    // Jazz walks its bass with chromatic approach notes on purpose: its in-key ratio is taken without the bass.
    const diatonicParts = style === 'jazz' ? pitchedNotes.filter((n) => !/bass/i.test(n.track)) : pitchedNotes;
    const found = findKey(pitchedNotes);
    const e = estimateEmotion(notes, s.startTick, s.endTick, time);
    return {
      name: s.name, arousal: s.arousal, valence: s.valence,
      bpm: e.features.bpm, loudness: e.features.loudness,
      planMode: key.mode, foundMode: found?.mode ?? null, ev: e.v, ea: e.a,
      inKey: inKeyRatio(diatonicParts, key.tonic, key.mode),
      inKeyAll: inKeyRatio(pitchedNotes, key.tonic, key.mode),
      chromatic: s.tension >= CHROMATIC_TENSION,
      startTick: s.startTick, endTick: s.endTick,
    };
  });
  return { notes, map, sections };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** The section-level figures: correlations with the arc, mode match, mean in-key ratio outside chromatic sections. */
export function sectionFigures(S: readonly SectionMeasure[]): { rTempo: number; rLoud: number; rEmoA: number; rEmoV: number; modeMatch: number; inKey: number; table: string } {
  const diatonic = S.filter((s) => !s.chromatic);
  return {
    rTempo: pearson(S.map((s) => s.arousal), S.map((s) => s.bpm)),
    rLoud: pearson(S.map((s) => s.arousal), S.map((s) => s.loudness)),
    rEmoA: pearson(S.map((s) => s.arousal), S.map((s) => s.ea)),
    rEmoV: pearson(S.map((s) => s.valence), S.map((s) => s.ev)),
    modeMatch: S.filter((s) => s.foundMode === s.planMode).length / S.length,
    inKey: diatonic.length ? mean(diatonic.map((s) => s.inKey)) : 1,
    table: S.map((s) => `${s.name.padEnd(18)} a=${r2(s.arousal)} v=${r2(s.valence)} bpm=${r2(s.bpm)} loud=${r2(s.loudness)} mode ${s.planMode}/${s.foundMode} emo v=${r2(s.ev)} a=${r2(s.ea)} inKey=${r2(s.inKey)}${s.chromatic ? ' (chromatic)' : ''}`).join('\n'),
  };
}
