/**
 * Sections: the score's large-scale form. Boundaries come from hit points (each hit opens
 * a section), drops and fades in the prompt, and long stretches are split at bar lines so
 * no section runs longer than `maxBars`. Every boundary sits on a bar line or a hit's tick.
 */
import type { PromptCue, Section } from '../model/artifacts.js';
import { seconds, ticks } from '../model/units.js';
import type { TempoMap } from '../time/tempo-map.js';
import { meanOver, type TimeGrid } from '../fusion/grid.js';

export interface SectionInput {
  readonly map: TempoMap;
  readonly endTick: number;
  readonly duration: number;
  /** Ticks where a hit lands, with the hit's kind. */
  readonly hitTicks: readonly { tick: number; kind: string; t: number }[];
  readonly cues: readonly PromptCue[];
  readonly grid: TimeGrid;
  readonly arousal: ArrayLike<number>;
  readonly valence: ArrayLike<number>;
  readonly tension: ArrayLike<number>;
  readonly dynamics: ArrayLike<number>;
  readonly maxBars: number;
  readonly minBars: number;
}

/** Build sections covering [0, endTick]. */
export function buildSections(inp: SectionInput): Section[] {
  const { map } = inp;
  const bar = map.ticksPerBar;
  const bounds = new Map<number, string>();
  bounds.set(0, 'start');
  for (const h of inp.hitTicks) if (h.tick > 0 && h.tick < inp.endTick) bounds.set(h.tick, `hit: ${h.kind}`);
  for (const c of inp.cues) {
    if (c.kind === 'build') {
      // The build starts a few bars before its peak.
      const peak = map.tickAt(seconds(c.t));
      const start = Math.max(0, Math.round((peak - 4 * bar) / bar) * bar);
      if (start > 0 && start < inp.endTick && ![...bounds.keys()].some((b) => Math.abs(b - start) < bar)) bounds.set(start, 'build begins');
    }
    if ((c.kind === 'subtle' || c.kind === 'intense') && c.end !== undefined) {
      for (const [t, why] of [[c.t, `${c.kind} from`], [c.end, `${c.kind} until`]] as const) {
        const tk = Math.round(map.tickAt(seconds(t)) / bar) * bar;
        if (tk > 0 && tk < inp.endTick && ![...bounds.keys()].some((b) => Math.abs(b - tk) < bar)) bounds.set(tk, why);
      }
    }
    if (c.kind === 'fade-out') {
      const tk = Math.round(map.tickAt(seconds(c.t)) / bar) * bar;
      if (tk > 0 && tk < inp.endTick && ![...bounds.keys()].some((b) => Math.abs(b - tk) < bar / 2)) bounds.set(tk, 'fade-out end');
    }
  }
  // Split long stretches at bar lines.
  let sorted = [...bounds.keys()].sort((a, b) => a - b);
  const withEnd = [...sorted, inp.endTick];
  for (let i = 0; i + 1 < withEnd.length; i++) {
    const a = withEnd[i]!, b = withEnd[i + 1]!;
    const bars = (b - a) / bar;
    if (bars > inp.maxBars) {
      const parts = Math.ceil(bars / inp.maxBars);
      for (let p = 1; p < parts; p++) {
        const tk = a + Math.round(((b - a) * p) / parts / bar) * bar;
        if (tk > a && tk < b) bounds.set(tk, 'phrase length');
      }
    }
  }
  // Merge sections that are too short into their predecessor (hits keep their boundary).
  sorted = [...bounds.keys()].sort((a, b) => a - b);
  const kept: number[] = [];
  for (const tk of sorted) {
    const prev = kept[kept.length - 1];
    const isHit = bounds.get(tk)!.startsWith('hit');
    if (prev !== undefined && tk - prev < inp.minBars * bar && !isHit && tk !== 0) continue;
    kept.push(tk);
  }

  const sections: Section[] = [];
  for (let i = 0; i < kept.length; i++) {
    const startTick = kept[i]!;
    const endTick = i + 1 < kept.length ? kept[i + 1]! : inp.endTick;
    if (endTick <= startTick) continue;
    const start = map.secondsAt(ticks(startTick));
    const end = Math.min(inp.duration, map.secondsAt(ticks(endTick)));
    const arousal = meanOver(inp.grid, inp.arousal, start, end);
    const valence = meanOver(inp.grid, inp.valence, start, end);
    const tension = meanOver(inp.grid, inp.tension, start, end);
    const energy = meanOver(inp.grid, inp.dynamics, start, end);
    sections.push({
      start: seconds(r6(start)),
      end: seconds(r6(end)),
      startTick: ticks(startTick),
      endTick: ticks(endTick),
      name: '',
      reason: bounds.get(startTick) ?? 'start',
      arousal: r4(arousal),
      valence: r4(valence),
      energy: r4(energy),
      tension: r4(tension),
      texture: textureFor(start, end, inp.cues, arousal, energy),
    });
  }
  return nameSections(sections);
}

function textureFor(start: number, end: number, cues: readonly PromptCue[], arousal: number, energy: number): Section['texture'] {
  const mid = (start + end) / 2;
  // The most recent drop or fade-out before the section's middle decides, until a later build/hit/swell.
  let state: Section['texture'] | null = null;
  for (const c of [...cues].sort((a, b) => a.t - b.t)) {
    if (c.t > start + 1e-6 && c.t > mid) break;
    if (c.kind === 'drop' && c.t <= start + 0.05) state = c.target === 'silence' ? 'silence' : 'drone';
    else if (c.kind === 'fade-out' && c.t <= start + 0.05) state = 'silence';
    else if ((c.kind === 'build' || c.kind === 'hit' || c.kind === 'swell') && c.t <= start + 0.05) state = null;
    if (c.kind === 'subtle' && c.t <= mid && (c.end ?? c.t) >= mid) state = state ?? 'sparse';
  }
  if (state) return state;
  if (arousal < -0.45 && energy < 0.35) return 'sparse';
  return 'full';
}

function nameSections(sections: Section[]): Section[] {
  let maxA = -Infinity, climax = -1;
  sections.forEach((s, i) => { if (s.texture === 'full' && s.arousal > maxA) { maxA = s.arousal; climax = i; } });
  return sections.map((s, i) => {
    let name: string;
    if (s.texture === 'silence') name = 'silence';
    else if (s.texture === 'drone') name = 'aftermath';
    else if (i === climax && s.arousal > 0.2) name = 'climax';
    else if (s.reason === 'build begins') name = 'build';
    else if (i === 0) name = 'opening';
    else if (i === sections.length - 1) name = 'ending';
    else if (i > climax && climax >= 0) name = s.arousal > 0 ? 'falling action' : 'resolution';
    else name = s.arousal > 0.1 ? 'rising action' : 'exposition';
    return { ...s, name: `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''} ${name}` };
  });
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;
