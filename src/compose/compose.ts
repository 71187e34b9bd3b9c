/**
 * The composer (rule-based, classical — no learned model): ScorePlan → Score.
 *
 *   harmony (chords + pad voicings) → parts (bass, pad, brass, pulse, melody, drums,
 *   impacts on hit points) → texture gates → free time around uncaught hits (a held chord
 *   into the hit, nothing new until the next beat) → breaths before strong hits →
 *   routing to the style's tracks (register, balance) → seeded humanisation → controller
 *   curves (CC11 expression following the dynamics curve, CC1 swells into builds) → markers.
 *
 * Pure and deterministic: every random choice comes from `createRng(seed).fork(label)`.
 */
import type { ControlEvent, Marker, NoteEvent, Score, ScorePlan, Track } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';
import { ticks } from '../model/units.js';
import { createRng } from '../util/rng.js';
import { createContext, levelAt, type ComposeContext, type PartMap, type PartNote, type PartRole } from './context.js';
import { planHarmony, type ChordEvent } from './harmony.js';
import { NO_MUD_BELOW, applyLead, selectTracks, stylePreset, type StylePreset, type TrackSpec } from './orchestration.js';
import { bassPart } from './bass.js';
import { brassPart, padPart } from './pad.js';
import { pulsePart } from './pulse.js';
import { melodyPart } from './melody.js';
import { drumsPart } from './drums.js';
import { hitParts } from './hits.js';
import { gateByTexture } from './texture.js';
import { breatheBeforeHits, freeTimeAroundHits, freeTimeWindows } from './breath.js';
import { humanize } from './humanize.js';
import { leitmotifPart, statementSpans, type Leitmotif } from './leitmotif.js';
import { fxParts } from './fx.js';

export interface ComposeOptions {
  /** Overrides plan.seed. */
  readonly seed?: number;
  /** Seeded timing/velocity humanisation (default true). */
  readonly humanize?: boolean;
}

export const DEFAULT_COMPOSE_OPTIONS: Required<Omit<ComposeOptions, 'seed'>> = { humanize: true };

/** A composition with the intermediate harmony (for reports and tests). */
export interface Composition {
  readonly score: Score;
  readonly chords: readonly ChordEvent[];
  readonly style: string;
  readonly tracks: readonly TrackSpec[];
  /** Leitmotifs with their statements (empty when the plan has none). */
  readonly leitmotifs: readonly Leitmotif[];
}

function checkPlan(plan: ScorePlan): void {
  if (!Number.isInteger(plan.ppq) || plan.ppq <= 0) throw new UserInputError(`ppq must be a positive integer, got ${plan.ppq}`, { field: 'ppq' });
  if (!(plan.endTick >= 0)) throw new UserInputError(`endTick must be ≥ 0, got ${plan.endTick}`, { field: 'endTick' });
  if (plan.tempoMap.length === 0) throw new UserInputError('the plan has no tempo map', { field: 'tempoMap' });
  plan.sections.forEach((s, i) => {
    if (!(s.endTick >= s.startTick)) throw new UserInputError(`section ${i} ends (${s.endTick}) before it starts (${s.startTick})`, { field: `sections[${i}]` });
  });
}

const ROLE_REGISTER_DEFAULT: Readonly<Record<PartRole, readonly [number, number]>> = {
  bass: [28, 55], pad: [40, 84], pulse: [48, 84], melody: [60, 96], brass: [36, 76], timpani: [38, 57], drums: [27, 87], riser: [48, 84], impact: [28, 60],
};

function registerFor(tracks: readonly TrackSpec[], role: PartRole): readonly [number, number] {
  return tracks.find((t) => t.roles.includes(role))?.register ?? ROLE_REGISTER_DEFAULT[role];
}

/** Roles that never sound below C3 (NO_MUD_BELOW) unless they are drone notes. */
const ABOVE_THE_MUD: ReadonlySet<PartRole> = new Set(['pad', 'pulse', 'melody', 'riser']);

/**
 * Fold a pitch into [lo, hi] by octaves (drone notes may stay down to MIDI 28, leitmotifs an
 * octave below lo); `aboveMud` raises the floor to C3 (no mud below C3, see NO_MUD_BELOW).
 */
function fold(pitch: number, lo: number, hi: number, drone: boolean, motif = false, aboveMud = false): number {
  let floor = drone ? Math.min(lo, 28) : motif ? Math.max(36, lo - 12) : lo;
  if (aboveMud && !drone) floor = Math.max(floor, NO_MUD_BELOW);
  let p = pitch;
  while (p < floor && p + 12 <= 127) p += 12;
  while (p > hi && p - 12 >= floor) p -= 12;
  return p;
}

