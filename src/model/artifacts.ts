/**
 * The shared artifacts that flow through the pipeline. All are plain, readonly,
 * JSON-serialisable data. Stages import these types, never each other.
 *
 * ingest → Probe, ScriptLine[], PromptSpec, SpeechSegment[]
 * analyze → VisualAnalysis, TextAnalysis
 * fuse → FusedAnalysis (arc, events, curves)
 * plan → ScorePlan
 * compose → Score
 * render → stems/mix (PCM, in render/), MixReport
 * verify → SyncReport
 */
import type { Bpm, Decibels, Lufs, Seconds, Ticks } from './units.js';
import type { Diagnostic } from './errors.js';

// ---------------------------------------------------------------- media

/** A rational number, e.g. a frame rate 24000/1001. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

export interface VideoStreamInfo {
  /** ffprobe stream index. */
  readonly index: number;
  readonly codec: string;
  /** Coded size. */
  readonly width: number;
  readonly height: number;
  /** Size as displayed: sample aspect ratio and rotation applied. */
  readonly displayWidth: number;
  readonly displayHeight: number;
  /** Nominal frame rate (r_frame_rate). */
  readonly fps: Rational;
  /** Average frame rate (avg_frame_rate). */
  readonly avgFps: Rational;
  /** True when frame intervals vary (measured from packet timestamps). */
  readonly vfr: boolean;
  /** Display rotation in degrees, clockwise, one of 0, 90, 180, 270. */
  readonly rotation: number;
  /** Sample (pixel) aspect ratio. */
  readonly sar: Rational;
  readonly pixFmt: string;
  /** 'progressive', 'tt', 'bb', 'tb', 'bt' or 'unknown'. */
  readonly fieldOrder: string;
  /** Number of frames if the container says so. */
  readonly frameCount?: number;
}

export interface AudioStreamInfo {
  readonly index: number;
  readonly codec: string;
  readonly channels: number;
  readonly sampleRate: number;
  readonly language?: string;
}

/** What ffprobe tells about a media file, normalised. */
export interface Probe {
  readonly path: string;
  /** ffprobe format_name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm'. */
  readonly formatName: string;
  /** Duration of the picture from its first displayed frame. */
  readonly duration: Seconds;
  /** Presentation time of the first displayed frame in the container (start offset). */
  readonly startTime: Seconds;
  readonly video: VideoStreamInfo;
  readonly audio: readonly AudioStreamInfo[];
  readonly subtitleStreams: number;
  readonly attachments: number;
}

/** One decoded frame at analysis resolution. */
export interface Frame {
  /** Presentation time from the first displayed frame. */
  readonly t: Seconds;
  /** Decode order index (0-based). Only for reporting; never for time. */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  /** Packed RGB24, width*height*3 bytes. Owned by the reader: copy to keep. */
  readonly data: Uint8Array;
}

// ---------------------------------------------------------------- text

export type LineKind = 'dialogue' | 'action' | 'heading' | 'transition' | 'parenthetical';

/** Valence, arousal, dominance, each in [-1, 1] (eq. 2). */
export interface Vad {
  readonly v: number;
  readonly a: number;
  readonly d: number;
}

export type EmotionLabel = 'anger' | 'fear' | 'joy' | 'sadness' | 'surprise' | 'disgust' | 'neutral';

/** A line as read from a script or subtitle file (times only if the file has them). */
export interface ScriptLine {
  readonly start?: Seconds;
  readonly end?: Seconds;
  readonly text: string;
  readonly speaker?: string;
  readonly kind: LineKind;
  readonly scene?: number;
  /** 1-based line in the source file where the line begins. */
  readonly sourceLine?: number;
  /** Dual dialogue: spoken at the same time as the neighbouring dual line (Fountain '^', FDX DualDialogue). */
  readonly dual?: boolean;
}

