/**
 * Texture measures: onset density, note density and polyphony.
 *
 * Reference ranges (documented, approximate):
 * - Onset density (perceived onsets per second, all parts together, starts within 40 ms fused
 *   as one event — humanised parts do not multiply the count): music people
 *   entrain to has inter-onset intervals between about 100 ms and 2 s (London, "Hearing in
 *   Time", 2nd ed. 2012, ch. 2: the ~100 ms lower limit for metric events and the ~1.5–2 s
 *   upper limit of beat periods). A cue sketch with a pulse therefore sits inside
 *   [ONSET_DENSITY_RANGE] = [0.5, 10] onsets/s; only a held drone may go below.
 * - Polyphony (MusPy's definition: mean number of distinct pitches sounding, over the time
 *   in which at least one pitch sounds): four-part chorales measure ≈ 4 by construction;
 *   orchestration texts (Adler, "The Study of Orchestration") keep tutti harmony in about
 *   four to six real parts plus a melody and bass, doublings at the unison not counted.
 *   We accept [POLYPHONY_RANGE] = [2, 10]: below 2 is a solo line, above 10 distinct pitches
 *   is a cluster wall. These bounds are engineering judgement anchored on those sources,
 *   not corpus statistics measured here.
 */
export const ONSET_DENSITY_RANGE: readonly [number, number] = [0.5, 10];
export const POLYPHONY_RANGE: readonly [number, number] = [2, 10];

interface N { readonly tick: number; readonly duration: number; readonly pitch: number }

/** Onsets closer than this (seconds) are heard as one event (humanised doublings, flams). */
export const ONSET_FUSION_S = 0.04;

/**
 * Perceived onsets per second over [fromTick, toTick): note starts (seconds from `secondsAt`)
 * closer than ONSET_FUSION_S to the previous counted onset fuse into it.
 */
export function onsetDensity(notes: readonly N[], fromTick: number, toTick: number, secondsAt: (tick: number) => number): number {
  const secs = secondsAt(toTick) - secondsAt(fromTick);
  if (!(secs > 0)) return 0;
  const ticksIn = [...new Set(notes.filter((n) => n.tick >= fromTick && n.tick < toTick).map((n) => n.tick))].sort((a, b) => a - b);
  let count = 0;
  let last = -Infinity;
  for (const t of ticksIn) {
    const s = secondsAt(t);
    if (s - last >= ONSET_FUSION_S) { count++; last = s; }
  }
  return count / secs;
}

/** Notes per second over [fromTick, toTick). */
export function noteDensity(notes: readonly N[], fromTick: number, toTick: number, secondsAt: (tick: number) => number): number {
  const secs = secondsAt(toTick) - secondsAt(fromTick);
  if (!(secs > 0)) return 0;
  let c = 0;
  for (const n of notes) if (n.tick >= fromTick && n.tick < toTick) c++;
  return c / secs;
}

/**
 * Sounding slices: consecutive spans between note starts/ends, each with the distinct
 * pitches sounding (ascending). Silent spans are left out.
 */
export function slices(notes: readonly N[]): { tick: number; end: number; pitches: number[] }[] {
  const edges = new Set<number>();
  for (const n of notes) { edges.add(n.tick); edges.add(n.tick + n.duration); }
  const ts = [...edges].sort((a, b) => a - b);
  const byStart = [...notes].sort((a, b) => a.tick - b.tick);
  const active: N[] = [];
  const out: { tick: number; end: number; pitches: number[] }[] = [];
  let k = 0;
  for (let i = 0; i + 1 < ts.length; i++) {
    const t = ts[i];
    while (k < byStart.length && byStart[k].tick <= t) active.push(byStart[k++]);
    for (let j = active.length - 1; j >= 0; j--) if (active[j].tick + active[j].duration <= t) active.splice(j, 1);
    if (active.length === 0) continue;
    const pitches = [...new Set(active.map((n) => n.pitch))].sort((a, b) => a - b);
    out.push({ tick: t, end: ts[i + 1], pitches });
  }
  return out;
}

/** Mean number of distinct sounding pitches over the sounding time (MusPy's polyphony). */
export function polyphony(notes: readonly N[]): number {
  let w = 0, s = 0;
  for (const sl of slices(notes)) { const d = sl.end - sl.tick; w += d; s += d * sl.pitches.length; }
  return w > 0 ? s / w : 0;
}
