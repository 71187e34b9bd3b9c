/**
 * Score → Standard MIDI File bytes (and a small reader for tests and the sync verifier),
 * through the `midi-file` package's writer/parser.
 *
 * Layout (DESIGN.md contract for score.mid): SMF type 1, division = score.ppq (960).
 * - Track 0, conductor: track name, time signature, one set-tempo per tempo point
 *   (usPerQuarter exactly), one marker per score marker, end of track.
 * - One track per Score track: track name, program change at tick 0, controllers, notes,
 *   end of track at score.endTick (or the last event, if later).
 *
 * Deterministic: events are sorted by a total order (tick; then note-offs, then controllers,
 * then note-ons; then pitch/controller number and value; then input order), so the same
 * Score gives identical bytes. Text (names, markers) is stored as UTF-8.
 */
import { parseMidi, writeMidi as writeSmf, type MidiData, type MidiEvent } from 'midi-file';
import type { ControlEvent, Marker, NoteEvent, Score, Track } from '../model/artifacts.js';

/** Name of the conductor track (track 0). */
export const CONDUCTOR_TRACK_NAME = 'Conductor';

/** A note as written to the file: integer ticks, velocity 1..127. */
export interface WrittenNote {
  readonly tick: number;
  readonly duration: number;
  readonly pitch: number;
  readonly velocity: number;
}

/** What {@link readMidiSummary} reports about one track with channel events. */
export interface MidiTrackSummary {
  readonly name: string;
  /** Channel of the track's first channel event, 0..15. */
  readonly channel: number;
  /** First program change, or null when the track has none. */
  readonly program: number | null;
  /** Notes sorted by tick, then pitch. */
  readonly notes: WrittenNote[];
  /** Controller events in file order. */
  readonly controls: { tick: number; controller: number; value: number }[];
}

/** The parts of an SMF the tests and the sync verifier need. Ticks are absolute. */
export interface MidiSummary {
  readonly format: number;
  readonly ppq: number;
  readonly meter: { numerator: number; denominator: number } | null;
  /** All set-tempo events of all tracks, by tick. */
  readonly tempos: { tick: number; usPerQuarter: number }[];
  /** All marker meta events of all tracks, by tick (stable). */
  readonly markers: { tick: number; text: string }[];
  /** Tracks that hold channel events (the conductor track is left out), in file order. */
  readonly tracks: MidiTrackSummary[];
  /** Tick of the latest end-of-track event. */
  readonly endTick: number;
}

// ------------------------------------------------------------------ helpers

/** UTF-8 bytes as a "binary string" (one char per byte): midi-file writes char codes as bytes. */
function utf8ToBinary(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Inverse of {@link utf8ToBinary}; bytes that are not UTF-8 are read as Latin-1. */
function binaryToText(binary: string): string {
  const bytes = Buffer.from(binary, 'latin1');
  const utf8 = bytes.toString('utf8');
  return utf8.includes('\uFFFD') && !binary.includes('\uFFFD') ? binary : utf8;
}

function checkInt(value: number, lo: number, hi: number, what: string): number {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new RangeError(`MIDI ${what} must be an integer ${lo}..${hi}, got ${value}`);
  }
  return value;
}

/** Round to the nearest integer and clamp into [lo, hi]. */
function roundClamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(value)));
}

function checkTick(tick: number, what: string): number {
  if (!Number.isFinite(tick) || tick < 0) throw new RangeError(`MIDI ${what} tick must be ≥ 0, got ${tick}`);
  return Math.round(tick);
}

/**
 * The notes of one track exactly as {@link writeMidi} writes them:
 * - ticks and durations rounded to integers (Score ticks may be fractional), each note at
 *   least 1 tick long; velocity rounded and clamped to 1..127; pitch must be 0..127;
 * - same-pitch overlaps resolved so note-on/off pairs are unambiguous: notes starting on the
 *   same tick merge (longest duration, loudest velocity), and an earlier note is cut where
 *   a later one of the same pitch starts.
 * Returned sorted by tick, then pitch.
 */
export function prepareTrackNotes(notes: readonly NoteEvent[]): WrittenNote[] {
  const rounded = notes.map((n, i) => {
    checkInt(n.pitch, 0, 127, `pitch (note ${i})`);
    const tick = checkTick(n.tick, `note ${i}`);
    if (!(n.duration > 0)) throw new RangeError(`note ${i}: duration must be > 0, got ${n.duration}`);
    const end = Math.max(tick + 1, Math.round(n.tick + n.duration));
    return { tick, end, pitch: n.pitch, velocity: roundClamp(n.velocity, 1, 127) };
  });
  rounded.sort((a, b) => a.pitch - b.pitch || a.tick - b.tick);
  const out: WrittenNote[] = [];
  let i = 0;
  while (i < rounded.length) {
    // Group the notes of one pitch starting on one tick: merge them.
    const { pitch, tick } = rounded[i];
    let end = 0;
    let velocity = 0;
    for (; i < rounded.length && rounded[i].pitch === pitch && rounded[i].tick === tick; i++) {
      end = Math.max(end, rounded[i].end);
      velocity = Math.max(velocity, rounded[i].velocity);
    }
    // Cut where the next note of the same pitch starts.
    if (i < rounded.length && rounded[i].pitch === pitch) end = Math.min(end, rounded[i].tick);
    out.push({ tick, duration: end - tick, pitch, velocity });
  }
  return out.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
}

