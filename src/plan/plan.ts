/**
 * The structure planner (eq. 5, here a rule-based planner, not a transformer): from the
 * fused analysis to a ScorePlan — hit points, a tempo map solved so the hits land on
 * beats, sections, a key plan and the instrumentation the style and prompt ask for.
 */
import type { Analysis, HitPoint, PromptSpec, ScorePlan, StemName } from '../model/artifacts.js';
import { PPQ, bpm, seconds, ticks } from '../model/units.js';
import { meanOver, type TimeGrid } from '../fusion/grid.js';
import { tempoConstants } from '../fusion/curves.js';
import { selectHitPoints, type HitSelectionOptions } from './hit-points.js';
import { DEFAULT_SOLVER_WEIGHTS, solveTempo, type Anchor } from './tempo-solver.js';
import { buildSections } from './sections.js';
import { planKeys } from './keys.js';
import { planLeitmotifs } from './leitmotifs.js';

export interface PlanOptions {
  readonly seed: number;
  readonly beatsPerBar: number;
  readonly maxBars: number;
  readonly minBars: number;
  readonly hits: Partial<HitSelectionOptions>;
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = { seed: 1, beatsPerBar: 4, maxBars: 8, minBars: 2, hits: {} };

export const STYLES = ['hybrid', 'orchestral', 'ambient', 'electronic', 'piano', 'strings', 'jazz', 'suspense'] as const;
export const ALL_STEMS: readonly StemName[] = ['strings', 'brass', 'woodwinds', 'percussion', 'keys', 'synths', 'fx'];

/** Words in the prompt's instrument lists → stems they name. */
const INSTRUMENT_STEMS: Record<string, StemName> = {
  drums: 'percussion', drum: 'percussion', percussion: 'percussion',
  brass: 'brass', horns: 'brass', horn: 'brass', trumpet: 'brass', trombone: 'brass',
  strings: 'strings', violin: 'strings', violins: 'strings', cello: 'strings', cellos: 'strings', viola: 'strings',
  woodwinds: 'woodwinds', flute: 'woodwinds', clarinet: 'woodwinds', oboe: 'woodwinds',
  piano: 'keys', keys: 'keys', organ: 'keys', celesta: 'keys',
  synth: 'synths', synths: 'synths', 'synth bass': 'synths', pads: 'synths', electronics: 'synths',
};

/** Instruments that are one track inside a shared stem: refusing one drops its tracks, not the stem. */
const TRACK_INSTRUMENTS = new Set(['timpani', 'cymbals']);

/** Refused instruments that drop single tracks (see `ScorePlan.instrumentsExcluded`). */
export function chooseExclusions(prompt: PromptSpec): string[] {
  return [...new Set(prompt.instrumentsUnwanted.map((w) => w.toLowerCase()).filter((w) => TRACK_INSTRUMENTS.has(w)))].sort();
}

/** The style the prompt asks for, or one the mood suggests. */
export function chooseStyle(prompt: PromptSpec): string {
  const s = prompt.styles.find((x) => (STYLES as readonly string[]).includes(x));
  if (s) return s;
  if (prompt.leadInstrument === 'piano') return 'piano';
  const refused = new Set(prompt.stylesUnwanted ?? []);
  const dark = prompt.moods.some((m) => /eerie|dark|suspense|ominous/.test(m));
  // With no style named, the default is hybrid (or suspense for dark moods) — unless the prompt
  // refuses what that needs: "no orchestra" → the electronic presets (dark ambient for dark
  // moods), "no electronics" → the orchestral one.
  if (refused.has('orchestral')) return dark ? 'ambient' : 'electronic';
  if (dark) return 'suspense';
  if (refused.has('electronic')) return 'orchestral';
  return 'hybrid';
}

/** Stems allowed by the prompt ("no drums" removes percussion; "main instrument piano" adds keys). */
export function chooseInstrumentation(prompt: PromptSpec): StemName[] {
  const removed = new Set<StemName>();
  for (const w of prompt.instrumentsUnwanted) { const s = INSTRUMENT_STEMS[w.toLowerCase()]; if (s) removed.add(s); }
  const stems = ALL_STEMS.filter((s) => !removed.has(s));
  return stems;
}

/** Plan the score for a fused analysis. Pure and deterministic. */
export function planScore(analysis: Analysis, options: Partial<PlanOptions> = {}): ScorePlan {
  const o = { ...DEFAULT_PLAN_OPTIONS, ...options };
  const duration = analysis.video.duration;
  const curves = analysis.curves;
  const step = curves.t.length > 1 ? curves.t[1]! - curves.t[0]! : 0.1;
  const grid: TimeGrid = { step: seconds(step), n: curves.t.length, t: curves.t };
  const tc = tempoConstants(analysis.prompt);

  const hits = selectHitPoints(duration, analysis.prompt.cues, analysis.events, analysis.arc, o.hits);
  const excluded = chooseExclusions(analysis.prompt);
  // Tempo breaks (changes over MAX_SMOOTH_CHANGE between neighbouring tempo points) happen only
  // (a) at a hit that comes from a prompt cue asking for one — a "drop" (allowBreak: the new
  //     tempo starts at the cue, no ramp), or
  // (b) at a hit whose following segment is too short to spread the change as a ramp of
  //     bar-long steps ≤ RAMP_STEP (the solver tries every ramp length that fits).
  // Everywhere else a change over the limit is ramped bar by bar. Each break goes to
  // plan.tempoSolution.breaks with its reason ('cue' or 'short segment').
  const anchors: Anchor[] = hits.map((h) => ({ t: h.t, priority: h.priority, wantDownbeat: h.wantDownbeat, ...(BREAK_KINDS.has(h.kind) ? { allowBreak: true } : {}) }));
  const lastT = hits.length ? hits[hits.length - 1]!.t : 0;
  const withEnd = duration - lastT >= 1.5;
  // The end of the scene: a downbeat there is nice, but optional — the solver may end off the
  // beat rather than drag the last stretch's tempo away from the curve.
  if (withEnd) anchors.push({ t: duration, priority: 3, wantDownbeat: true, optional: true });

  const solved = solveTempo(anchors, {
    beatsPerBar: o.beatsPerBar,
    minBpm: tc.min,
    maxBpm: tc.max,
    preferred: (t0, t1) => meanOver(grid, curves.tempo, t0, Math.min(t1, duration)),
    ...DEFAULT_SOLVER_WEIGHTS,
  });
  const map = solved.map;

  const hitPoints: HitPoint[] = hits.map((h, i) => {
    const beat = solved.beats[i];
    const tick = beat != null ? beat * PPQ : Math.round(map.tickAt(seconds(h.t)));
    const bb = map.barBeatAt(ticks(tick));
    const beatPos = bb.beat + bb.tickInBeat / map.ticksPerBeat;
    return {
      t: seconds(h.t),
      kind: h.kind,
      label: h.label,
      strength: Math.round(h.strength * 1000) / 1000,
      bar: bb.bar,
      beat: Math.round(beatPos * 1000) / 1000,
      tick: ticks(tick),
      errorMs: Math.round((map.secondsAt(ticks(tick)) - h.t) * 1e6) / 1e3,
      lock: beat != null ? 'beat' : 'free',
    };
  });

  const endTick = withEnd && solved.beats[anchors.length - 1] != null
    ? solved.beats[anchors.length - 1]! * PPQ
    : Math.ceil(map.tickAt(duration));

  const sections = buildSections({
    map,
    endTick,
    duration,
    hitTicks: hitPoints.map((h) => ({ tick: h.tick, kind: h.kind, t: h.t })),
    cues: analysis.prompt.cues,
    grid,
    arousal: analysis.arc.map((p) => p.a),
    valence: analysis.arc.map((p) => p.v),
    tension: curves.tension,
    dynamics: curves.dynamics,
    maxBars: o.maxBars,
    minBars: o.minBars,
  });
  const style = chooseStyle(analysis.prompt);
  const keys = planKeys(sections, grid, curves.mode, style);
  const leitmotifs = planLeitmotifs(analysis.script.insights, map, endTick);
  const tempoPoints = map.points();
  const changes = tempoPoints.slice(1).map((p, i) => ({ t: p.t, change: Math.abs(tempoPoints[i]!.usPerQuarter / p.usPerQuarter - 1) }));
  const lockedHits = hitPoints.filter((h) => h.lock === 'beat');

  return {
    version: 1,
    seed: o.seed,
    ppq: PPQ,
    duration,
    style,
    meter: { numerator: o.beatsPerBar, denominator: 4 },
    tempoMap: map.points().map((p) => ({ ...p, t: seconds(Math.round(p.t * 1e6) / 1e6), bpm: bpm(Math.round(p.bpm * 1000) / 1000) })),
    keys,
    sections,
    hitPoints,
    instrumentation: chooseInstrumentation(analysis.prompt),
    ...(excluded.length ? { instrumentsExcluded: excluded } : {}),
    curves,
    endTick: ticks(endTick),
    ...(analysis.prompt.leadInstrument ? { leadInstrument: analysis.prompt.leadInstrument } : {}),
    ...(leitmotifs.length ? { leitmotifs } : {}),
    tempoSolution: {
      anchors: anchors.length,
      locked: solved.beats.filter((b) => b != null).length,
      maxChange: r4(Math.max(0, ...changes.map((c) => c.change))),
      breaks: changes.filter((c) => c.change > MAX_SMOOTH_CHANGE + 1e-9).map((c) => {
        const tick = map.tickAt(seconds(c.t));
        const why = solved.breaks.find((b) => Math.abs(b.tick - tick) < 0.5);
        return { t: seconds(Math.round(c.t * 1e6) / 1e6), change: r4(c.change), reason: why?.reason ?? 'short segment' };
      }),
      maxAbsErrorMs: Math.max(0, ...lockedHits.map((h) => Math.abs(h.errorMs))),
    },
  };
}

/** Tempo changes up to this ratio between neighbouring tempo points count as smooth. */
export const MAX_SMOOTH_CHANGE = 0.08;
/** Hit kinds whose prompt cue asks for a tempo break: a "drop" (to a drone or silence). */
const BREAK_KINDS: ReadonlySet<string> = new Set(['drop']);
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
