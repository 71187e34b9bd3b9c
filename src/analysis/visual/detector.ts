/**
 * The streaming detector interface (after PySceneDetect's SceneDetector) and the one loop
 * that owns decoding order: `analyzeFrames` computes the shared per-frame intermediates
 * once (frame-features.ts), feeds every detector, then assembles shots, samples, events
 * and the per-frame visual VAD. Memory stays flat in clip length: detectors keep per-frame
 * scalars and a bounded window of recent planes, never the frames.
 */
import type { Frame, TimelineEvent, VisualAnalysis, VisualSample } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';
import { UserInputError } from '../../model/errors.js';
import { FeatureExtractor, type FrameFeatures } from './frame-features.js';
import { CutDetector, DEFAULT_CUT_OPTIONS, type CutOptions, type CutResult } from './cut-detector.js';
import { DEFAULT_FADE_OPTIONS, FadeDetector, type FadeOptions, type Transition } from './fade-detector.js';
import { DEFAULT_MOTION_OPTIONS, MotionDetector, motionPeaks, shakeSeries, type MotionOptions, type MotionResult } from './motion.js';
import { ColourDetector, DEFAULT_COLOUR_OPTIONS, type ColourOptions, type ColourResult } from './colour.js';
import { assembleShots, DEFAULT_SHOT_OPTIONS, type ShotOptions } from './shots.js';
import { DEFAULT_VISUAL_VAD_OPTIONS, vadObjects, visualVadColumns, type VadColumns, type VisualVadOptions } from './visual-vad.js';
import { PaletteSampler } from './palette.js';
import { DEFAULT_SCENE_OPTIONS, groupScenes, shotFeatures, type Scene, type SceneOptions, type ShotFeatures } from './scenes.js';

/**
 * A streaming detector: sees each analysed frame once, in presentation order, and returns
 * its result when the stream ends. `process` must not keep the frame's planes beyond a
 * bounded window.
 */
export interface FrameDetector<R> {
  process(frame: FrameFeatures): void;
  /** End of stream; `endT` is the clip duration (end of the last frame). */
  finish(endT: Seconds): R;
}

export interface VisualOptions {
  /** Width of the analysis planes in px (frames wider than this are box-downscaled). */
  readonly analysisWidth: number;
  readonly cut: CutOptions;
  readonly fade: FadeOptions;
  readonly motion: MotionOptions;
  readonly colour: ColourOptions;
  readonly shots: ShotOptions;
  readonly vad: VisualVadOptions;
  readonly scenes: SceneOptions;
}

export const DEFAULT_VISUAL_OPTIONS: VisualOptions = {
  analysisWidth: 160,
  cut: DEFAULT_CUT_OPTIONS,
  fade: DEFAULT_FADE_OPTIONS,
  motion: DEFAULT_MOTION_OPTIONS,
  colour: DEFAULT_COLOUR_OPTIONS,
  shots: DEFAULT_SHOT_OPTIONS,
  vad: DEFAULT_VISUAL_VAD_OPTIONS,
  scenes: DEFAULT_SCENE_OPTIONS,
};

/** Partial options, one level deep. */
export type VisualOptionsInput = {
  readonly analysisWidth?: number;
  readonly cut?: Partial<CutOptions>;
  readonly fade?: Partial<FadeOptions>;
  readonly motion?: Partial<MotionOptions>;
  readonly colour?: Partial<ColourOptions>;
  readonly shots?: Partial<ShotOptions>;
  readonly vad?: Partial<VisualVadOptions>;
  readonly scenes?: Partial<SceneOptions>;
};

/** Merge partial options over the defaults (the one place where that happens). */
export function resolveVisualOptions(opts: VisualOptionsInput = {}): VisualOptions {
  const d = DEFAULT_VISUAL_OPTIONS;
  return {
    analysisWidth: opts.analysisWidth ?? d.analysisWidth,
    cut: { ...d.cut, ...opts.cut },
    fade: { ...d.fade, ...opts.fade },
    motion: { ...d.motion, ...opts.motion },
    colour: { ...d.colour, ...opts.colour },
    shots: { ...d.shots, ...opts.shots },
    vad: { ...d.vad, ...opts.vad },
    scenes: { ...d.scenes, ...opts.scenes },
  };
}