/** A MIDI event without its delta time (distributes over the event union). */
type EventBody = MidiEvent extends infer E ? (E extends MidiEvent ? Omit<E, 'deltaTime'> : never) : never;

/** An event at an absolute tick with a sort key; converted to delta times at the end. */
interface Timed {
  readonly tick: number;
  /** Order among events on one tick: 0 meta/program, 1 note-off, 2 controller, 3 note-on. */
  readonly rank: number;
  /** Secondary keys (pitch, controller number, value …). */
  readonly keys: readonly number[];
  readonly seq: number;
  readonly event: EventBody;
}

function compareTimed(a: Timed, b: Timed): number {
  if (a.tick !== b.tick) return a.tick - b.tick;
  if (a.rank !== b.rank) return a.rank - b.rank;
  for (let i = 0; i < Math.min(a.keys.length, b.keys.length); i++) {
    if (a.keys[i] !== b.keys[i]) return a.keys[i] - b.keys[i];
  }
  return a.seq - b.seq;
}

/** Sorts, converts to delta times and appends end of track at max(endTick, last event). */
function finishTrack(events: Timed[], endTick: number): MidiEvent[] {
  const sorted = [...events].sort(compareTimed);
  const out: MidiEvent[] = [];
  let last = 0;
  for (const e of sorted) {
    out.push({ ...e.event, deltaTime: e.tick - last } as MidiEvent);
    last = e.tick;
  }
  out.push({ deltaTime: Math.max(0, endTick - last), meta: true, type: 'endOfTrack' });
  return out;
}

function conductorTrack(score: Score, endTick: number): MidiEvent[] {
  const events: Timed[] = [];
  let seq = 0;
  const meta = (tick: number, rank: number, event: EventBody): void => {
    events.push({ tick, rank, keys: [], seq: seq++, event });
  };
  meta(0, 0, { meta: true, type: 'trackName', text: utf8ToBinary(CONDUCTOR_TRACK_NAME) });
  const { numerator, denominator } = score.meter;
  checkInt(numerator, 1, 255, 'time signature numerator');
  if (![1, 2, 4, 8, 16, 32, 64].includes(denominator)) throw new RangeError(`time signature denominator ${denominator} is not a power of two 1..64`);
  // metronome: MIDI clocks (24 per quarter) per beat of the meter's denominator.
  meta(0, 0, { meta: true, type: 'timeSignature', numerator, denominator, metronome: 96 / denominator, thirtyseconds: 8 });
  if (score.tempoMap.length === 0 || score.tempoMap[0].tick !== 0) {
    throw new RangeError('score tempo map must start with a tempo at tick 0');
  }
  for (const [i, p] of score.tempoMap.entries()) {
    checkInt(p.usPerQuarter, 1, 0xffffff, `tempo ${i} usPerQuarter`);
    meta(checkTick(p.tick, `tempo ${i}`), 1, { meta: true, type: 'setTempo', microsecondsPerBeat: p.usPerQuarter });
  }
  score.markers.forEach((m: Marker, i) => {
    meta(checkTick(m.tick, `marker ${i}`), 2, { meta: true, type: 'marker', text: utf8ToBinary(m.text) });
  });
  return finishTrack(events, endTick);
}

function instrumentTrack(track: Track, endTick: number): MidiEvent[] {
  const channel = checkInt(track.channel, 0, 15, `channel of track "${track.name}"`);
  const program = checkInt(track.program, 0, 127, `program of track "${track.name}"`);
  const events: Timed[] = [];
  let seq = 0;
  const add = (tick: number, rank: number, keys: number[], event: EventBody): void => {
    events.push({ tick, rank, keys, seq: seq++, event });
  };
  add(0, 0, [0], { meta: true, type: 'trackName', text: utf8ToBinary(track.name) });
  add(0, 0, [1], { type: 'programChange', channel, programNumber: program });
  track.controls.forEach((c: ControlEvent, i) => {
    const controller = checkInt(c.controller, 0, 127, `controller number (control ${i} of "${track.name}")`);
    const value = roundClamp(c.value, 0, 127);
    add(checkTick(c.tick, `control ${i}`), 2, [controller, value], { type: 'controller', channel, controllerType: controller, value });
  });
  for (const n of prepareTrackNotes(track.notes)) {
    add(n.tick, 3, [n.pitch, n.velocity], { type: 'noteOn', channel, noteNumber: n.pitch, velocity: n.velocity });
    add(n.tick + n.duration, 1, [n.pitch], { type: 'noteOff', channel, noteNumber: n.pitch, velocity: 0 });
  }
  return finishTrack(events, endTick);
}

