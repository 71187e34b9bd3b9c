/**
 * What the report page plots, gathered from the artifacts into one compact, JSON-able object
 * (numbers rounded so a 2-minute scene stays small). Every field the other stages may or may
 * not write (picture VAD, script insights, sync report, loudness) is read defensively: when
 * it is absent the page says "not available" for that panel instead of failing.
 */
import type { Analysis, ScorePlan, SyncReport } from '../model/artifacts.js';
import type { LoudnessSeries } from './loudness-series.js';
import type { Thumbnail, ThumbnailSheet } from './thumbnails.js';

export interface LoudnessSummary {
  readonly target: number;
  readonly mixIntegrated: number;
  readonly mixTruePeak: number;
  readonly programIntegrated?: number;
  readonly programTruePeak?: number;
}

type Num = number | null;

export interface ReportData {
  readonly title: string;
  readonly duration: number;
  readonly fps: { readonly num: number; readonly den: number };
  readonly fpsText: string;
  readonly frameMs: number;
  readonly videoHref: string | null;
  readonly thumbs: readonly Thumbnail[];
  /** JPEG sprite sheets (data URIs) the thumbnails are cut from. */
  readonly sprites: readonly string[];
  readonly shots: readonly { start: number; end: number; transition: string; transitionDuration: number }[];
  readonly arc: {
    t: number[]; a: number[]; v: number[]; d: number[]; aHi: number[]; aLo: number[];
    textA: Num[]; textV: Num[]; picA: Num[] | null; picV: Num[] | null;
  } | null;
  readonly events: readonly { t: number; kind: string; source: string; strength: number; label: string }[];
  readonly beats: readonly { t: number; kind: string; strength: number; reason: string }[];
  /** Causal links of the narrative event graph (issue 5), when the analysis has one. */
  readonly links: readonly { from: number; to: number; fromSource: string; toSource: string; label: string }[];
  readonly hits: readonly { t: number; kind: string; label: string; bar: number; beat: number; planMs: number; measuredMs: Num; measuredT: Num }[];
  readonly tempo: { t: number[]; map: Num[]; wanted: Num[] } | null;
  readonly keys: readonly { start: number; end: number; label: string; mode: string }[];
  readonly sections: readonly { start: number; end: number; name: string; reason: string; texture: string; energy: number; tension: number; arousal: number; valence: number }[];
  readonly curves: { t: number[]; tension: number[]; dynamics: number[]; density: number[] } | null;
  readonly loudness: { t: number[]; mixM: Num[]; mixS: Num[]; progM: Num[] | null; progS: Num[] | null; summary: LoudnessSummary | null } | null;
  readonly loudnessSummary: LoudnessSummary | null;
  readonly speech: readonly { start: number; end: number }[];
  readonly lines: readonly { start: number; end: number; who: string; text: string }[];
  readonly sync: { measuredOn: string; globalOffsetMs: number; maxAbsErrorMs: Num } | null;
}

const r = (x: number, d = 3): number => {
  const k = 10 ** d;
  return Math.round(x * k) / k;
};
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const arr = <T>(x: readonly T[] | undefined | null): readonly T[] => (Array.isArray(x) ? x : []);

/** Value of the line covering each grid time (the later line where two overlap), else null. */
function textOnGrid(t: readonly number[], lines: Analysis['script']['lines'], dim: 'a' | 'v'): Num[] {
  const sorted = [...arr(lines)].filter((l) => isNum(l.start) && isNum(l.end) && l.vad && isNum(l.vad[dim])).sort((a, b) => a.start - b.start);
  return t.map((ti) => {
    let v: Num = null;
    for (const l of sorted) {
      if (l.start > ti) break;
      if (ti <= l.end) v = r(l.vad[dim]);
    }
    return v;
  });
}