/** A line placed on the timeline with its text features. */
export interface TimedLine {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly text: string;
  readonly speaker?: string;
  readonly kind: LineKind;
  readonly scene?: number;
  readonly sourceLine?: number;
  readonly vad: Vad;
  readonly emotion: { readonly label: EmotionLabel; readonly score: number };
}

export interface ParsedScript {
  readonly file: string;
  readonly format: 'srt' | 'vtt' | 'txt' | 'json' | 'fountain' | 'fdx';
  readonly timed: boolean;
  readonly lines: readonly ScriptLine[];
}

export type CueKind = 'build' | 'hit' | 'drop' | 'swell' | 'fade-out' | 'subtle' | 'intense';

/** A timecoded instruction from the prompt. */
export interface PromptCue {
  readonly kind: CueKind;
  /** Where the cue lands (the peak of a build, the hit, the drop). */
  readonly t: Seconds;
  /**
   * Where the cue's span begins, when the prompt says: the start of a build/swell/fade over a
   * range ("build from 0:20 to 0:50" → start 20, t 50) and the start of a range cue (= t).
   */
  readonly start?: Seconds;
  /** For ranges ("from 00:40 to 01:00 keep it subtle"). */
  readonly end?: Seconds;
  /** The on-screen event the cue is tied to, in the prompt's words ("the crash", "the car goes over the bridge"). */
  readonly event?: string;
  /** What a drop goes to. */
  readonly target?: 'silence' | 'drone';
  /** The words the cue came from. */
  readonly text: string;
}

export interface PromptSpec {
  readonly text: string;
  /** Style presets recognised, e.g. 'hybrid', 'orchestral', 'ambient', 'electronic', 'piano', 'strings', 'jazz', 'suspense'. */
  readonly styles: readonly string[];
  /**
   * Styles/ensembles the prompt refuses ("no orchestra", "without electronics"). Never also in
   * `styles`. A refused orchestra or electronic sound also puts its instrument families in
   * `instrumentsUnwanted` (the planner obeys that list). Absent on analyses written before it.
   */
  readonly stylesUnwanted?: readonly string[];
  /** Traits from composer references, described not imitated. */
  readonly traits: readonly string[];
  readonly moods: readonly string[];
  /** Valence/arousal bias the mood words imply, each in [-1, 1]. */
  readonly moodVad?: Vad;
  readonly tempo?: { readonly bpm?: Bpm; readonly word?: string };
  readonly instrumentsWanted: readonly string[];
  readonly instrumentsUnwanted: readonly string[];
  readonly leadInstrument?: string;
  readonly cues: readonly PromptCue[];
  /** Words not understood: reported, never silently dropped. */
  readonly unknownWords: readonly string[];
}

// ---------------------------------------------------------------- analysis

export type TransitionKind = 'cut' | 'fade' | 'dissolve';

export interface Shot {
  readonly start: Seconds;
  readonly end: Seconds;
  /** How this shot begins. The first shot begins with 'cut' unless it fades in. */
  readonly transition: TransitionKind;
  /** Length of the transition into this shot (0 for a cut). */
  readonly transitionDuration: Seconds;
}

/** Per-frame visual measurements (one per analysed frame). */
export interface VisualSample {
  readonly t: Seconds;
  /** Mean absolute luma change to the previous frame, 0..1. */
  readonly diff: number;
  /** Motion magnitude, 0..1 (fraction of the frame width per frame). */
  readonly motion: number;
  /** Mean luma 0..1. */
  readonly luma: number;
  /** Mean saturation 0..1. */
  readonly saturation: number;
  /** Warmth −1 (blue) .. 1 (orange). */
  readonly warmth: number;
}

export type EventKind =
  | 'cut'
  | 'fade'
  | 'dissolve'
  | 'motion-peak'
  | 'flash'
  | 'close-up'
  | 'line'
  | 'speech'
  | 'beat'
  | 'cue-build'
  | 'cue-hit'
  | 'cue-drop'
  | 'cue-swell'
  | 'cue-fade-out'
  | 'character-entrance'
  | 'narrative-beat'
  | 'scene-change';

