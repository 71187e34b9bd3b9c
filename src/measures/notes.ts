/**
 * The note view every music measure reads: absolute ticks, a drum flag, and the loudness a
 * listener hears (velocity × CC11 expression × CC7 volume, each /127). Built from a Score
 * or from a MIDI summary (what was actually written), so tests can measure the file itself.
 */
import type { Score } from '../model/artifacts.js';
import type { MidiSummary } from '../compose/midi-writer.js';

export interface MeasureNote {
  readonly tick: number;
  readonly duration: number;
  readonly pitch: number;
  readonly velocity: number;
  /** True for GM percussion (channel 9): left out of pitch measures. */
  readonly drum: boolean;
  /** Track name the note came from. */
  readonly track: string;
  /** velocity/127 × expression/127 × volume/127 at the note's start, 0..1. */
  readonly loudness: number;
}

interface ControlLike { readonly tick: number; readonly controller: number; readonly value: number }
interface NoteLike { readonly tick: number; readonly duration: number; readonly pitch: number; readonly velocity: number }

/** Value of `controller` in force at `tick` (events in any order), or `fallback`. */
export function controllerAt(controls: readonly ControlLike[], controller: number, tick: number, fallback: number): number {
  let best = -1;
  let value = fallback;
  for (const c of controls) if (c.controller === controller && c.tick <= tick && c.tick >= best) { best = c.tick; value = c.value; }
  return value;
}

function fromTracks(tracks: readonly { name: string; channel: number; notes: readonly NoteLike[]; controls: readonly ControlLike[] }[]): MeasureNote[] {
  const out: MeasureNote[] = [];
  for (const tr of tracks) {
    // Controllers sorted once; a moving pointer gives CC7/CC11 at each note start.
    const cc = [...tr.controls].filter((c) => c.controller === 7 || c.controller === 11).sort((a, b) => a.tick - b.tick);
    const notes = [...tr.notes].sort((a, b) => a.tick - b.tick);
    let k = 0;
    let vol = 100;
    let expr = 127;
    for (const n of notes) {
      while (k < cc.length && cc[k].tick <= n.tick) {
        if (cc[k].controller === 7) vol = cc[k].value; else expr = cc[k].value;
        k++;
      }
      out.push({
        tick: n.tick, duration: n.duration, pitch: n.pitch, velocity: n.velocity, drum: tr.channel === 9, track: tr.name,
        loudness: (n.velocity / 127) * (expr / 127) * (vol / 127),
      });
    }
  }
  return out.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
}

/** Notes of a composed Score. */
export function notesOfScore(score: Score): MeasureNote[] {
  return fromTracks(score.tracks);
}

/** Notes of a MIDI file as read back by readMidiSummary. */
export function notesOfMidi(summary: MidiSummary): MeasureNote[] {
  return fromTracks(summary.tracks);
}

/** Notes starting inside [fromTick, toTick). */
export function notesBetween<T extends { tick: number }>(notes: readonly T[], fromTick: number, toTick: number): T[] {
  return notes.filter((n) => n.tick >= fromTick && n.tick < toTick);
}

/** Pitched notes only (drums left out). */
export function pitched(notes: readonly MeasureNote[]): MeasureNote[] {
  return notes.filter((n) => !n.drum);
}