/** Same-pitch notes starting closer than this (ticks, a 64th at PPQ 960) are merged into one. */
const MERGE_TICKS = 60;

/** Same pitch overlapping on one channel: cut the earlier note where the later one starts (merge near-simultaneous doubles). */
function resolveOverlaps(notes: PartNote[]): PartNote[] {
  const sorted = [...notes].sort((a, b) => a.pitch - b.pitch || a.tick - b.tick || Number(!!b.locked) - Number(!!a.locked) || b.duration - a.duration);
  const out: PartNote[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.pitch === n.pitch && n.tick < prev.tick + prev.duration) {
      if (n.tick - prev.tick < MERGE_TICKS) {
        // Starts (nearly) together: one note, not a sliver and a restrike.
        out[out.length - 1] = { ...prev, velocity: Math.max(prev.velocity, n.velocity), duration: Math.max(prev.duration, n.tick + n.duration - prev.tick) };
        continue;
      }
      out[out.length - 1] = { ...prev, duration: n.tick - prev.tick };
    }
    out.push(n);
  }
  return out;
}

/** CC11 expression (40..127 from the level, plus the build ramp) and CC1 swells, sampled every half beat, repeats dropped. */
function expressionControls(ctx: ComposeContext, withModWheel: boolean): ControlEvent[] {
  const out: ControlEvent[] = [];
  const last = new Map<number, number>();
  const emit = (tick: number, controller: number, value: number): void => {
    const v = Math.max(0, Math.min(127, Math.round(value)));
    if (last.get(controller) === v) return;
    last.set(controller, v);
    out.push({ tick: ticks(tick), controller, value: v });
  };
  const step = ctx.ticksPerBeat / 2;
  for (const s of ctx.sections) {
    if (s.texture === 'silence' || s.endTick <= s.startTick) continue;
    for (let t: number = s.startTick; t < s.endTick; t = (Math.floor(t / step) + 1) * step) {
      const ramp = ctx.rampAt(t);
      const level = levelAt(ctx, s, t) * (s.texture === 'sparse' ? 0.75 : 1);
      emit(t, 11, 40 + 87 * Math.min(1, level + 0.35 * ramp));
      if (withModWheel) emit(t, 1, 30 + 50 * level + 47 * ramp);
    }
  }
  return out;
}