/** Per-frame metrics beyond the shared VisualSample (for plots, CSV dumps and tests). */
export interface VisualMetrics {
  readonly t: readonly number[];
  /** Content distance to the previous frame, 0..255 (cut detector metric). */
  readonly content: readonly number[];
  /** Luma std 0..0.5. */
  readonly contrast: readonly number[];
  /** Camera pan (−median block vector), frame widths per frame; + = right / down. */
  readonly panX: readonly number[];
  readonly panY: readonly number[];
  /** Relative zoom per frame, + = in. */
  readonly zoom: readonly number[];
  /** Object motion (residual after global motion), frame widths per frame. */
  readonly objectMotion: readonly number[];
  /** Shake: std of the first difference of the global motion over a window, frame widths per frame. */
  readonly shake: readonly number[];
}

export interface VisualAnalysisDetail extends VisualAnalysis {
  readonly cuts: CutResult;
  readonly transitions: readonly Transition[];
  readonly metrics: VisualMetrics;
  /** Per-shot palette, light, motion and camera move (same order as `shots`). */
  readonly shotFeatures: readonly ShotFeatures[];
  readonly scenes: readonly Scene[];
}

/** The per-frame VisualSample fields as columns (one number per frame in each). */
export interface SampleColumns {
  readonly t: ArrayLike<number>;
  readonly diff: ArrayLike<number>;
  readonly motion: ArrayLike<number>;
  readonly luma: ArrayLike<number>;
  readonly saturation: ArrayLike<number>;
  readonly warmth: ArrayLike<number>;
}

/**
 * `VisualAnalysisDetail` with its two per-frame object arrays (`samples`, `vad`) kept as
 * columns: what the picture worker sends back (a long clip's per-frame objects cost ~100 bytes
 * a frame each; the columns, 8).
 */
export interface VisualColumnsResult extends Omit<VisualAnalysisDetail, 'samples' | 'vad'> {
  readonly sampleColumns: SampleColumns;
  readonly vadColumns: { readonly [K in keyof VadColumns]: ArrayLike<number> };
}

/** The per-frame objects of a columns result (the values are the columns' own). */
export function fromColumns(r: VisualColumnsResult): VisualAnalysisDetail {
  const { sampleColumns: c, vadColumns: v, ...rest } = r;
  const samples: VisualSample[] = new Array(c.t.length);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = { t: seconds(c.t[i]), diff: c.diff[i], motion: c.motion[i], luma: c.luma[i], saturation: c.saturation[i], warmth: c.warmth[i] };
  }
  return { ...rest, samples, vad: vadObjects(v) };
}

/**
 * Run the whole classical visual analysis over a frame stream.
 * `duration` is the clip duration in seconds (end of the last frame); `onProgress` gets
 * the fraction 0..1 of `duration` analysed. Throws UserInputError when the stream is empty.
 */
export async function analyzeFrames(
  frames: AsyncIterable<Frame> | Iterable<Frame>,
  duration: Seconds,
  opts: VisualOptionsInput = {},
  onProgress?: (fraction: number) => void,
): Promise<VisualAnalysisDetail> {
  return fromColumns(await analyzeFrameColumns(frames, duration, opts, onProgress));
}

