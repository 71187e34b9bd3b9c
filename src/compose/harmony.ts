/**
 * Harmony: a chord progression per section, chosen by mode and tension, with a cadence at
 * the section's end, and a voice-led 4-voice pad voicing for every chord.
 *
 * Method (classical, rule-based):
 *  - progression tables by mode × band, the band from tension and energy:
 *      calm        functional I–vi–IV–V / i–VI–iv–i type loops (minor loops start and end
 *                  on i and use the harmonic-minor V, so the key is heard as minor and not
 *                  as its relative major)
 *      triumphant  I–V–vi–IV, I–bVII–IV–I (energy high, tension low)
 *      tense       i–iv oscillation; in major IV–iv–I (the borrowed iv, at most one borrowed
 *                  chord per four so the key stays heard), over a tonic pedal from tension 0.5
 *      dark        chromatic-mediant moves (i–bvi, i–biii), Neapolitan bII, over a pedal
 *  - harmonic rhythm: chords change on bar lines, one per bar (two per bar at energy ≥ 0.65
 *    in even meters; one per two bars in 'sparse' sections);
 *  - cadence: V–I (major) / iv–i or V–i (minor) when tension < 0.5; otherwise (or when a
 *    strong hit opens the next section) the last two slots merge into one held chord — the
 *    dominant when a hit or a rise in energy follows, else the tonic; a two-chord section
 *    plays tonic then that held chord; a held dominant is shortened to the section's last
 *    quarter (one beat to one bar) so the section stays heard in its own key;
 *  - voicing: among all 4-voice voicings of the chord in the pad register (every inversion,
 *    close and open), pick the one with the least total semitone motion from the previous
 *    voicing, with penalties for parallel fifths/octaves between the outer voices (and
 *    between the bass line and the top voice), large top-voice leaps and register drift.
 */
import type { Mode } from '../model/artifacts.js';
import type { Rng } from '../util/rng.js';
import type { ComposeContext } from './context.js';
import { chordPcs, nearestWithPc, pc, seventhOf, type ChordQuality } from './theory.js';

/** One chord of the score: where it sounds, what it is, how the pad voices it. */
export interface ChordEvent {
  /** Start tick (integer). */
  readonly tick: number;
  /** Length in ticks. */
  readonly duration: number;
  /** Root pitch class 0..11. */
  readonly root: number;
  readonly quality: ChordQuality;
  /** Roman numeral relative to the key, e.g. 'IV', 'bVI', 'V'. */
  readonly label: string;
  /** Key tonic pitch class 0..11 and mode the chord is read in. */
  readonly tonic: number;
  readonly mode: Mode;
  /** Pitch class the bass plays (the root, or the tonic under a pedal). */
  readonly bassPc: number;
  /** Bass-line reference pitch, MIDI 36..52 (28..47 for a drone). */
  readonly bass: number;
  /** Pad voicing, ascending MIDI pitches (4 voices; 2 for a drone). */
  readonly pitches: readonly number[];
  /** Index of the plan section the chord belongs to. */
  readonly section: number;
  /** True for the chords of a closing cadence or a held final chord. */
  readonly cadence: boolean;
  /** True when the bass holds the tonic under this chord. */
  readonly pedal: boolean;
  /** True for a drone section's open fifth. */
  readonly drone: boolean;
}

export interface HarmonyOptions {
  /** Seventh chords throughout (jazz). */
  readonly sevenths: boolean;
  /** ii–V–I based progressions (jazz). */
  readonly jazz: boolean;
  /** Pad register, MIDI (inclusive). */
  readonly padLow: number;
  readonly padHigh: number;
  /** Tonic pedal allowed from this tension on (1 = never). */
  readonly pedalFromTension: number;
}

export const DEFAULT_HARMONY_OPTIONS: HarmonyOptions = {
  sevenths: false,
  jazz: false,
  padLow: 50,
  padHigh: 76,
  pedalFromTension: 0.5,
};

interface DegreeChord {
  /** Root in semitones above the tonic. */
  readonly step: number;
  readonly quality: ChordQuality;
  readonly label: string;
}
const dc = (step: number, quality: ChordQuality, label: string): DegreeChord => ({ step, quality, label });

