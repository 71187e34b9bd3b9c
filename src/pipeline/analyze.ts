/**
 * The analysis half of the pipeline: ingest (probe, script, prompt, dialogue audio),
 * analysis (speech, picture, text), fusion (arc, events, curves) → Analysis.
 * I/O happens here, at the edge; every step it calls is a pure function of its inputs.
 */
import path from 'node:path';
import type { Analysis, Probe, PromptSpec, ScriptInsights, TimedLine } from '../model/artifacts.js';
import type { Diagnostic } from '../model/errors.js';
import { UserInputError } from '../model/errors.js';
import { probeMedia } from '../ingest/probe.js';
import { readFrames } from '../ingest/frames.js';
import { extractDialogueMono } from '../ingest/audio.js';
import { readScript } from '../ingest/script.js';
import { parsePrompt } from '../ingest/prompt.js';
import { detectSpeechWith, DEFAULT_SPEECH_DETECTOR, type SpeechDetector } from '../analysis/audio/speech.js';
import { placeLines } from '../analysis/text/place-lines.js';
import { scoreLine } from '../analysis/text/lexicon-vad.js';
import { alignmentMethod, scriptInsights } from '../analysis/text/insights.js';
import { scoreScriptLines } from '../analysis/text/learned/score-script-lines.js';
import { analyzePictureFile, preloadPictureWorker } from '../analysis/visual/picture-worker.js';
import { analyzeFaces, blendFaceVad, type FaceAnalysis } from '../analysis/visual/faces.js';
import { makeGrid } from '../fusion/grid.js';
import { fuseArc } from '../fusion/arc.js';
import { crossModalAttention } from '../fusion/attention.js';
import { collectEvents } from '../fusion/events.js';
import { buildEventGraph } from '../fusion/event-graph.js';
import { deriveCurves } from '../fusion/curves.js';
import { rationalToNumber } from '../time/rational.js';
import type { Progress } from './progress.js';

export interface AnalyzeRequest {
  readonly video: string;
  readonly script?: string;
  readonly prompt?: string;
  /** Speech detector for ducking and line placement, default Silero. */
  readonly vad?: SpeechDetector;
  /** Detect faces and close-ups (slow, learned; off by default). */
  readonly faces?: boolean;
}

export interface AnalyzeResult {
  readonly probe: Probe;
  readonly analysis: Analysis;
  /** Dialogue track at 16 kHz mono (silence when the video has none). */
  readonly dialogue16k: Float32Array;
}

