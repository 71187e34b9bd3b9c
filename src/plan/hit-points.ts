/**
 * Choosing hit points: the moments the music must land on (prompt cues first, the climax,
 * then the strongest cuts), thinned so the tempo can follow them musically.
 */
import type { ArcPoint, PromptCue, TimelineEvent } from '../model/artifacts.js';

export interface HitCandidate {
  readonly t: number;
  readonly kind: string;
  readonly label: string;
  readonly strength: number;
  /** 1 prompt cue, 2 climax, 3 cut. */
  readonly priority: number;
  readonly wantDownbeat: boolean;
}

export interface HitSelectionOptions {
  /** Minimum spacing between a cut hit and any other hit, seconds. */
  readonly minSpacing: number;
  /** At most one cut hit per this many seconds on average. */
  readonly secondsPerCutHit: number;
  /** Cuts weaker than this are not hits. */
  readonly minCutStrength: number;
  /** No hit closer than this to the start or the end. */
  readonly edgeMargin: number;
}

export const DEFAULT_HIT_OPTIONS: HitSelectionOptions = {
  minSpacing: 2.5,
  secondsPerCutHit: 5,
  minCutStrength: 0.35,
  edgeMargin: 0.75,
};

const CUE_HIT_KIND: Partial<Record<PromptCue['kind'], string>> = {
  build: 'build-peak',
  hit: 'hit',
  drop: 'drop',
  swell: 'swell',
};

/** Select hit points for a scene of `duration` seconds. Sorted by time. */
export function selectHitPoints(
  duration: number,
  cues: readonly PromptCue[],
  events: readonly TimelineEvent[],
  arc: readonly ArcPoint[],
  options: Partial<HitSelectionOptions> = {},
): HitCandidate[] {
  const o = { ...DEFAULT_HIT_OPTIONS, ...options };
  const inside = (t: number): boolean => t >= o.edgeMargin && t <= duration - o.edgeMargin;
  const chosen: HitCandidate[] = [];
  const farFromAll = (t: number, spacing: number): boolean => chosen.every((h) => Math.abs(h.t - t) >= spacing);

  for (const c of cues) {
    const kind = CUE_HIT_KIND[c.kind];
    if (!kind || !inside(c.t)) continue;
    if (!farFromAll(c.t, 0.25)) continue;
    chosen.push({ t: c.t, kind, label: c.text, strength: 1, priority: 1, wantDownbeat: true });
  }

  // Climax: the arc's arousal maximum, unless a cue already marks it.
  let best = -1;
  for (let i = 0; i < arc.length; i++) if (best < 0 || arc[i]!.a > arc[best]!.a + 1e-9) best = i;
  if (best >= 0 && inside(arc[best]!.t) && farFromAll(arc[best]!.t, o.minSpacing) && arc[best]!.a > 0.3) {
    chosen.push({ t: arc[best]!.t, kind: 'climax', label: 'arousal maximum', strength: arc[best]!.a, priority: 2, wantDownbeat: true });
  }

  // Strongest cuts, thinned.
  const cuts = events
    .filter((e) => (e.kind === 'cut' || e.kind === 'flash' || e.kind === 'dissolve' || e.kind === 'fade') && e.strength >= o.minCutStrength && inside(e.t))
    .sort((p, q) => q.strength - p.strength || p.t - q.t);
  const budget = Math.max(1, Math.floor(duration / o.secondsPerCutHit));
  let used = 0;
  for (const e of cuts) {
    if (used >= budget) break;
    if (!farFromAll(e.t, o.minSpacing)) continue;
    chosen.push({ t: e.t, kind: e.kind, label: e.label ?? e.kind, strength: e.strength, priority: 3, wantDownbeat: e.strength > 0.7 });
    used++;
  }
  return chosen.sort((p, q) => p.t - q.t);
}