// Major-key degrees (and borrowed chords).
const I = dc(0, 'maj', 'I'), ii = dc(2, 'min', 'ii'), iii = dc(4, 'min', 'iii'), IV = dc(5, 'maj', 'IV');
const V = dc(7, 'maj', 'V'), vi = dc(9, 'min', 'vi'), bVII = dc(10, 'maj', 'bVII'), bVI = dc(8, 'maj', 'bVI');
const bIII = dc(3, 'maj', 'bIII'), ivB = dc(5, 'min', 'iv'), bII = dc(1, 'maj', 'bII');
// Minor-key degrees (natural minor, plus the harmonic-minor V and chromatic mediants).
const i = dc(0, 'min', 'i'), iv = dc(5, 'min', 'iv'), VI = dc(8, 'maj', 'VI'), III = dc(3, 'maj', 'III');
const VII = dc(10, 'maj', 'VII'), Vm = dc(7, 'maj', 'V'), bvi = dc(8, 'min', 'bvi'), biii = dc(3, 'min', 'biii');

export type HarmonyBand = 'calm' | 'triumphant' | 'tense' | 'dark';

const PROGRESSIONS: Readonly<Record<Mode, Readonly<Record<HarmonyBand, readonly (readonly DegreeChord[])[]>>>> = {
  major: {
    calm: [[I, vi, IV, V], [I, IV, vi, V], [I, V, vi, IV], [vi, IV, I, V], [I, iii, IV, V]],
    triumphant: [[I, V, vi, IV], [I, bVII, IV, I], [I, IV, V, IV], [IV, V, I, I]],
    // At most one borrowed chord (the minor iv, one out-of-key tone) per four: the key stays heard.
    tense: [[I, IV, ivB, I], [vi, IV, ivB, I], [vi, IV, I, V]],
    dark: [[I, bVI, I, bIII], [I, bII, I, bVI], [I, bIII, bVI, V]],
  },
  minor: {
    calm: [[i, VI, iv, i], [i, iv, VI, Vm], [i, VII, VI, Vm], [i, iv, i, Vm]],
    triumphant: [[i, VI, VII, i], [VI, VII, i, i], [i, VII, VI, Vm]],
    tense: [[i, iv, i, iv], [i, VI, iv, Vm], [i, iv, VII, III]],
    dark: [[i, bvi, i, biii], [i, bII, i, Vm], [i, iv, bvi, Vm]],
  },
};

const JAZZ_PROGRESSIONS: Readonly<Record<Mode, readonly (readonly DegreeChord[])[]>> = {
  major: [[I, vi, ii, V], [I, IV, ii, V], [I, I, ii, V], [ii, V, I, I]],
  minor: [[i, iv, VII, III], [dc(2, 'dim', 'ii°'), Vm, i, i], [i, VI, dc(2, 'dim', 'ii°'), Vm]],
};

/** Harmony band of a section: tension bands at 0.35 and 0.65; low tension with energy ≥ 0.6 is triumphant. */
export function harmonyBand(tension: number, energy: number): HarmonyBand {
  if (tension >= 0.65) return 'dark';
  if (tension >= 0.35) return 'tense';
  return energy >= 0.6 ? 'triumphant' : 'calm';
}

/**
 * Chord spans inside [start, end): boundaries on multiples of `step` ticks (bar lines
 * counted from tick 0), a first or last span shorter than `minSpan` merged into its neighbour.
 */
export function chordSlots(start: number, end: number, step: number, minSpan: number): { tick: number; end: number }[] {
  const bounds = [start];
  for (let b = Math.ceil((start + 1) / step) * step; b < end; b += step) bounds.push(b);
  bounds.push(end);
  const slots: { tick: number; end: number }[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) slots.push({ tick: bounds[k], end: bounds[k + 1] });
  if (slots.length >= 2 && slots[0].end - slots[0].tick < minSpan) {
    slots[1] = { tick: slots[0].tick, end: slots[1].end };
    slots.shift();
  }
  const n = slots.length;
  if (n >= 2 && slots[n - 1].end - slots[n - 1].tick < minSpan) {
    slots[n - 2] = { tick: slots[n - 2].tick, end: slots[n - 1].end };
    slots.pop();
  }
  return slots;
}

