/**
 * Placing script lines on the timeline. Subtitles keep their own times. Untimed scripts
 * (screenplays, plain text) get a first, simple placement: dialogue lines are laid over the
 * detected speech in order, each taking a share of the speech time proportional to its
 * length in characters; with no speech, all lines are spread over the scene by length.
 * (Alignment by dynamic time warping, eq. 7, is the text issue's deeper version.)
 */
import type { ScriptLine, SpeechSegment } from '../../model/artifacts.js';
import { seconds, type Seconds } from '../../model/units.js';

export interface PlacedLine extends ScriptLine {
  readonly start: Seconds;
  readonly end: Seconds;
}

/** Times for every line; lines with times keep them (clamped to the scene). */
export function placeLines(lines: readonly ScriptLine[], speech: readonly SpeechSegment[], duration: number): { lines: PlacedLine[]; method: 'timed' | 'speech' | 'length' } {
  if (lines.length === 0) return { lines: [], method: 'timed' };
  if (lines.every((l) => l.start !== undefined && l.end !== undefined)) {
    return { lines: lines.map((l) => ({ ...l, start: l.start!, end: l.end! })), method: 'timed' };
  }
  const weight = (l: ScriptLine): number => Math.max(8, l.text.length);
  const speechTotal = speech.reduce((s, x) => s + (x.end - x.start), 0);
  const useSpeech = speechTotal > 1;
  // Map a cumulative fraction f ∈ [0,1] to a time: over speech segments, or over the whole scene.
  const at = (f: number): number => {
    if (!useSpeech) return f * duration;
    let left = f * speechTotal;
    for (const s of speech) {
      const len = s.end - s.start;
      if (left <= len) return s.start + left;
      left -= len;
    }
    return speech[speech.length - 1]!.end;
  };
  const total = lines.reduce((s, l) => s + weight(l), 0);
  let acc = 0;
  const placed = lines.map((l) => {
    const f0 = acc / total;
    acc += weight(l);
    const f1 = acc / total;
    const start = at(f0), end = Math.max(start + 0.2, at(f1));
    return { ...l, start: seconds(round3(start)), end: seconds(round3(Math.min(duration, end))) };
  });
  return { lines: placed, method: useSpeech ? 'speech' : 'length' };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
