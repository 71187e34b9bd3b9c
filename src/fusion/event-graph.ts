/**
 * The narrative event graph G = (N, E) of the Cross-Modal Integration Layer (spec: Narrative
 * Event Graph Generator). Rule-based, not learned.
 *
 * Nodes: the scene's key events with time and strength — picture events (cuts, fades,
 * dissolves, motion peaks, flashes, close-ups), prompt cues, the fused arc's climax, the
 * script's narrative beats (inciting incident … resolution, when ScriptInsights are present)
 * and character entrances (each character's first mention). Script lines are not nodes: they
 * are the arc's input, not events.
 *
 * Edges:
 * - temporal 'next' from each node to the following one in time (a chain through the scene);
 * - causal, by dramatic role — build-up (cue-build, cue-swell, rising action, inciting
 *   incident), climax (cue-hit, the arc's climax, narrative climax) and aftermath (cue-drop,
 *   cue-fade-out, falling action, resolution):
 *   · 'build-up→climax': a build-up to the first climax at or after it (a build cue's climax
 *     may share its time: the build peaks there) within `maxCausalGap`;
 *   · 'climax→aftermath': a climax to the first aftermath after it within `maxCausalGap`;
 *   · 'build-up→aftermath': a build-up that reaches no climax, to the aftermath that ends it;
 *   · 'inciting→rising': an inciting incident to the next rising action.
 */
import type { ArcPoint, EventGraph, GraphEdge, GraphNode, ScriptInsights, TimelineEvent } from '../model/artifacts.js';
import { seconds, type Seconds } from '../model/units.js';

export interface EventGraphOptions {
  /** Longest gap a causal edge may bridge, seconds. */
  readonly maxCausalGap: Seconds;
  /** Climax nodes this close before a build-up still count as its climax (same moment). */
  readonly sameMoment: Seconds;
}

export const DEFAULT_EVENT_GRAPH_OPTIONS: EventGraphOptions = { maxCausalGap: seconds(30), sameMoment: seconds(0.5) };

/** Event kinds that become nodes (lines and speech do not). */
const NODE_KINDS: ReadonlySet<TimelineEvent['kind']> = new Set([
  'cut', 'fade', 'dissolve', 'motion-peak', 'flash', 'close-up', 'beat', 'scene-change',
  'cue-build', 'cue-hit', 'cue-drop', 'cue-swell', 'cue-fade-out', 'character-entrance', 'narrative-beat',
]);

type Role = 'build-up' | 'climax' | 'aftermath' | 'inciting' | 'rising' | null;

function roleOf(n: GraphNode): Role {
  switch (n.kind) {
    case 'cue-build': case 'cue-swell': return 'build-up';
    case 'cue-hit': return 'climax';
    case 'beat': return n.source === 'fusion' ? 'climax' : null;
    case 'cue-drop': case 'cue-fade-out': return 'aftermath';
    case 'narrative-beat': {
      const beat = n.label?.split(':')[0];
      if (beat === 'climax') return 'climax';
      if (beat === 'falling-action' || beat === 'resolution') return 'aftermath';
      if (beat === 'rising-action') return 'rising';
      if (beat === 'inciting-incident') return 'inciting';
      return null;
    }
    default: return null;
  }
}

/** Timeline events of the script insights: narrative beats and character entrances. */
export function insightEvents(insights: ScriptInsights | undefined): TimelineEvent[] {
  if (!insights) return [];
  const out: TimelineEvent[] = [];
  for (const b of insights.beats) {
    out.push({ t: b.t, kind: 'narrative-beat', strength: round3(clamp01(b.strength)), source: 'script', label: `${b.kind}: ${b.reason}` });
  }
  for (const c of insights.characters) {
    if (c.mentions.length === 0) continue;
    const first = c.mentions.reduce((p, q) => (q.t < p.t ? q : p));
    // Strength: how much the character matters in the scene (share of mentions, saturating).
    out.push({ t: first.t, kind: 'character-entrance', strength: round3(Math.min(1, 0.3 + c.mentions.length / 10)), source: 'script', label: c.name });
  }
  return out;
}

/** Build G = (N, E) from the scene's events (already including insight events) and the arc. */
export function buildEventGraph(events: readonly TimelineEvent[], options: Partial<EventGraphOptions> = {}): EventGraph {
  const o = { ...DEFAULT_EVENT_GRAPH_OPTIONS, ...options };
  const picked = events
    .filter((e) => NODE_KINDS.has(e.kind))
    .slice()
    .sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind) || (a.label ?? '').localeCompare(b.label ?? ''));
  const nodes: GraphNode[] = picked.map((e, i) => ({
    id: `n${i}-${e.kind}`,
    t: e.t,
    kind: e.kind,
    strength: e.strength,
    source: e.source,
    ...(e.label !== undefined ? { label: e.label } : {}),
  }));
  const edges: GraphEdge[] = [];
  for (let i = 0; i + 1 < nodes.length; i++) edges.push({ from: nodes[i]!.id, to: nodes[i + 1]!.id, kind: 'temporal', label: 'next' });

  const roles = nodes.map(roleOf);
  const firstAfter = (from: number, t0: number, want: Role, strict: boolean): number => {
    for (let j = 0; j < nodes.length; j++) {
      if (j === from || roles[j] !== want) continue;
      const dt = nodes[j]!.t - t0;
      if ((strict ? dt > 0 : dt >= -o.sameMoment) && dt <= o.maxCausalGap) return j;
    }
    return -1;
  };
  const seen = new Set<string>();
  const link = (a: number, b: number, label: string): void => {
    const key = `${a}>${b}`;
    if (a < 0 || b < 0 || seen.has(key)) return;
    seen.add(key);
    edges.push({ from: nodes[a]!.id, to: nodes[b]!.id, kind: 'causal', label });
  };
  for (let i = 0; i < nodes.length; i++) {
    const t = nodes[i]!.t;
    if (roles[i] === 'build-up') {
      const c = firstAfter(i, t, 'climax', false);
      if (c >= 0) {
        link(i, c, 'build-up→climax');
        link(c, firstAfter(c, nodes[c]!.t, 'aftermath', true), 'climax→aftermath');
      } else {
        link(i, firstAfter(i, t, 'aftermath', true), 'build-up→aftermath');
      }
    } else if (roles[i] === 'rising') {
      link(i, firstAfter(i, t, 'climax', true), 'build-up→climax');
    } else if (roles[i] === 'inciting') {
      link(i, firstAfter(i, t, 'rising', true), 'inciting→rising');
    } else if (roles[i] === 'climax') {
      link(i, firstAfter(i, t, 'aftermath', true), 'climax→aftermath');
    }
  }
  return { nodes, edges };
}

/** The arc's climax (arousal maximum) as a fusion event; undefined for an empty arc. */
export function climaxEvent(arc: readonly ArcPoint[]): TimelineEvent | undefined {
  let best = -1;
  for (let i = 0; i < arc.length; i++) if (best < 0 || arc[i]!.a > arc[best]!.a) best = i;
  if (best < 0) return undefined;
  return { t: seconds(arc[best]!.t), kind: 'beat', strength: round3((arc[best]!.a + 1) / 2), source: 'fusion', label: 'climax (arousal maximum)' };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