/** Mean of the picture's per-frame estimates within ±half a grid step of each grid time. */
function pictureOnGrid(t: readonly number[], vad: readonly { t: number; a: number; v: number }[], dim: 'a' | 'v'): Num[] {
  const pts = [...vad].filter((p) => isNum(p.t) && isNum(p[dim])).sort((a, b) => a.t - b.t);
  if (pts.length === 0 || t.length === 0) return t.map(() => null);
  const half = t.length > 1 ? (t[1]! - t[0]!) / 2 : 0.05;
  let j = 0;
  return t.map((ti) => {
    while (j < pts.length && pts[j]!.t < ti - half) j++;
    let s = 0, n = 0;
    for (let k = j; k < pts.length && pts[k]!.t < ti + half; k++) { s += pts[k]![dim]; n++; }
    return n > 0 ? r(s / n) : null;
  });
}

function tempoSeries(a: Analysis, plan: ScorePlan, duration: number): ReportData['tempo'] {
  const map = arr(plan.tempoMap).filter((p) => isNum(p.t) && isNum(p.bpm));
  if (map.length === 0) return null;
  const curves = plan.curves ?? a.curves;
  const gt = arr(curves?.t), gw = arr(curves?.tempo);
  const wanted = new Map<number, number>();
  gt.forEach((t, i) => { if (isNum(gw[i])) wanted.set(r(t), r(gw[i]!, 1)); });
  const xs = [...new Set([...gt.map((t) => r(t)), ...map.map((p) => r(p.t)), r(duration)])].sort((x, y) => x - y);
  let k = 0;
  const bpmAt = (t: number): number => {
    while (k + 1 < map.length && map[k + 1]!.t <= t + 1e-9) k++;
    return r(map[k]!.bpm, 2);
  };
  return { t: xs, map: xs.map(bpmAt), wanted: xs.map((t) => wanted.get(t) ?? null) };
}

/** The graph's causal edges as time pairs (at most 400, strongest-first is not known: first 400). */
function graphLinks(a: Analysis): ReportData['links'] {
  const nodes = new Map(arr(a.graph?.nodes).filter((n) => n && isNum(n.t)).map((n) => [n.id, n]));
  const out: { from: number; to: number; fromSource: string; toSource: string; label: string }[] = [];
  for (const e of arr(a.graph?.edges)) {
    if (!e || e.kind !== 'causal') continue;
    const f = nodes.get(e.from), t = nodes.get(e.to);
    if (!f || !t) continue;
    out.push({ from: r(f.t), to: r(t.t), fromSource: f.source, toSource: t.source, label: e.label ?? '' });
    if (out.length >= 400) break;
  }
  return out;
}

export interface ReportDataInput {
  readonly analysis: Analysis;
  readonly plan: ScorePlan;
  readonly sync: SyncReport | null;
  readonly loudness: LoudnessSummary | null;
  readonly videoHref: string | null;
  readonly thumbnails?: ThumbnailSheet;
  readonly mixSeries?: LoudnessSeries | null;
  readonly programSeries?: LoudnessSeries | null;
}

