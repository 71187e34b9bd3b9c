/**
 * Units used across filmscore. Each unit is a branded number: the compiler tells
 * `Seconds` from `Ticks`, while the value stays a plain number in JSON.
 *
 * One clock (DESIGN.md): the film timeline is `Seconds` from the first displayed
 * frame; musical time is `Ticks` (PPQ 960) converted only through a tempo map;
 * `Samples` exist only inside the renderer.
 */
declare const unitBrand: unique symbol;
export type Unit<B extends string> = number & { readonly [unitBrand]: B };

/** Film-timeline time, float64 seconds from the first displayed frame. */
export type Seconds = Unit<'Seconds'>;
/** Milliseconds (only for reporting errors and durations to people). */
export type Milliseconds = Unit<'Milliseconds'>;
/** MIDI ticks; PPQ is {@link PPQ}. May be fractional before quantisation. */
export type Ticks = Unit<'Ticks'>;
/** Beats per minute (quarter notes per minute). */
export type Bpm = Unit<'Bpm'>;
/** Sample index or count at the renderer's rate. */
export type Samples = Unit<'Samples'>;
/** Frequency. */
export type Hertz = Unit<'Hertz'>;
/** Level ratio in decibels. */
export type Decibels = Unit<'Decibels'>;
/** Loudness in LUFS (ITU-R BS.1770 / EBU R128). */
export type Lufs = Unit<'Lufs'>;
/** MIDI note number 0..127. */
export type MidiNote = Unit<'MidiNote'>;

export const seconds = (n: number): Seconds => n as Seconds;
export const milliseconds = (n: number): Milliseconds => n as Milliseconds;
export const ticks = (n: number): Ticks => n as Ticks;
export const bpm = (n: number): Bpm => n as Bpm;
export const samples = (n: number): Samples => n as Samples;
export const hertz = (n: number): Hertz => n as Hertz;
export const decibels = (n: number): Decibels => n as Decibels;
export const lufs = (n: number): Lufs => n as Lufs;
export const midiNote = (n: number): MidiNote => n as MidiNote;

/** Pulses per quarter note used in every score and MIDI file. */
export const PPQ = 960;
/** Internal and delivery sample rate of the renderer. */
export const SAMPLE_RATE = 48000;

/** Decibels → linear amplitude ratio. */
export function dbToGain(db: Decibels | number): number {
  return Math.pow(10, db / 20);
}
/** Linear amplitude ratio → decibels (−Infinity for 0). */
export function gainToDb(gain: number): Decibels {
  return decibels(20 * Math.log10(gain));
}
/** MIDI note → frequency, eq. 43: f(p) = 440 · 2^((p−69)/12). */
export function midiToHz(note: number): Hertz {
  return hertz(440 * Math.pow(2, (note - 69) / 12));
}
/** Seconds → sample index at a rate (rounded to the nearest sample). */
export function secondsToSamples(t: Seconds, rate: number = SAMPLE_RATE): Samples {
  return samples(Math.round(t * rate));
}
/** Sample index → seconds. */
export function samplesToSeconds(n: Samples | number, rate: number = SAMPLE_RATE): Seconds {
  return seconds(n / rate);
}
