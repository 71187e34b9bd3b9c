/**
 * Leitmotifs: one motif per recurring character/theme of the plan, drawn from the seed and
 * the name (so the same character always has the same tune, and two characters never share a
 * contour), stated at each planned entry and transformed by the moment's emotion, read from
 * the section the entry falls in:
 *
 *   triumph   valence ≥ 0.2 and energy ≥ 0.6   full statement in the major (the relative major
 *             when the key is minor — same notes, major centre), loud, doubled an octave below,
 *             the last note held
 *   sad       valence ≤ −0.2 and arousal < 0.2   in the minor (the relative minor when the key is
 *             major), augmented (twice as slow), an octave lower, soft
 *   tense     tension ≥ 0.5                     fragmented: the motif's head (first two or three
 *             notes) in diminution, stated twice, the second a step higher (a sequence), detached
 *   plain     otherwise                         the motif as drawn
 *
 * All pitches are diatonic to the sounding key, fitted to the sounding chord like the melody.
 */
import type { LeitmotifPlan } from '../model/artifacts.js';
import type { Rng } from '../util/rng.js';
import { chordAt, type ChordEvent } from './harmony.js';
import { levelAt, type ComposeContext, type PartNote } from './context.js';
import { fitToChord, makeMotif, type Motif } from './melody.js';
import { clampVelocity, degreeToPitch, pc } from './theory.js';

export type MotifTransform = 'plain' | 'triumph' | 'sad' | 'tense';

export interface MotifStatement {
  readonly tick: number;
  readonly transform: MotifTransform;
  /** The notes stated (after transformation), by time. */
  readonly notes: readonly PartNote[];
  /** Tonic pitch class the statement is centred on (the key's, or its relative). */
  readonly centre: number;
}

export interface Leitmotif {
  readonly name: string;
  readonly kind: 'character' | 'theme';
  readonly motif: Motif;
  readonly statements: readonly MotifStatement[];
}

/** The transformation a section's emotion asks for. */
export function transformFor(s: { valence: number; arousal: number; energy: number; tension: number }): MotifTransform {
  if (s.valence >= 0.2 && s.energy >= 0.6) return 'triumph';
  if (s.valence <= -0.2 && s.arousal < 0.2) return 'sad';
  if (s.tension >= 0.5) return 'tense';
  return 'plain';
}

const contour = (m: Motif): string => m.steps.slice(1).map((x, i) => Math.sign(x - m.steps[i])).join(',') + '|' + m.steps.length;

/** Motifs for the names, each different in contour or length from the ones before. */
export function drawMotifs(names: readonly string[], rng: Rng): Motif[] {
  const seen = new Set<string>();
  return names.map((name) => {
    let m = makeMotif(rng.fork(`leitmotif:${name}`));
    for (let k = 1; k < 40 && seen.has(contour(m)); k++) m = makeMotif(rng.fork(`leitmotif:${name}:${k}`));
    seen.add(contour(m));
    return m;
  });
}

/** Leitmotif statements for the plan's entries; `register` is the melody register. */
export function leitmotifPart(
  ctx: ComposeContext,
  chords: readonly ChordEvent[],
  plans: readonly LeitmotifPlan[],
  rng: Rng,
  register: readonly [number, number],
): Leitmotif[] {
  const motifs = drawMotifs(plans.map((p) => p.name), rng);
  const bar = ctx.ticksPerBar;
  return plans.map((lp, li) => {
    const motif = motifs[li];
    const statements: MotifStatement[] = [];
    const anchor = Math.max(66, Math.round((register[0] + register[1]) / 2) - 7);
    let prevRef = anchor;
    for (const e of lp.entries) {
      const tick = Math.round(e.tick);
      const si = ctx.sectionIndexAt(tick);
      if (si < 0) continue;
      const s = ctx.sections[si];
      if (s.texture === 'silence') continue;
      const transform = transformFor(s);
      const { tonic, mode } = ctx.keyAt(tick);
      // Centre: the relative minor in a major key when sad; the relative major in a minor key in triumph.
      let centre = tonic, cmode = mode;
      if (transform === 'sad' && mode === 'major') { centre = pc(tonic + 9); cmode = 'minor'; }
      if (transform === 'triumph' && mode === 'minor') { centre = pc(tonic + 3); cmode = 'major'; }
      // The centre's pitch nearest to where the previous statement sat (at first: a fifth below
      // the register's middle, never below MIDI 66, so a sad statement an octave down stays
      // clear of the mud), kept within a ninth of that anchor; sad statements drop an octave.
      const up = pc(centre - prevRef);
      let ref = prevRef + (up > 6 ? up - 12 : up);
      if (ref - anchor > 9) ref -= 12;
      if (anchor - ref > 9) ref += 12;
      prevRef = ref;
      let base = ref - centre;
      if (transform === 'sad') base -= 12;
      // Steps and rhythm (fractions of a bar) after the transformation.
      let steps = [...motif.steps];
      let rhythm = [...motif.rhythm];
      let unit = bar;
      let articulation = 0.92;
      if (transform === 'sad') unit = 2 * bar;
      if (transform === 'tense') {
        const head = Math.min(motif.steps.length - 1, 3);
        const hs = motif.steps.slice(0, head);
        const hr = motif.rhythm.slice(0, head).map((x) => x / 2);
        steps = [...hs, ...hs.map((x) => x + 1)];
        rhythm = [...hr, ...hr];
        articulation = 0.5;
      }
      const level = levelAt(ctx, s, tick);
      const vel = transform === 'triumph' ? 92 + 30 * level : transform === 'sad' ? 42 + 30 * level : transform === 'tense' ? 60 + 40 * level : 55 + 45 * level;
      const notes: PartNote[] = [];
      let t = tick;
      steps.forEach((st, j) => {
        const nt = Math.round(t);
        let dur = rhythm[j] * unit;
        if (transform === 'triumph' && j === steps.length - 1) dur = Math.max(dur, bar / 2);
        t += dur;
        if (nt >= s.endTick && transform !== 'triumph') return;
        const c = chordAt(chords, nt);
        let p = degreeToPitch(st, centre, cmode, base);
        if (c && !c.drone) p = fitToChord(p, c);
        while (p > register[1]) p -= 12;
        while (p < Math.max(register[0] - (transform === 'sad' ? 12 : 0), 48)) p += 12;
        const d = Math.max(1, Math.round(dur * articulation));
        notes.push({ tick: nt, duration: d, pitch: p, velocity: clampVelocity(vel + (j === 0 ? 6 : 0)) });
        if (transform === 'triumph' && p - 12 >= 48) notes.push({ tick: nt, duration: d, pitch: p - 12, velocity: clampVelocity(vel - 10) });
      });
      if (notes.length) statements.push({ tick, transform, notes, centre });
    }
    return { name: lp.name, kind: lp.kind, motif, statements };
  });
}

/** The tick spans [start, end) the statements occupy (the melody rests there). */
export function statementSpans(motifs: readonly Leitmotif[]): { start: number; end: number }[] {
  return motifs.flatMap((m) => m.statements.map((s) => ({ start: s.tick, end: Math.max(...s.notes.map((n) => n.tick + n.duration)) })));
}
