/**
 * The analysis half of the pipeline: ingest (probe, script, prompt, dialogue audio),
 * analysis (speech, picture, text), fusion (arc, events, curves) → Analysis.
 * I/O happens here, at the edge; every step it calls is a pure function of its inputs.
 */
import path from 'node:path';
import type { Analysis, Probe, PromptSpec, TimedLine } from '../model/artifacts.js';
import type { Diagnostic } from '../model/errors.js';
import { UserInputError } from '../model/errors.js';
import { probeMedia } from '../ingest/probe.js';
import { readFrames } from '../ingest/frames.js';
import { extractDialogueMono } from '../ingest/audio.js';
import { readScript } from '../ingest/script.js';
import { parsePrompt } from '../ingest/prompt.js';
import { detectSpeech } from '../analysis/audio/speech.js';
import { placeLines } from '../analysis/text/place-lines.js';
import { scoreLine } from '../analysis/text/lexicon-vad.js';
import { analyzeFrames } from '../analysis/visual/detector.js';
import { analyzeFaces, blendFaceVad, type FaceAnalysis } from '../analysis/visual/faces.js';
import { makeGrid } from '../fusion/grid.js';
import { fuseArc } from '../fusion/arc.js';
import { collectEvents } from '../fusion/events.js';
import { deriveCurves } from '../fusion/curves.js';
import { rationalToNumber } from '../time/rational.js';
import type { Progress } from './progress.js';

export interface AnalyzeRequest {
  readonly video: string;
  readonly script?: string;
  readonly prompt?: string;
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
  const probe = await progress.stage('probe', () => probeMedia(req.video));
  const duration = probe.duration;
  if (!(duration > 0)) throw new UserInputError('the video has no duration', { file: req.video });

  const prompt: PromptSpec = await progress.stage('prompt', () => {
    const r = parsePrompt(req.prompt ?? '', { fps: probe.video.fps, duration });
    for (const w of r.warnings) diagnostics.push({ level: 'warning', stage: 'prompt', message: w });
    if (r.spec.unknownWords.length) diagnostics.push({ level: 'info', stage: 'prompt', message: `words not understood: ${r.spec.unknownWords.join(', ')}` });
    return r.spec;
  });

  const script = req.script
    ? await progress.stage('script', () => {
        const r = readScript(req.script!, { videoDuration: duration });
        for (const w of r.warnings) diagnostics.push({ level: 'warning', stage: 'script', message: w });
        return r.script;
      })
    : null;

  const dialogue16k = await progress.stage('audio', () => extractDialogueMono(req.video, probe));
  const hasAudio = probe.audio.length > 0;
  const speech = hasAudio ? detectSpeech(dialogue16k, 16000) : [];

  const picture = await progress.stage('picture', (p) => analyzeFrames(readFrames(req.video, probe, { maxWidth: 160, maxHeight: 160, reuseBuffer: true }), duration, {}, p));
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

  const lines: TimedLine[] = await progress.stage('text', () => {
    if (!script) return [];
    const placed = placeLines(script.lines, speech, duration);
    if (placed.method !== 'timed') diagnostics.push({ level: 'info', stage: 'text', message: `untimed script placed by ${placed.method === 'speech' ? 'detected speech' : 'line length'}` });
    return placed.lines.map((l) => {
      const f = scoreLine(l.text, l.kind);
      return { ...l, vad: f.vad, emotion: f.emotion };
    });
  });

  const analysis = await progress.stage('fuse', () => {
    const grid = makeGrid(duration);
    const arc = fuseArc(grid, lines, visual.vad, prompt);
    const events = collectEvents(visual.events, lines, prompt, arc);
    const curves = deriveCurves(grid, arc, prompt);
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
      script: { file: req.script ? path.basename(req.script) : undefined, format: script?.format, lines },
      prompt,
      speech,
      visual: { samples: visual.samples, vad: visual.vad, shots: visual.shotFeatures, scenes: visual.scenes, ...(faces ? { faces } : {}) },
      arc,
      events,
      curves,
      diagnostics,
    };
    return a;
  });
  return { probe, analysis, dialogue16k };
}