/** Compose and keep the harmony for inspection. See {@link composeScore}. */
export function compose(plan: ScorePlan, options: ComposeOptions = {}): Composition {
  checkPlan(plan);
  const o = { ...DEFAULT_COMPOSE_OPTIONS, ...options };
  const seed = options.seed ?? plan.seed;
  const rng = createRng(seed);
  const preset: StylePreset = stylePreset(plan.style);
  const tracks = applyLead(selectTracks(preset, plan.instrumentation, plan.instrumentsExcluded ?? []), plan.leadInstrument);
  const roles = new Set<PartRole>(tracks.flatMap((t) => t.roles));
  const ctx = createContext(plan);

  const chords = planHarmony(ctx, rng.fork('harmony'), {
    sevenths: preset.sevenths,
    jazz: preset.jazz,
    padLow: preset.padRegister[0],
    padHigh: preset.padRegister[1],
  });

  const parts: PartMap = new Map();
  const add = (role: PartRole, notes: PartNote[]): void => { parts.set(role, [...(parts.get(role) ?? []), ...notes]); };
  if (roles.has('pad')) add('pad', padPart(ctx, chords, preset));
  if (roles.has('bass')) add('bass', bassPart(ctx, chords, preset, rng.fork('bass')));
  if (roles.has('brass')) add('brass', brassPart(ctx, chords));
  if (roles.has('pulse')) add('pulse', pulsePart(ctx, chords, preset, rng.fork('pulse'), registerFor(tracks, 'pulse')));
  const leitmotifs = roles.has('melody') && plan.leitmotifs?.length
    ? leitmotifPart(ctx, chords, plan.leitmotifs, rng.fork('leitmotifs'), registerFor(tracks, 'melody'))
    : [];
  if (roles.has('melody')) {
    // The melody rests while a leitmotif is stated (from a beat before to the statement's end).
    const spans = statementSpans(leitmotifs).map((sp) => ({ start: sp.start - ctx.ticksPerBeat, end: sp.end }));
    const melody = melodyPart(ctx, chords, preset, rng.fork('melody'), registerFor(tracks, 'melody'))
      .filter((n) => !spans.some((sp) => n.tick < sp.end && n.tick + n.duration > sp.start));
    add('melody', [...melody, ...leitmotifs.flatMap((m) => m.statements.flatMap((st) => st.notes.map((n) => ({ ...n, motif: true }))))]);
  }
  if (roles.has('drums')) add('drums', drumsPart(ctx, preset, rng.fork('drums')));
  for (const [role, notes] of hitParts(ctx, chords, preset, roles)) add(role, notes);
  for (const [role, notes] of fxParts(ctx, roles)) add(role, notes);
  for (const [role, notes] of parts) parts.set(role, breatheBeforeHits(plan, freeTimeAroundHits(plan, role, gateByTexture(ctx, role, notes), ctx.ticksPerBeat), ctx.ticksPerBeat));

  const outTracks: Track[] = [];
  for (const spec of tracks) {
    const isDrums = spec.channel === 9;
    let notes: PartNote[] = [];
    for (const role of spec.roles) {
      for (const n of parts.get(role) ?? []) {
        if (spec.minEnergy !== undefined && !n.locked) {
          const si = ctx.sectionIndexAt(n.tick);
          if (si < 0 || ctx.sections[si].energy < spec.minEnergy) continue;
        }
        const pitch = isDrums ? n.pitch : fold(n.pitch, spec.register[0], spec.register[1], !!n.drone || role === 'bass', !!n.motif, ABOVE_THE_MUD.has(role));
        notes.push({ ...n, pitch, velocity: Math.max(1, Math.min(127, Math.round(n.velocity * (spec.gain ?? 1)))) });
      }
    }
    if (notes.length === 0) continue;
    notes.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
    if (o.humanize) notes = humanize(ctx, notes, rng.fork(`humanize:${spec.name}`), preset.humanizeTicks, preset.humanizeVelocity);
    notes = resolveOverlaps(notes).filter((n) => n.duration > 0 && n.tick < plan.endTick);
    const out: NoteEvent[] = notes
      .map((n) => ({ tick: ticks(n.tick), duration: ticks(Math.min(n.duration, plan.endTick - n.tick)), pitch: n.pitch, velocity: n.velocity }))
      .sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);

    const controls: ControlEvent[] = [
      { tick: ticks(0), controller: 7, value: spec.volume ?? 100 },
      { tick: ticks(0), controller: 10, value: spec.pan ?? 64 },
      { tick: ticks(0), controller: 91, value: spec.reverb ?? 60 },
    ];
    const sustained = spec.roles.some((r) => r === 'pad' || r === 'brass' || r === 'melody' || r === 'bass' || r === 'pulse' || r === 'riser');
    if (!isDrums && sustained) {
      const swell = spec.roles.includes('pad') || spec.roles.includes('brass');
      controls.push(...expressionControls(ctx, swell));
    }
    controls.sort((a, b) => a.tick - b.tick || a.controller - b.controller);
    outTracks.push({ name: spec.name, stem: spec.stem, program: spec.program, channel: spec.channel, notes: out, controls });
  }

  const markers: Marker[] = [
    ...ctx.sections.map((s) => ({ tick: ticks(Math.round(s.startTick)), text: `Section: ${s.name}` })),
    ...plan.hitPoints.map((h) => ({ tick: ticks(Math.round(h.tick)), text: `Hit: ${h.kind}${h.label ? ` ${h.label}` : ''}` })),
    ...freeTimeWindows(plan, ctx.ticksPerBeat).map((w) => ({ tick: ticks(w.from), text: 'Free time: fermata into an off-beat hit' })),
    ...leitmotifs.flatMap((m) => m.statements.map((st) => ({ tick: ticks(st.tick), text: `Leitmotif: ${m.name} (${st.transform})` }))),
  ].sort((a, b) => a.tick - b.tick || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));

  const score: Score = {
    ppq: plan.ppq,
    tempoMap: plan.tempoMap,
    meter: plan.meter,
    tracks: outTracks,
    markers,
    endTick: plan.endTick,
  };
  return { score, chords, style: preset.name, tracks, leitmotifs };
}

/**
 * Compose the score for a plan: tracks of notes (integer ticks at plan.ppq, velocities
 * 1..127) and controllers for the plan's style and instrumentation, markers for every
 * section start ("Section: name") and hit point ("Hit: kind label"), the plan's tempo map
 * and meter, endTick = plan.endTick. Same plan + seed ⇒ deep-equal score.
 * Throws UserInputError for an unknown style or a malformed plan.
 */
export function composeScore(plan: ScorePlan, options: ComposeOptions = {}): Score {
  return compose(plan, options).score;
}