/**
 * True when two voices move in parallel (similar motion, both moving) from one perfect
 * interval to the same perfect interval class: unison/octave (0) or fifth (7).
 * Arguments are MIDI pitches: lower and upper voice before, then after.
 */
export function isParallelPerfect(lowBefore: number, highBefore: number, lowAfter: number, highAfter: number): boolean {
  const a = pc(highBefore - lowBefore);
  const b = pc(highAfter - lowAfter);
  if (a !== b || (a !== 0 && a !== 7)) return false;
  const dl = Math.sign(lowAfter - lowBefore);
  const dh = Math.sign(highAfter - highBefore);
  return dl !== 0 && dl === dh;
}

/** Parallel fifths/octaves between consecutive, touching chords (drone chords skipped). */
export function countParallels(chords: readonly ChordEvent[]): { padOuter: number; bassTop: number } {
  let padOuter = 0;
  let bassTop = 0;
  for (let k = 1; k < chords.length; k++) {
    const a = chords[k - 1];
    const b = chords[k];
    if (a.drone || b.drone || a.tick + a.duration !== b.tick) continue;
    const aTop = a.pitches[a.pitches.length - 1];
    const bTop = b.pitches[b.pitches.length - 1];
    if (isParallelPerfect(a.pitches[0], aTop, b.pitches[0], bTop)) padOuter++;
    if (isParallelPerfect(a.bass, aTop, b.bass, bTop)) bassTop++;
  }
  return { padOuter, bassTop };
}

/** Every 4-voice voicing (ascending) of the chord's pitch classes inside [lo, hi]. */
export function voicingCandidates(pcs: readonly number[], lo: number, hi: number): number[][] {
  const multisets: number[][] =
    pcs.length >= 4
      ? [pcs.slice(0, 4)]
      : pcs.length === 3
        ? [[pcs[0], pcs[1], pcs[2], pcs[0]], [pcs[0], pcs[1], pcs[2], pcs[2]]]
        : [[pcs[0], pcs[1 % pcs.length], pcs[0], pcs[1 % pcs.length]]];
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const ms of multisets) {
    const options = ms.map((p) => {
      const o: number[] = [];
      for (let n = lo; n <= hi; n++) if (pc(n) === p) o.push(n);
      return o;
    });
    const rec = (k: number, acc: number[]): void => {
      if (k === options.length) {
        const v = [...acc].sort((x, y) => x - y);
        for (let j = 1; j < v.length; j++) if (v[j] === v[j - 1]) return;
        if (v[v.length - 1] - v[0] > 24) return;
        for (let j = 1; j < v.length; j++) if (v[j] - v[j - 1] > 12) return;
        if (v[0] < 55 && v[1] - v[0] < 3) return; // no low close seconds: mud
        const key = v.join(',');
        if (!seen.has(key)) { seen.add(key); out.push(v); }
        return;
      }
      for (const n of options[k]) { acc.push(n); rec(k + 1, acc); acc.pop(); }
    };
    rec(0, []);
  }
  return out;
}

/**
 * Choose the voicing of `pcs` that moves least from `prev` (sum of |semitone| motion,
 * voice by voice in sorted order), avoiding parallel perfect intervals between the outer
 * voices and between the bass line (`bassBefore` → `bassAfter`) and the top voice.
 */