export async function analyzeScene(req: AnalyzeRequest, progress: Progress): Promise<AnalyzeResult> {
  const diagnostics: Diagnostic[] = [];
  preloadPictureWorker(); // its thread and modules load while the stages before it run
  const probe = await progress.stage('probe', () => probeMedia(req.video));
  const duration = probe.duration;
  if (!(duration > 0)) throw new UserInputError('the video has no duration', { file: req.video });

  const prompt: PromptSpec = await progress.stage('prompt', () => {
    const r = parsePrompt(req.prompt ?? '', { fps: probe.video.fps, duration });
    for (const w of r.warnings) diagnostics.push({ level: 'warning', stage: 'prompt', message: w });
    diagnostics.push(...r.diagnostics);
    if (r.spec.unknownWords.length) diagnostics.push({ level: 'info', stage: 'prompt', message: `words not understood: ${r.spec.unknownWords.join(', ')}` });
    return r.spec;
  });

  const script = req.script
    ? await progress.stage('script', () => {
        const r = readScript(req.script!, { videoDuration: duration });
        for (const w of r.warnings) diagnostics.push({ level: 'warning', stage: 'script', message: w });
        diagnostics.push(...r.diagnostics);
        return r.script;
      })
    : null;

  const dialogue16k = await progress.stage('audio', () => extractDialogueMono(req.video, probe));
  const hasAudio = probe.audio.length > 0;
  const speech = hasAudio
    ? await progress.stage('speech', () =>
        detectSpeechWith(req.vad ?? DEFAULT_SPEECH_DETECTOR, dialogue16k, (why) => diagnostics.push({ level: 'warning', stage: 'speech', message: why })),
      )
    : [];

  const picture = await progress.stage('picture', (p) => analyzePictureFile(req.video, probe, duration, { maxWidth: 160, maxHeight: 160, reuseBuffer: true }, {}, p));
  let faces: FaceAnalysis | undefined;
  if (req.faces) {
    faces = await progress.stage('faces', () => analyzeFaces(readFrames(req.video, probe, { fps: 2, maxWidth: 640, maxHeight: 640 }), duration));
  }
  const visual = faces
    ? {
        ...picture,
        vad: blendFaceVad(picture.vad, faces),
        events: [...picture.events, ...faces.closeUps.map((c) => ({ t: c.t, kind: 'close-up' as const, strength: c.strength, source: 'video' as const, label: `close-up ${c.duration.toFixed(1)} s` }))].sort((a, b) => a.t - b.t),
      }
    : picture;

  let insights: ScriptInsights | undefined;
  const lines: TimedLine[] = await progress.stage('text', () => {
    if (!script) return [];
    const placed = placeLines(script.lines, speech, duration);
    if (placed.method !== 'timed') diagnostics.push({ level: 'info', stage: 'text', message: `untimed script placed by ${placed.method === 'dtw' ? 'DTW alignment to detected speech' : 'scene and line length (no speech found)'}, confidence ${placed.confidence}` });
    // Per-line VAD and emotion: the learned model (a small MLP ensemble trained on EmoBank plus a
    // ridge n-gram correction, with the lexicon scorer as one of its features and the scene's earlier lines as a prior).
    // Scene headings and transitions carry no feeling of their own: the lexicon scorer's neutral.
    const spoken = placed.lines.map((l, i) => ({ i, l })).filter(({ l }) => l.kind !== 'heading' && l.kind !== 'transition');
    const learned = scoreScriptLines(spoken.map(({ l }) => ({ text: l.text, scene: l.scene })));
    const byIndex = new Map(spoken.map(({ i }, k) => [i, learned[k]]));
    const scored = placed.lines.map((l, i) => {
      const f = byIndex.get(i) ?? scoreLine(l.text, l.kind);
      return { ...l, vad: f.vad, emotion: f.emotion };
    });
    insights = scriptInsights(scored, { method: alignmentMethod(placed.method), confidence: placed.confidence });
    return scored;
  });

  const analysis = await progress.stage('fuse', () => {
    const grid = makeGrid(duration);
    const scriptOut: Analysis['script'] = { file: req.script ? path.basename(req.script) : undefined, format: script?.format, lines, ...(insights ? { insights } : {}) };
    const attention = crossModalAttention(grid, lines, visual.vad, visual.events);
    const arc = fuseArc(grid, lines, visual.vad, prompt, {}, visual.events, attention);
    const events = collectEvents(visual.events, lines, prompt, arc, scriptOut.insights);
    const graph = buildEventGraph(events);
    const curves = deriveCurves(grid, arc, prompt, {}, {
      cuts: visual.shots.slice(1).map((s) => s.start),
      beats: events.filter((e) => e.kind === 'narrative-beat' || e.kind.startsWith('cue-')).map((e) => e.t),
    });
    const a: Analysis = {
      version: 1,
      video: {
        file: path.basename(req.video),
        duration,
        fps: Math.round(rationalToNumber(probe.video.avgFps.num > 0 ? probe.video.avgFps : probe.video.fps) * 1000) / 1000,
        fpsRational: probe.video.fps,
        vfr: probe.video.vfr,
        width: probe.video.displayWidth,
        height: probe.video.displayHeight,
        hasAudio,
        startTime: probe.startTime,
      },
      shots: visual.shots,
      script: scriptOut,
      prompt,
      speech,
      visual: { samples: visual.samples, vad: visual.vad.map((p) => ({ t: p.t, v: round3(p.v), a: round3(p.a), d: round3(p.d) })), shots: visual.shotFeatures, scenes: visual.scenes, ...(faces ? { faces } : {}) },
      arc,
      events,
      graph,
      curves,
      diagnostics,
    };
    return a;
  });
  return { probe, analysis, dialogue16k };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