export interface TimelineEvent {
  readonly t: Seconds;
  readonly kind: EventKind;
  /** 0..1. */
  readonly strength: number;
  readonly source: 'video' | 'script' | 'prompt' | 'audio' | 'fusion';
  readonly label?: string;
}

export interface VisualAnalysis {
  readonly shots: readonly Shot[];
  readonly samples: readonly VisualSample[];
  readonly events: readonly TimelineEvent[];
  /** Per-frame VAD estimate from picture features. */
  readonly vad: readonly (Vad & { readonly t: Seconds })[];
}

export interface SpeechSegment {
  readonly start: Seconds;
  readonly end: Seconds;
}

export interface ArcPoint extends Vad {
  readonly t: Seconds;
  /** Standard deviation of the fused arousal estimate. */
  readonly sigma: number;
}

/** Music parameter curves on the fusion grid (eq. 10-12, 41-42). */
export interface ParameterCurves {
  readonly t: readonly Seconds[];
  readonly tempo: readonly number[];
  /** 0..1 */
  readonly dynamics: readonly number[];
  /** 0..1 */
  readonly tension: readonly number[];
  /** 0..1 */
  readonly density: readonly number[];
  /** +1 major, −1 minor, after hysteresis; changes moved to shot/beat boundaries where near. */
  readonly mode: readonly number[];
  /** Harmonic tension (dissonance, chord complexity) 0..1: eq. 41 plus build-up; absent on old analyses. */
  readonly harmonicTension?: readonly number[];
  /** Register 0 (low) .. 1 (high): where the melody and voicing sit. */
  readonly register?: readonly number[];
  /** Articulation 0 (legato, sustained) .. 1 (short, accented). */
  readonly articulation?: readonly number[];
  /** Rhythmic density 0 (long notes, sparse) .. 1 (many onsets per beat). */
  readonly rhythmicDensity?: readonly number[];
}

// ---------------------------------------------------------------- script insights (issue 3)

export type NarrativeBeatKind = 'inciting-incident' | 'rising-action' | 'climax' | 'falling-action' | 'resolution';

export interface NarrativeBeat {
  readonly t: Seconds;
  readonly kind: NarrativeBeatKind;
  /** 0..1 */
  readonly strength: number;
  /** Why: the cue words or trajectory feature that placed it. */
  readonly reason: string;
}

/** One appearance of a character or theme on the timeline. */
export interface Mention {
  readonly t: Seconds;
  /** Index into script.lines. */
  readonly line: number;
  /** True when the character speaks this line (not only named in it). */
  readonly speaks: boolean;
}

/** A recurring character or theme/object: the input to leitmotifs. */
export interface Recurring {
  readonly name: string;
  readonly kind: 'character' | 'theme';
  readonly mentions: readonly Mention[];
}

export interface ScriptInsights {
  readonly beats: readonly NarrativeBeat[];
  readonly characters: readonly Recurring[];
  readonly themes: readonly Recurring[];
  /** Genre words found ("gunfire" → action, "wedding" → romance …). */
  readonly genres: readonly string[];
  /** Setting words: INT/EXT, DAY/NIGHT, places. */
  readonly settings: readonly string[];
  /** How the lines got their times. */
  readonly alignment: { readonly method: 'subtitles' | 'dtw' | 'layout' | 'none'; readonly confidence: number };
}

// ---------------------------------------------------------------- narrative event graph (issue 5)

export interface GraphNode {
  readonly id: string;
  readonly t: Seconds;
  readonly kind: EventKind;
  readonly strength: number;
  readonly source: TimelineEvent['source'];
  readonly label?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'temporal' | 'causal';
  /** e.g. 'build-up→climax', 'climax→aftermath', 'next'. */
  readonly label?: string;
}

