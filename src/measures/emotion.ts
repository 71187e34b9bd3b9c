/**
 * A rule-based estimate of the emotion a passage of music conveys — eq. 26's C_emo, here a
 * transparent rule set (no learned model). The rules are the cue–emotion associations that
 * recur across listening studies, as summarised by Gabrielsson & Lindström (2010, "The role
 * of structure in the musical expression of emotions", Handbook of Music and Emotion) and
 * Juslin & Laukka (2003):
 *
 *   feature (normalised to [−1, 1])                       arousal   valence
 *   fT  tempo:       (bpm − 100) / 40                       +0.35     +0.10   fast → active, slightly happier
 *   fL  loudness:    (L − 0.30) / 0.20, L = mean of         +0.35       —     loud → active
 *                    velocity × CC11 × CC7 (each /127)
 *   fD  onset density: log2(onsets/s ÷ 3) / 2              +0.20       —     many events → active
 *   fX  dissonance:  (roughness − 0.20) / 0.15             +0.10     −0.25   rough → tense, negative
 *   fM  mode:        ±1 (Krumhansl–Schmuckler), scaled by     —       +0.50   major → positive, minor → negative
 *                    the r margin over the other mode (÷0.05, ≤ 1)
 *   fR  register:    (mean pitch − 62) / 12                   —       +0.15   high → brighter/positive
 *
 *   arousal = clamp(0.35 fT + 0.35 fL + 0.20 fD + 0.10 fX)
 *   valence = clamp(0.50 fM + 0.15 fR − 0.25 fX + 0.10 fT)
 *
 * The weights are ours (chosen so that each feature's documented direction holds and the
 * strongest cues — tempo/loudness for arousal, mode for valence — dominate); they are not
 * fitted to listener data.
 */
import type { MeasureNote } from './notes.js';
import { findKey } from './key-finder.js';
import { meanRoughness } from './consonance.js';
import { onsetDensity } from './texture.js';

export interface MusicFeatures {
  readonly bpm: number;
  readonly loudness: number;
  readonly onsetsPerSecond: number;
  readonly roughness: number;
  readonly mode: 'major' | 'minor' | null;
  readonly modeMargin: number;
  readonly meanPitch: number;
}

export interface MusicEmotion {
  readonly v: number;
  readonly a: number;
  readonly features: MusicFeatures;
}

export interface TimeBase {
  readonly ppq: number;
  secondsAt(tick: number): number;
}

const clamp1 = (x: number): number => Math.max(-1, Math.min(1, x));

/** Features of the notes starting in [fromTick, toTick). */
export function musicFeatures(notes: readonly MeasureNote[], fromTick: number, toTick: number, time: TimeBase): MusicFeatures {
  const inside = notes.filter((n) => n.tick >= fromTick && n.tick < toTick);
  const pitchedNotes = inside.filter((n) => !n.drum);
  const secs = time.secondsAt(toTick) - time.secondsAt(fromTick);
  const bpm = secs > 0 ? ((toTick - fromTick) / time.ppq) / (secs / 60) : 0;
  const loudness = inside.length ? inside.reduce((s, n) => s + n.loudness, 0) / inside.length : 0;
  const key = findKey(pitchedNotes);
  let wp = 0, sp = 0;
  for (const n of pitchedNotes) { wp += n.duration; sp += n.duration * n.pitch; }
  return {
    bpm,
    loudness,
    onsetsPerSecond: onsetDensity(inside, fromTick, toTick, (t) => time.secondsAt(t)),
    roughness: meanRoughness(pitchedNotes.map((n) => ({ ...n, duration: Math.min(n.duration, toTick - n.tick) }))),
    mode: key ? key.mode : null,
    modeMargin: key ? key.r - key.otherModeR : 0,
    meanPitch: wp > 0 ? sp / wp : 60,
  };
}

/** The valence/arousal the rules above give for a set of features. */
export function emotionOfFeatures(f: MusicFeatures): { v: number; a: number } {
  const fT = clamp1((f.bpm - 100) / 40);
  const fL = clamp1((f.loudness - 0.3) / 0.2);
  const fD = f.onsetsPerSecond > 0 ? clamp1(Math.log2(f.onsetsPerSecond / 3) / 2) : -1;
  const fX = clamp1((f.roughness - 0.2) / 0.15);
  const fM = f.mode === null ? 0 : (f.mode === 'major' ? 1 : -1) * Math.min(1, Math.max(0, f.modeMargin) / 0.05);
  const fR = clamp1((f.meanPitch - 62) / 12);
  return {
    a: clamp1(0.35 * fT + 0.35 * fL + 0.2 * fD + 0.1 * fX),
    v: clamp1(0.5 * fM + 0.15 * fR - 0.25 * fX + 0.1 * fT),
  };
}

/** C_emo: the estimated valence/arousal of the notes in [fromTick, toTick), with the features. */
export function estimateEmotion(notes: readonly MeasureNote[], fromTick: number, toTick: number, time: TimeBase): MusicEmotion {
  const features = musicFeatures(notes, fromTick, toTick, time);
  return { ...emotionOfFeatures(features), features };
}