export function reportData(i: ReportDataInput): ReportData {
  const { analysis: a, plan } = i;
  const duration = a.video.duration;
  const fps = a.video.fpsRational && a.video.fpsRational.num > 0 ? a.video.fpsRational : { num: Math.round(a.video.fps * 1000), den: 1000 };
  const frameMs = (1000 * fps.den) / fps.num;

  const arcPts = arr(a.arc).filter((p) => isNum(p.t) && isNum(p.a) && isNum(p.v));
  const arcT = arcPts.map((p) => r(p.t));
  const picVad = arr(a.visual?.vad);
  const arc: ReportData['arc'] = arcPts.length === 0 ? null : {
    t: arcT,
    a: arcPts.map((p) => r(p.a)),
    v: arcPts.map((p) => r(p.v)),
    d: arcPts.map((p) => r(isNum(p.d) ? p.d : 0)),
    aHi: arcPts.map((p) => r(Math.min(1, p.a + (isNum(p.sigma) ? p.sigma : 0)))),
    aLo: arcPts.map((p) => r(Math.max(-1, p.a - (isNum(p.sigma) ? p.sigma : 0)))),
    textA: textOnGrid(arcT, a.script?.lines, 'a'),
    textV: textOnGrid(arcT, a.script?.lines, 'v'),
    picA: picVad.length ? pictureOnGrid(arcT, picVad, 'a') : null,
    picV: picVad.length ? pictureOnGrid(arcT, picVad, 'v') : null,
  };

  const syncHits = arr(i.sync?.hits);
  const hits = arr(plan.hitPoints).map((h) => {
    const m = syncHits.find((s) => Math.abs(s.t - h.t) < 1e-3);
    return {
      t: h.t, kind: h.kind, label: h.label ?? h.kind, bar: h.bar, beat: h.beat, planMs: r(h.errorMs, 3),
      measuredMs: m && isNum(m.errorMs) ? r(m.errorMs, 2) : null,
      measuredT: m && isNum(m.measuredT) ? r(m.measuredT, 4) : null,
    };
  });

  const keys = arr(plan.keys).map((k, j, all) => ({
    start: k.t, end: j + 1 < all.length ? all[j + 1]!.t : duration, label: `${k.key} ${k.mode}`, mode: k.mode,
  }));

  const curves = plan.curves ?? a.curves;
  const mix = i.mixSeries ?? null, prog = i.programSeries ?? null;
  const alignTo = (s: LoudnessSeries | null, n: number, f: 'momentary' | 'shortTerm'): Num[] | null => (s ? Array.from({ length: n }, (_, j) => s[f][j] ?? null) : null);
  const loudness: ReportData['loudness'] = mix || prog ? {
    t: [...(mix ?? prog)!.t],
    mixM: alignTo(mix, (mix ?? prog)!.t.length, 'momentary') ?? [],
    mixS: alignTo(mix, (mix ?? prog)!.t.length, 'shortTerm') ?? [],
    progM: alignTo(prog, (mix ?? prog)!.t.length, 'momentary'),
    progS: alignTo(prog, (mix ?? prog)!.t.length, 'shortTerm'),
    summary: i.loudness,
  } : null;

  return {
    title: a.video.file,
    duration,
    fps: { num: fps.num, den: fps.den },
    fpsText: `${r(fps.num / fps.den, 3)} fps${a.video.vfr ? ' (variable)' : ''}`,
    frameMs: r(frameMs, 4),
    videoHref: i.videoHref,
    thumbs: i.thumbnails?.thumbs ?? [],
    sprites: i.thumbnails?.sprites ?? [],
    shots: arr(a.shots).map((s) => ({ start: r(s.start, 4), end: r(s.end, 4), transition: s.transition, transitionDuration: r(s.transitionDuration ?? 0, 3) })),
    arc,
    events: arr(a.events).filter((e) => isNum(e.t)).map((e) => ({ t: r(e.t, 3), kind: e.kind, source: e.source, strength: r(isNum(e.strength) ? e.strength : 0.5, 2), label: e.label ?? '' })),
    beats: arr(a.script?.insights?.beats).filter((b) => isNum(b.t)).map((b) => ({ t: r(b.t, 3), kind: b.kind, strength: r(b.strength, 2), reason: b.reason ?? '' })),
    links: graphLinks(a),
    hits,
    tempo: tempoSeries(a, plan, duration),
    keys,
    sections: arr(plan.sections).map((s) => ({
      start: s.start, end: s.end, name: s.name, reason: s.reason ?? '', texture: s.texture ?? 'full',
      energy: r(s.energy ?? 0, 3), tension: r(s.tension ?? 0, 3), arousal: r(s.arousal ?? 0, 3), valence: r(s.valence ?? 0, 3),
    })),
    curves: curves && arr(curves.t).length ? {
      t: curves.t.map((x) => r(x)), tension: arr(curves.tension).map((x) => r(x)), dynamics: arr(curves.dynamics).map((x) => r(x)), density: arr(curves.density).map((x) => r(x)),
    } : null,
    loudness,
    loudnessSummary: i.loudness,
    speech: arr(a.speech).map((s) => ({ start: r(s.start), end: r(s.end) })),
    lines: arr(a.script?.lines).filter((l) => isNum(l.start) && isNum(l.end)).map((l) => ({ start: r(l.start), end: r(l.end), who: l.speaker ?? '', text: l.text })),
    sync: i.sync ? { measuredOn: i.sync.measuredOn, globalOffsetMs: i.sync.globalOffsetMs, maxAbsErrorMs: i.sync.maxAbsErrorMs } : null,
  };
}
