/**
 * The scene's events on one list: picture events (cuts, transitions, motion peaks, flashes,
 * close-ups), script events (each line's start, weighted by how strongly it feels; narrative
 * beats and character entrances when the script insights are present), prompt cues, and the
 * arc's climax. Sorted by time, deterministic.
 */
import type { ArcPoint, EventKind, PromptSpec, ScriptInsights, TimedLine, TimelineEvent } from '../model/artifacts.js';
import { climaxEvent, insightEvents } from './event-graph.js';

const CUE_EVENT: Record<string, EventKind | undefined> = {
  build: 'cue-build', hit: 'cue-hit', drop: 'cue-drop', swell: 'cue-swell', 'fade-out': 'cue-fade-out',
};

export function collectEvents(
  visualEvents: readonly TimelineEvent[],
  lines: readonly TimedLine[],
  prompt: PromptSpec,
  arc: readonly ArcPoint[],
  insights?: ScriptInsights,
): TimelineEvent[] {
  const out: TimelineEvent[] = [...visualEvents];
  for (const l of lines) {
    const strength = Math.min(1, Math.hypot(l.vad.v, l.vad.a) / Math.SQRT2 + 0.1);
    out.push({ t: l.start, kind: 'line', strength: round3(strength), source: 'script', label: l.speaker ? `${l.speaker}: ${l.text}` : l.text });
  }
  out.push(...insightEvents(insights));
  for (const c of prompt.cues) {
    const kind = CUE_EVENT[c.kind];
    if (kind) out.push({ t: c.t, kind, strength: 1, source: 'prompt', label: c.text });
  }
  const climax = climaxEvent(arc);
  if (climax) out.push(climax);
  return out.sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind));
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