export interface EventGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface Analysis {
  readonly version: 1;
  readonly video: {
    readonly file: string;
    readonly duration: Seconds;
    readonly fps: number;
    readonly fpsRational: Rational;
    readonly vfr: boolean;
    readonly width: number;
    readonly height: number;
    readonly hasAudio: boolean;
    readonly startTime: Seconds;
  };
  readonly shots: readonly Shot[];
  readonly script: {
    readonly file?: string;
    readonly format?: string;
    readonly lines: readonly TimedLine[];
    /** Beats, characters, themes, setting (issue 3); absent on old analyses. */
    readonly insights?: ScriptInsights;
  };
  readonly prompt: PromptSpec;
  readonly speech: readonly SpeechSegment[];
  readonly visual: {
    readonly samples: readonly VisualSample[];
    /** Picture VAD per frame (issue 4; absent on old analyses). */
    readonly vad?: readonly (Vad & { readonly t: Seconds })[];
    /** Per-shot palette, light, motion, camera move — same order as `shots` (issue 4). */
    readonly shots?: readonly import('../analysis/visual/scenes.js').ShotFeatures[];
    /** Shots grouped into scenes with light and movement labels (issue 4). */
    readonly scenes?: readonly import('../analysis/visual/scenes.js').Scene[];
    /** Faces and close-ups, only with `--faces` (issue 4). */
    readonly faces?: import('../analysis/visual/faces.js').FaceAnalysis;
  };
  readonly arc: readonly ArcPoint[];
  readonly events: readonly TimelineEvent[];
  /** Narrative event graph G = (N, E) (issue 5); absent on old analyses. */
  readonly graph?: EventGraph;
  readonly curves: ParameterCurves;
  readonly diagnostics: readonly Diagnostic[];
}

// ---------------------------------------------------------------- plan

export type Mode = 'major' | 'minor';

export interface TempoPoint {
  /** Film time where this tempo starts. */
  readonly t: Seconds;
  readonly tick: Ticks;
  readonly bpm: Bpm;
  /** Exact MIDI tempo: microseconds per quarter note (integer). */
  readonly usPerQuarter: number;
}

export interface KeyPoint {
  readonly t: Seconds;
  readonly tick: Ticks;
  /** Tonic pitch class name, e.g. 'D', 'F#'. */
  readonly key: string;
  readonly tonic: number;
  readonly mode: Mode;
}

export interface Section {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly startTick: Ticks;
  readonly endTick: Ticks;
  readonly name: string;
  /** Why this section exists (shot boundary, cue, beat). */
  readonly reason: string;
  /** Mean arousal/valence of the arc over the section. */
  readonly arousal: number;
  readonly valence: number;
  /** 0..1 */
  readonly energy: number;
  readonly tension: number;
  /** 'silence' or 'drone' after a drop. */
  readonly texture: 'full' | 'drone' | 'silence' | 'sparse';
}

export interface HitPoint {
  readonly t: Seconds;
  readonly kind: string;
  readonly label: string;
  readonly strength: number;
  /** Where the hit lands in the score (1-based bar and beat). */
  readonly bar: number;
  readonly beat: number;
  readonly tick: Ticks;
  /** Film time of that tick through the tempo map, minus t, in ms. */
  readonly errorMs: number;
  /** 'beat': the tempo map puts a beat on it; 'free': too close to the previous hit to be caught
   *  musically — it sounds at its own time in free time (off the beat grid), errorMs still ≤ 1 ms. */
  readonly lock?: 'beat' | 'free';
}

/** Where a recurring character's or theme's leitmotif is stated (issue 6). */
export interface LeitmotifEntry {
  /** Film time of the mention. */
  readonly t: Seconds;
  /** The beat at or after the mention where the motif starts. */
  readonly tick: Ticks;
  /** True when the character speaks there. */
  readonly speaks: boolean;
}

export interface LeitmotifPlan {
  readonly name: string;
  readonly kind: 'character' | 'theme';
  readonly entries: readonly LeitmotifEntry[];
}