export function voiceLead(
  prev: readonly number[] | null,
  pcs: readonly number[],
  rootPc: number,
  bassBefore: number | null,
  bassAfter: number,
  lo: number,
  hi: number,
): number[] {
  const cands = voicingCandidates(pcs, lo, hi);
  if (cands.length === 0) return pcs.map((p) => nearestWithPc(p, (lo + hi) / 2, lo, hi)).sort((a, b) => a - b);
  const centre = (lo + hi) / 2 + 1;
  let best = cands[0];
  let bestCost = Infinity;
  for (const c of cands) {
    const mean = c.reduce((s, x) => s + x, 0) / c.length;
    let cost = Math.abs(mean - centre) * 0.4;
    const bottomPc = pc(c[0]);
    if (bottomPc !== rootPc) cost += bottomPc === pcs[2] ? 3 : 1; // prefer root position, avoid 6/4
    if (pcs.length === 3 && c.filter((x) => pc(x) === rootPc).length < 2) cost += 6; // double the root, not the fifth
    if (prev && prev.length === c.length) {
      let motion = 0;
      for (let k = 0; k < c.length; k++) motion += Math.abs(c[k] - prev[k]);
      cost += motion;
      const top = c[c.length - 1];
      const prevTop = prev[prev.length - 1];
      const leap = Math.abs(top - prevTop);
      if (leap > 5) cost += (leap - 5) * 2;
      if (isParallelPerfect(prev[0], prevTop, c[0], top)) cost += 60;
      if (bassBefore !== null && isParallelPerfect(bassBefore, prevTop, bassAfter, top)) cost += 40;
    } else {
      cost += Math.abs(mean - centre) * 1.5;
    }
    if (cost < bestCost) { bestCost = cost; best = c; }
  }
  return best;
}

function toChord(d: DegreeChord, tonic: number, mode: Mode, sevenths: boolean): { root: number; quality: ChordQuality; label: string } {
  const quality = sevenths ? seventhOf(d.quality, d.step, mode) : d.quality;
  return { root: pc(tonic + d.step), quality, label: d.label + (quality === '7b9' ? '7b9' : quality !== d.quality ? '7' : '') };
}

/** Bass-line pitch: the pitch class nearest the previous bass note in 36..52, pulled toward 43. */
function placeBass(bassPc: number, prev: number | null): number {
  let best = 36;
  let bestCost = Infinity;
  for (let n = 36; n <= 52; n++) {
    if (pc(n) !== pc(bassPc)) continue;
    const cost = (prev === null ? 0 : Math.abs(n - prev)) + 0.3 * Math.abs(n - 43);
    if (cost < bestCost) { bestCost = cost; best = n; }
  }
  return best;
}

/**
 * Plan the chords of every section (none in 'silence' sections; one open tonic fifth in
 * 'drone' sections), voiced and voice-led across section boundaries. Ticks are integers.
 */