/** `analyzeFrames` with the per-frame samples and VAD as columns. */
export async function analyzeFrameColumns(
  frames: AsyncIterable<Frame> | Iterable<Frame>,
  duration: Seconds,
  opts: VisualOptionsInput = {},
  onProgress?: (fraction: number) => void,
): Promise<VisualColumnsResult> {
  const o = resolveVisualOptions(opts);
  const extractor = new FeatureExtractor(o.analysisWidth);
  const cutDet = new CutDetector(o.cut);
  const fadeDet = new FadeDetector(o.fade);
  const motionDet = new MotionDetector(o.motion);
  const colourDet = new ColourDetector(o.colour);
  const detectors: FrameDetector<unknown>[] = [cutDet, fadeDet, motionDet, colourDet];
  const sampler = new PaletteSampler();
  const ts: number[] = [];
  const content: number[] = [];
  const diffs: number[] = [];
  let lastReport = -1;
  for await (const frame of frames as AsyncIterable<Frame>) {
    const f = extractor.next(frame);
    ts.push(f.t);
    content.push(f.contentDelta);
    diffs.push(f.lumaDelta);
    for (const d of detectors) d.process(f);
    sampler.add(extractor.lastRgb, f.width, f.height, f.t);
    if (onProgress && duration > 0) {
      const p = Math.min(1, f.t / duration);
      if (p - lastReport >= 0.01) {
        lastReport = p;
        onProgress(p);
      }
    }
  }
  if (ts.length === 0) throw new UserInputError('the video has no decodable frames', { field: 'video' });
  const endT = seconds(Math.max(duration, ts[ts.length - 1]));
  const cuts = cutDet.finish(endT);
  const transitions = fadeDet.finish(endT);
  const motion: MotionResult = motionDet.finish(endT);
  const colour: ColourResult = colourDet.finish(endT);
  const shots = assembleShots(cuts.cuts, transitions, endT, o.shots);

  // Block matching across a cut measures nothing: carry the previous frame's motion there.
  const cutIndexSet = new Set(cuts.cuts.map((c) => c.index));
  const motionMag = motion.magnitude.slice();
  const panX = motion.panX.slice(), panY = motion.panY.slice(), zoom = motion.zoom.slice(), objectMotion = motion.objectMotion.slice();
  for (let i = 1; i < motionMag.length; i++) {
    if (cutIndexSet.has(i) || content[i] > o.cut.minScore) {
      motionMag[i] = motionMag[i - 1];
      panX[i] = panX[i - 1];
      panY[i] = panY[i - 1];
      zoom[i] = zoom[i - 1];
      objectMotion[i] = objectMotion[i - 1];
    }
  }
  // Shake from the patched global motion (a cut is no jolt of the camera).
  const shake = shakeSeries(ts, panX, panY, o.motion.shakeWindow);
  const peaks = motionPeaks(ts, motionMag, o.motion);

  const sampleColumns: SampleColumns = {
    t: ts, diff: diffs, motion: motionMag.map((m) => Math.min(1, m)),
    luma: colour.luma, saturation: colour.saturation, warmth: colour.warmth,
  };
  const events: TimelineEvent[] = [
    // Cut events only where a shot begins with a cut (cuts absorbed by a fade or dissolve are not events).
    ...cuts.cuts
      .filter((c) => shots.some((sh, i) => i > 0 && sh.transition === 'cut' && sh.start === c.t))
      .map((c): TimelineEvent => ({ t: c.t, kind: 'cut', strength: c.strength, source: 'video' })),
    ...transitions.map((tr): TimelineEvent => ({
      t: tr.start, kind: tr.kind, strength: tr.strength, source: 'video', label: `${tr.kind} ${tr.duration.toFixed(2)} s`,
    })),
    ...colour.flashes.map((fl): TimelineEvent => ({ t: fl.t, kind: 'flash', strength: fl.strength, source: 'video' })),
    ...peaks.map((p): TimelineEvent => ({ t: p.t, kind: 'motion-peak', strength: p.strength, source: 'video' })),
  ].sort((a, b) => a.t - b.t);
  const vadColumns = visualVadColumns(
    {
      t: ts, motion: motionMag, shake, luma: colour.luma, saturation: colour.saturation,
      warmth: colour.warmth, contrast: colour.contrast,
    },
    [...shots.slice(1).map((s) => s.start)],
    colour.flashes.map((f) => f.t),
    o.vad,
  );
  const series = {
    t: ts, luma: colour.luma, saturation: colour.saturation, warmth: colour.warmth, contrast: colour.contrast,
    motion: motionMag, panX, panY, zoom, shake, objectMotion,
  };
  const perShot = shotFeatures(shots, series, sampler, o.scenes);
  const scenes = groupScenes(shots, perShot, o.scenes);
  onProgress?.(1);
  return {
    shotFeatures: perShot,
    scenes,
    shots,
    sampleColumns,
    events,
    vadColumns,
    cuts,
    transitions,
    metrics: {
      t: ts, content, contrast: colour.contrast, panX, panY, zoom, objectMotion, shake,
    },
  };
}