/** How the tempo solver did (issue 6): how many hits it locked to beats and how smooth the map is. */
export interface TempoSolution {
  readonly anchors: number;
  readonly locked: number;
  /** Largest tempo change between consecutive tempo points, as a ratio − 1 (0.08 = 8 %). */
  readonly maxChange: number;
  /**
   * Tempo changes larger than the smooth limit, with where, how large and why: 'cue' — a prompt
   * cue asks for a break there (a drop); 'short segment' — the stretch to the next hit is too
   * short to spread the change as a ramp of bar-long steps. Absent `reason` in older plans.
   */
  readonly breaks: readonly { readonly t: Seconds; readonly change: number; readonly reason?: 'cue' | 'short segment' }[];
  /** Largest |errorMs| over the locked hits. */
  readonly maxAbsErrorMs: number;
}

export interface ScorePlan {
  readonly version: 1;
  readonly seed: number;
  readonly ppq: number;
  readonly duration: Seconds;
  readonly style: string;
  readonly meter: { readonly numerator: number; readonly denominator: number };
  readonly tempoMap: readonly TempoPoint[];
  readonly keys: readonly KeyPoint[];
  readonly sections: readonly Section[];
  readonly hitPoints: readonly HitPoint[];
  readonly instrumentation: readonly string[];
  /**
   * Single instruments the prompt refuses that share a stem with others ("no timpani" keeps the
   * drums; "no orchestra" drops the timpani): their tracks are left out. Absent when none.
   */
  readonly instrumentsExcluded?: readonly string[];
  readonly curves: ParameterCurves;
  readonly endTick: Ticks;
  /** The prompt's main instrument ("main instrument piano"): it carries the melody. */
  readonly leadInstrument?: string;
  /** Leitmotifs of recurring characters/themes (absent when the script has none). */
  readonly leitmotifs?: readonly LeitmotifPlan[];
  /** The tempo solver's residuals. */
  readonly tempoSolution?: TempoSolution;
}

// ---------------------------------------------------------------- score

export type StemName = 'strings' | 'brass' | 'woodwinds' | 'percussion' | 'keys' | 'synths' | 'fx';

export interface NoteEvent {
  readonly tick: Ticks;
  readonly duration: Ticks;
  readonly pitch: number;
  /** 1..127 */
  readonly velocity: number;
}

export interface ControlEvent {
  readonly tick: Ticks;
  readonly controller: number;
  readonly value: number;
}

export interface Track {
  readonly name: string;
  readonly stem: StemName;
  /** General MIDI program 0..127. */
  readonly program: number;
  /** 0..15; 9 is GM percussion. */
  readonly channel: number;
  readonly notes: readonly NoteEvent[];
  readonly controls: readonly ControlEvent[];
}

export interface Marker {
  readonly tick: Ticks;
  readonly text: string;
}

export interface Score {
  readonly ppq: number;
  readonly tempoMap: readonly TempoPoint[];
  readonly meter: { readonly numerator: number; readonly denominator: number };
  readonly tracks: readonly Track[];
  readonly markers: readonly Marker[];
  readonly endTick: Ticks;
}

// ---------------------------------------------------------------- render / verify

export interface LoudnessMeasure {
  readonly integrated: Lufs;
  readonly truePeak: Decibels;
  readonly lra?: number;
}

export interface SyncEntry {
  readonly t: Seconds;
  readonly kind: string;
  readonly measuredT: Seconds | null;
  readonly errorMs: number | null;
  /** Which rendered audio this hit was measured on, when not the report's `measuredOn`. */
  readonly measuredOn?: string;
}

export interface SyncReport {
  /** Which rendered audio the onsets were measured on (the stem holding the impacts, or the mix). */
  readonly measuredOn: string;
  readonly globalOffsetMs: number;
  readonly hits: readonly SyncEntry[];
  readonly maxAbsErrorMs: number | null;
  readonly cuts: { readonly t: Seconds; readonly nearestHitMs: number | null }[];
}