// ------------------------------------------------------------------ API

/**
 * Score → SMF type 1 bytes. Division is `score.ppq` (1..32767; filmscore uses PPQ 960).
 * Fractional ticks are rounded to the nearest tick; controller values and velocities are
 * rounded and clamped into MIDI range; pitches, channels, programs, controller numbers and
 * tempos out of range are a RangeError (a composer bug, not user input).
 * Same Score ⇒ identical bytes.
 */
export function writeMidi(score: Score): Uint8Array {
  checkInt(score.ppq, 1, 0x7fff, 'ppq');
  const endTick = checkTick(score.endTick, 'end');
  const data: MidiData = {
    header: { format: 1, numTracks: score.tracks.length + 1, ticksPerBeat: score.ppq },
    tracks: [conductorTrack(score, endTick), ...score.tracks.map((t) => instrumentTrack(t, endTick))],
  };
  return Uint8Array.from(writeSmf(data, { running: true }));
}

/**
 * Parses SMF bytes (any type 0/1 file with a PPQ division) into a summary with absolute
 * ticks. Note-ons with velocity 0 count as note-offs; notes pair first-in-first-out per
 * channel and pitch; a note still sounding at end of track ends there.
 * Throws an Error when the bytes are not a MIDI file or use SMPTE time division.
 */
export function readMidiSummary(bytes: Uint8Array): MidiSummary {
  const midi = parseMidi(bytes);
  const ppq = midi.header.ticksPerBeat;
  if (ppq === undefined) throw new Error('MIDI file uses SMPTE time division, not ticks per quarter');
  const tempos: { tick: number; usPerQuarter: number }[] = [];
  const markers: { tick: number; text: string }[] = [];
  const tracks: MidiTrackSummary[] = [];
  let meter: MidiSummary['meter'] = null;
  let endTick = 0;

  for (const events of midi.tracks) {
    let tick = 0;
    let name = '';
    let channel: number | null = null;
    let program: number | null = null;
    const notes: WrittenNote[] = [];
    const controls: { tick: number; controller: number; value: number }[] = [];
    const sounding = new Map<number, { tick: number; velocity: number }[]>();
    const release = (ch: number, pitch: number, at: number): void => {
      const queue = sounding.get(ch * 128 + pitch);
      const on = queue?.shift();
      if (on) notes.push({ tick: on.tick, duration: at - on.tick, pitch, velocity: on.velocity });
    };
    for (const e of events) {
      tick += e.deltaTime;
      switch (e.type) {
        case 'trackName':
          if (name === '') name = binaryToText(e.text);
          break;
        case 'setTempo':
          tempos.push({ tick, usPerQuarter: e.microsecondsPerBeat });
          break;
        case 'marker':
          markers.push({ tick, text: binaryToText(e.text) });
          break;
        case 'timeSignature':
          meter ??= { numerator: e.numerator, denominator: e.denominator };
          break;
        case 'endOfTrack':
          endTick = Math.max(endTick, tick);
          break;
        case 'noteOn':
        case 'noteOff':
        case 'controller':
        case 'programChange':
        case 'pitchBend':
        case 'channelAftertouch':
        case 'noteAftertouch': {
          channel ??= e.channel;
          if (e.type === 'programChange') program ??= e.programNumber;
          else if (e.type === 'controller') controls.push({ tick, controller: e.controllerType, value: e.value });
          else if (e.type === 'noteOn' && e.velocity > 0) {
            const key = e.channel * 128 + e.noteNumber;
            const queue = sounding.get(key) ?? [];
            queue.push({ tick, velocity: e.velocity });
            sounding.set(key, queue);
          } else if (e.type === 'noteOn' || e.type === 'noteOff') release(e.channel, e.noteNumber, tick);
          break;
        }
        default:
          break;
      }
    }
    for (const key of [...sounding.keys()]) {
      while ((sounding.get(key) ?? []).length > 0) release(Math.floor(key / 128), key % 128, tick);
    }
    if (channel !== null) {
      notes.sort((a, b) => a.tick - b.tick || a.pitch - b.pitch);
      tracks.push({ name, channel, program, notes, controls });
    }
  }
  tempos.sort((a, b) => a.tick - b.tick);
  markers.sort((a, b) => a.tick - b.tick);
  return { format: midi.header.format, ppq, meter, tempos, markers, tracks, endTick };
}
