/**
 * Leitmotif plan: each recurring character or theme the script analysis found (at least
 * `minMentions` mentions) gets a motif; it is stated where the character appears or speaks.
 * Entries start on the first beat at or after the mention, a motif is not restated within
 * `minGapBars` bars of itself, and two motifs never start within one bar of each other
 * (the earlier keeps its place; speaking lines are preferred over mere mentions).
 */
import type { LeitmotifPlan, Recurring, ScriptInsights } from '../model/artifacts.js';
import { seconds, ticks } from '../model/units.js';
import type { TempoMap } from '../time/tempo-map.js';

export interface LeitmotifOptions {
  readonly minMentions: number;
  readonly maxMotifs: number;
  readonly minGapBars: number;
}

export const DEFAULT_LEITMOTIF_OPTIONS: LeitmotifOptions = { minMentions: 2, maxMotifs: 4, minGapBars: 4 };

/** Leitmotif entries for a script's recurring characters and themes (empty when there are none). */
export function planLeitmotifs(
  insights: ScriptInsights | undefined,
  map: TempoMap,
  endTick: number,
  options: Partial<LeitmotifOptions> = {},
): LeitmotifPlan[] {
  if (!insights) return [];
  const o = { ...DEFAULT_LEITMOTIF_OPTIONS, ...options };
  const recurring: Recurring[] = [...(insights.characters ?? []), ...(insights.themes ?? [])]
    .filter((r) => r.mentions.length >= o.minMentions && r.name.trim() !== '')
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'character' ? -1 : 1) || b.mentions.length - a.mentions.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, o.maxMotifs);
  const beat = map.ticksPerBeat;
  const bar = map.ticksPerBar;
  // Candidates from all motifs, placed on the next beat; speaking mentions first on ties.
  const cands = recurring.flatMap((r, ri) => r.mentions.map((m) => {
    const raw = map.tickAt(seconds(Math.max(0, m.t)));
    return { ri, t: m.t, speaks: m.speaks, tick: Math.ceil(raw / beat - 1e-9) * beat };
  }))
    .filter((c) => c.tick + bar <= endTick)
    .sort((a, b) => a.tick - b.tick || Number(b.speaks) - Number(a.speaks) || a.ri - b.ri);
  const taken: number[] = [];
  const last = new Map<number, number>();
  const entries: { t: number; tick: number; speaks: boolean }[][] = recurring.map(() => []);
  for (const c of cands) {
    const prev = last.get(c.ri);
    if (prev !== undefined && c.tick - prev < o.minGapBars * bar) continue;
    if (taken.some((t) => Math.abs(t - c.tick) < bar)) continue;
    taken.push(c.tick);
    last.set(c.ri, c.tick);
    entries[c.ri].push({ t: c.t, tick: c.tick, speaks: c.speaks });
  }
  return recurring
    .map((r, ri) => ({
      name: r.name,
      kind: r.kind,
      entries: entries[ri].map((e) => ({ t: seconds(Math.round(e.t * 1e6) / 1e6), tick: ticks(e.tick), speaks: e.speaks })),
    }))
    .filter((l) => l.entries.length > 0);
}
