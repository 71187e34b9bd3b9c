/**
 * A synthetic fused Analysis for planner/composer tests and the compose bench: an emotional
 * arc drawn as a piecewise-linear story (calm exposition → rising tension → climax →
 * aftermath → hopeful resolution, or any list of phases), shot cuts every few seconds, the
 * parameter curves derived by the real fusion rules (deriveCurves), optional prompt cues and
 * hand-made script insights (characters and themes with mentions).
 */
import type { Analysis, ArcPoint, PromptCue, PromptSpec, Recurring, ScriptInsights, TimelineEvent } from '../../src/model/artifacts.js';
import { seconds } from '../../src/model/units.js';
import { makeGrid } from '../../src/fusion/grid.js';
import { deriveCurves } from '../../src/fusion/curves.js';

/** A point of the story: valence and arousal at time t (linear in between). */
export interface StoryPoint { readonly t: number; readonly v: number; readonly a: number }

export const DEFAULT_STORY: readonly StoryPoint[] = [
  { t: 0, v: 0.5, a: -0.6 },
  { t: 20, v: 0.45, a: -0.45 },
  { t: 35, v: -0.2, a: 0.1 },
  { t: 60, v: -0.6, a: 0.6 },
  { t: 78, v: -0.5, a: 0.9 },
  { t: 86, v: -0.55, a: 0.2 },
  { t: 95, v: -0.4, a: -0.5 },
  { t: 110, v: 0.5, a: -0.2 },
  { t: 120, v: 0.6, a: 0.1 },
];

export interface SceneOptions {
  readonly duration: number;
  readonly story: readonly StoryPoint[];
  readonly cutEvery: number;
  readonly prompt: Partial<PromptSpec>;
  readonly cues: readonly PromptCue[];
  readonly characters: readonly Recurring[];
  readonly themes: readonly Recurring[];
  /** Leave script insights out entirely (an old analysis). */
  readonly noInsights: boolean;
}

function storyAt(story: readonly StoryPoint[], t: number): { v: number; a: number } {
  if (t <= story[0].t) return story[0];
  for (let i = 1; i < story.length; i++) {
    const p = story[i - 1], q = story[i];
    if (t <= q.t) {
      const f = (t - p.t) / (q.t - p.t);
      return { v: p.v + f * (q.v - p.v), a: p.a + f * (q.a - p.a) };
    }
  }
  return story[story.length - 1];
}

export function sceneAnalysis(options: Partial<SceneOptions> = {}): Analysis {
  const duration = options.duration ?? 120;
  const story = options.story ?? DEFAULT_STORY;
  const grid = makeGrid(seconds(duration));
  const arc: ArcPoint[] = grid.t.map((t) => {
    const p = storyAt(story, t);
    return { t, v: p.v, a: p.a, d: p.a * 0.5, sigma: 0.1 };
  });
  const prompt: PromptSpec = {
    text: '', styles: [], traits: [], moods: [], instrumentsWanted: [], instrumentsUnwanted: [], unknownWords: [],
    ...options.prompt,
    cues: options.cues ?? options.prompt?.cues ?? [],
  };
  const cutEvery = options.cutEvery ?? 6.3;
  const events: TimelineEvent[] = [];
  for (let t = cutEvery, k = 0; t < duration - 1; t += cutEvery, k++) {
    events.push({ t: seconds(Math.round(t * 1000) / 1000), kind: 'cut', strength: 0.5 + 0.4 * ((k * 7) % 5) / 4, source: 'video' });
  }
  const insights: ScriptInsights = {
    beats: [], characters: options.characters ?? [], themes: options.themes ?? [], genres: [], settings: [],
    alignment: { method: 'subtitles', confidence: 1 },
  };
  return {
    version: 1,
    video: { file: 'synthetic.mp4', duration: seconds(duration), fps: 24, fpsRational: { num: 24, den: 1 }, vfr: false, width: 640, height: 360, hasAudio: false, startTime: seconds(0) },
    shots: [],
    script: options.noInsights ? { lines: [] } : { lines: [], insights },
    prompt,
    speech: [],
    visual: { samples: [] },
    arc,
    events,
    curves: deriveCurves(grid, arc, prompt),
    diagnostics: [],
  };
}