export function planHarmony(ctx: ComposeContext, rng: Rng, options: Partial<HarmonyOptions> = {}): ChordEvent[] {
  const o = { ...DEFAULT_HARMONY_OPTIONS, ...options };
  const chords: ChordEvent[] = [];
  let prevVoicing: number[] | null = null;
  let prevBass: number | null = null;
  let prevEnd = -1;

  ctx.sections.forEach((s, si) => {
    if (s.endTick <= s.startTick || s.texture === 'silence') { prevVoicing = null; prevBass = null; return; }
    const { tonic, mode } = ctx.keyAt(s.startTick);
    const start = Math.round(s.startTick);
    const end = Math.round(s.endTick);
    if (s.texture === 'drone') {
      const root = nearestWithPc(tonic, 40, 36, 47);
      chords.push({
        tick: start, duration: end - start, root: tonic, quality: '5', label: 'I5', tonic, mode,
        bassPc: tonic, bass: root - 12 >= 28 ? root - 12 : root, pitches: [root, root + 7], section: si,
        cadence: false, pedal: true, drone: true,
      });
      prevVoicing = null; prevBass = null; prevEnd = end;
      return;
    }
    const srng = rng.fork(`section:${si}`);
    const energy = s.energy;
    const step = s.texture === 'sparse'
      ? 2 * ctx.ticksPerBar
      : energy >= 0.65 && ctx.beatsPerBar % 2 === 0 ? ctx.ticksPerBar / 2 : ctx.ticksPerBar;
    const slots = chordSlots(start, end, step, ctx.ticksPerBeat);
    const band = harmonyBand(s.tension, energy);
    const table = o.jazz ? JAZZ_PROGRESSIONS[mode] : PROGRESSIONS[mode][band];
    const prog = srng.pick(table);
    const degrees: DegreeChord[] = slots.map((_, k) => prog[k % prog.length]);
    const cadenceFlags = slots.map(() => false);

    // Cadence / held chord at the section's end.
    const next = ctx.sections[si + 1];
    const hitOpensNext = ctx.plan.hitPoints.some((h) => Math.round(h.tick) === end && h.strength >= 0.5);
    const tonicChord = mode === 'major' ? I : i;
    const held = s.tension >= 0.5 || hitOpensNext;
    if (slots.length >= 3 && held) {
      const last = slots.length - 1;
      slots[last - 1] = { tick: slots[last - 1].tick, end: slots[last].end };
      slots.pop();
      degrees.pop();
      degrees[last - 1] = hitOpensNext || (next && next.energy > energy + 0.15) ? (mode === 'major' ? V : Vm) : tonicChord;
      cadenceFlags.pop();
      cadenceFlags[last - 1] = true;
    } else if (slots.length === 2 && held) {
      // Too short to merge: open on the tonic, lean on the dominant (or hold the tonic).
      degrees[0] = tonicChord;
      degrees[1] = hitOpensNext || (next && next.energy > energy + 0.15) ? (mode === 'major' ? V : Vm) : tonicChord;
      cadenceFlags[1] = true;
    } else if (slots.length >= 2) {
      const n = slots.length;
      degrees[n - 2] = mode === 'major' ? V : energy < 0.45 ? iv : Vm;
      degrees[n - 1] = tonicChord;
      cadenceFlags[n - 2] = true;
      cadenceFlags[n - 1] = true;
    } else {
      degrees[0] = tonicChord;
    }

    // A held dominant into a hit leans in over the section's last quarter (at least a beat,
    // at most a bar), so the section is heard in its key rather than on its dominant.
    const nSlots = slots.length;
    const lastDeg = degrees[nSlots - 1];
    if (held && nSlots >= 2 && (lastDeg === V || lastDeg === Vm)) {
      // Approach the dominant from a pre-dominant (or the tonic), never from itself.
      const pre = mode === 'major' ? IV : iv;
      if (nSlots >= 3 && (degrees[nSlots - 2] === V || degrees[nSlots - 2] === Vm)) degrees[nSlots - 2] = degrees[nSlots - 3] === pre ? tonicChord : pre;
      // A two-chord section opens on the tonic.
      if (nSlots === 2) degrees[0] = tonicChord;
      const last = slots[nSlots - 1];
      const want = Math.min(ctx.ticksPerBar, Math.max(ctx.ticksPerBeat, Math.round((end - start) / 4 / ctx.ticksPerBeat) * ctx.ticksPerBeat));
      const cut = Math.max(last.end - want, slots[nSlots - 2].tick + ctx.ticksPerBeat);
      if (cut > last.tick) {
        slots[nSlots - 2] = { tick: slots[nSlots - 2].tick, end: cut };
        slots[nSlots - 1] = { tick: cut, end: last.end };
      }
    }

    const pedalOn = !o.jazz && s.texture === 'full' && s.tension >= o.pedalFromTension;
    slots.forEach((slot, k) => {
      const c = toChord(degrees[k], tonic, mode, o.sevenths);
      const pedal = pedalOn && !cadenceFlags[k];
      const bassPc = pedal ? tonic : c.root;
      if (slot.tick !== prevEnd) { prevVoicing = null; prevBass = null; }
      const bass = placeBass(bassPc, prevBass);
      const pcs = chordPcs(c.root, c.quality);
      const pitches = voiceLead(prevVoicing, pcs, c.root, prevBass, bass, o.padLow, o.padHigh);
      chords.push({
        tick: slot.tick, duration: slot.end - slot.tick, root: c.root, quality: c.quality, label: c.label,
        tonic, mode, bassPc, bass, pitches, section: si, cadence: cadenceFlags[k], pedal, drone: false,
      });
      prevVoicing = pitches;
      prevBass = bass;
      prevEnd = slot.end;
    });
  });
  return chords;
}

/** The chord sounding at `tick` (binary search over start ticks), or undefined. */
export function chordAt(chords: readonly ChordEvent[], tick: number): ChordEvent | undefined {
  let lo = 0;
  let hi = chords.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (chords[mid].tick <= tick) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const c = chords[found];
  return tick < c.tick + c.duration ? c : undefined;
}
