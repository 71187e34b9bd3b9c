/**
 * Orchestration: style presets that map the composer's parts (roles) to named tracks with
 * a stem, a General MIDI program (0-based), a unique channel (9 = GM percussion) and a
 * register, plus the style's playing habits (drum kit, pulse figure, seventh chords).
 * Track selection obeys the plan's instrumentation list (stem names the prompt allows).
 */
import type { StemName } from '../model/artifacts.js';
import { UserInputError } from '../model/errors.js';
import type { PartRole } from './context.js';

export interface TrackSpec {
  readonly name: string;
  readonly stem: StemName;
  /** General MIDI program 0..127 (on channel 9: the drum kit, 0 standard, 40 brush, 48 orchestral). */
  readonly program: number;
  /** 0..15, unique inside a preset; 9 only for drum tracks. */
  readonly channel: number;
  readonly roles: readonly PartRole[];
  /** Playable register (MIDI, inclusive); notes outside are folded in by octaves. */
  readonly register: readonly [number, number];
  /** Velocity multiplier (balance). */
  readonly gain?: number;
  /** CC7 channel volume 0..127. */
  readonly volume?: number;
  /** CC10 pan 0..127 (64 centre). */
  readonly pan?: number;
  /** CC91 reverb send 0..127. */
  readonly reverb?: number;
  /** Plays only in sections with at least this energy (an optional doubling). */
  readonly minEnergy?: number;
}

export type DrumKit = 'kit' | 'orchestral' | 'brushes' | 'electronic';
export type PulseFigure = 'ostinato' | 'arpeggio' | 'pizzicato' | 'broken';

export interface StylePreset {
  readonly name: string;
  readonly tracks: readonly TrackSpec[];
  readonly drumKit: DrumKit;
  /** Whether the drum track plays grooves (false: only hits, fills and section accents). */
  readonly groove: boolean;
  readonly pulse: PulseFigure;
  /** Section energy from which the pulse plays (eighths; sixteenths from 0.8). */
  readonly pulseFromEnergy: number;
  readonly sevenths: boolean;
  readonly jazz: boolean;
  /** Walking bass (quarter notes with chromatic approach). */
  readonly walkingBass: boolean;
  /** Bass holds each chord's root whatever the energy (no driving figure). */
  readonly sustainedBass?: boolean;
  /** Pad plays short comping hits instead of sustained chords. */
  readonly comp: boolean;
  /** Humanisation: timing spread (ticks, ±) and velocity spread (±). */
  readonly humanizeTicks: number;
  readonly humanizeVelocity: number;
  /** Melody probability per phrase (0..1): lower = sparser. */
  readonly melodyDensity: number;
  /** Register of the pad voicings (MIDI, inclusive). */
  readonly padRegister: readonly [number, number];
}

/**
 * No mud below C3: below MIDI 48 only the bass line and what reinforces it sound — the bass
 * role, drones (a drone's open fifth), timpani, sub impacts and the low brass (root and fifth
 * doubling the harmony's foundation). Pad voicings, pulse figures, melody, leitmotifs and
 * risers stay at or above C3 whatever the track's register (the composer folds them up).
 */
export const NO_MUD_BELOW = 48;

const BASS: readonly [number, number] = [28, 55];
const PAD: readonly [number, number] = [40, 84];
const MELODY: readonly [number, number] = [60, 96];
const DRUMS: readonly [number, number] = [27, 87];

const base = {
  drumKit: 'kit' as DrumKit,
  groove: true,
  pulse: 'ostinato' as PulseFigure,
  pulseFromEnergy: 0.55,
  sevenths: false,
  jazz: false,
  walkingBass: false,
  comp: false,
  humanizeTicks: 8,
  humanizeVelocity: 6,
  melodyDensity: 0.85,
  padRegister: [50, 76] as readonly [number, number],
};

/** The style presets (GM programs are 0-based). */
export const STYLE_PRESETS: Readonly<Record<string, StylePreset>> = {
  hybrid: {
    ...base,
    name: 'hybrid',
    tracks: [
      { name: 'Strings', stem: 'strings', program: 48, channel: 0, roles: ['pad'], register: PAD, pan: 50, reverb: 70 },
      { name: 'String Ostinato', stem: 'strings', program: 48, channel: 1, roles: ['pulse'], register: [43, 84], pan: 78, gain: 0.9, reverb: 50 },
      { name: 'Synth Bass', stem: 'synths', program: 38, channel: 2, roles: ['bass'], register: BASS, gain: 0.95, reverb: 10 },
      { name: 'Synth Pad', stem: 'synths', program: 89, channel: 3, roles: ['pad'], register: [28, 84], gain: 0.75, reverb: 80 },
      { name: 'Brass', stem: 'brass', program: 61, channel: 4, roles: ['brass'], register: [36, 76], pan: 72, reverb: 70 },
      { name: 'Horn', stem: 'brass', program: 60, channel: 5, roles: ['melody'], register: [55, 89], pan: 40, reverb: 75 },
      { name: 'Timpani', stem: 'percussion', program: 47, channel: 6, roles: ['timpani'], register: [38, 57], reverb: 60 },
      { name: 'Drums', stem: 'percussion', program: 0, channel: 9, roles: ['drums'], register: DRUMS, reverb: 40 },
      { name: 'Riser', stem: 'fx', program: 119, channel: 7, roles: ['riser'], register: [48, 84], gain: 0.9, reverb: 90 },
      { name: 'Impact', stem: 'fx', program: 116, channel: 8, roles: ['impact'], register: [28, 60], reverb: 80 },
    ],
  },
  orchestral: {
    ...base,
    name: 'orchestral',
    drumKit: 'orchestral',
    groove: false,
    tracks: [
      { name: 'Strings', stem: 'strings', program: 48, channel: 0, roles: ['pad'], register: PAD, pan: 54, reverb: 75 },
      { name: 'Cellos', stem: 'strings', program: 42, channel: 1, roles: ['pulse'], register: [36, 72], pan: 84, reverb: 60 },
      { name: 'Contrabass', stem: 'strings', program: 43, channel: 2, roles: ['bass'], register: BASS, pan: 90, reverb: 60 },
      { name: 'French Horns', stem: 'brass', program: 60, channel: 3, roles: ['brass'], register: [34, 77], pan: 44, reverb: 80 },
      { name: 'Flute', stem: 'woodwinds', program: 73, channel: 4, roles: ['melody'], register: [60, 96], pan: 60, reverb: 75 },
      { name: 'Timpani', stem: 'percussion', program: 47, channel: 5, roles: ['timpani'], register: [38, 57], reverb: 70 },
      { name: 'Orchestral Percussion', stem: 'percussion', program: 48, channel: 9, roles: ['drums'], register: DRUMS, reverb: 80 },
    ],
  },
  ambient: {
    ...base,
    name: 'ambient',
    sustainedBass: true,
    pulse: 'arpeggio',
    pulseFromEnergy: 2,
    melodyDensity: 0.5,
    humanizeTicks: 12,
    padRegister: [48, 74],
    tracks: [
      { name: 'Warm Pad', stem: 'synths', program: 89, channel: 0, roles: ['pad'], register: [28, 84], reverb: 100 },
      { name: 'Halo Pad', stem: 'synths', program: 94, channel: 1, roles: ['melody'], register: MELODY, gain: 0.75, reverb: 110 },
      { name: 'Low Strings', stem: 'strings', program: 49, channel: 2, roles: ['bass'], register: BASS, gain: 0.85, reverb: 90 },
      { name: 'Low Boom', stem: 'percussion', program: 47, channel: 3, roles: ['timpani'], register: [36, 57], gain: 0.8, reverb: 110 },
      { name: 'Riser', stem: 'fx', program: 119, channel: 4, roles: ['riser'], register: [48, 84], gain: 0.8, reverb: 110 },
    ],
  },
  electronic: {
    ...base,
    name: 'electronic',
    drumKit: 'electronic',
    pulse: 'arpeggio',
    humanizeTicks: 2,
    humanizeVelocity: 4,
    tracks: [
      { name: 'Synth Bass', stem: 'synths', program: 38, channel: 0, roles: ['bass'], register: BASS, reverb: 10 },
      { name: 'Saw Lead', stem: 'synths', program: 81, channel: 1, roles: ['melody'], register: MELODY, gain: 0.8, reverb: 60 },
      { name: 'Synth Pad', stem: 'synths', program: 88, channel: 2, roles: ['pad'], register: [28, 84], gain: 0.8, reverb: 90 },
      { name: 'Arp', stem: 'synths', program: 80, channel: 3, roles: ['pulse'], register: [48, 84], gain: 0.7, pan: 80, reverb: 50 },
      { name: 'Synth Brass', stem: 'synths', program: 62, channel: 4, roles: ['brass'], register: [36, 76], gain: 0.85, reverb: 60 },
      { name: 'Drums', stem: 'percussion', program: 0, channel: 9, roles: ['drums'], register: DRUMS, reverb: 30 },
      { name: 'Riser', stem: 'fx', program: 119, channel: 5, roles: ['riser'], register: [48, 84], gain: 0.9, reverb: 80 },
      { name: 'Synth Impact', stem: 'fx', program: 118, channel: 6, roles: ['impact'], register: [28, 60], reverb: 60 },
    ],
  },
  piano: {
    ...base,
    name: 'piano',
    pulse: 'broken',
    pulseFromEnergy: 0.35,
    humanizeTicks: 10,
    tracks: [
      { name: 'Piano', stem: 'keys', program: 0, channel: 0, roles: ['bass', 'pad', 'pulse', 'melody'], register: [28, 100], reverb: 60 },
      { name: 'Soft Strings', stem: 'strings', program: 48, channel: 1, roles: ['pad'], register: PAD, gain: 0.6, minEnergy: 0.45, reverb: 90 },
    ],
  },
  strings: {
    ...base,
    name: 'strings',
    groove: false,
    tracks: [
      { name: 'Violins', stem: 'strings', program: 40, channel: 0, roles: ['melody'], register: [55, 96], pan: 40, reverb: 75 },
      { name: 'Violas', stem: 'strings', program: 41, channel: 1, roles: ['pad'], register: [48, 84], pan: 70, reverb: 75 },
      { name: 'Cellos', stem: 'strings', program: 42, channel: 2, roles: ['pulse'], register: [36, 72], pan: 84, reverb: 70 },
      { name: 'Contrabasses', stem: 'strings', program: 43, channel: 3, roles: ['bass'], register: BASS, pan: 96, reverb: 70 },
    ],
  },
  jazz: {
    ...base,
    name: 'jazz',
    drumKit: 'brushes',
    sevenths: true,
    jazz: true,
    walkingBass: true,
    comp: true,
    pulseFromEnergy: 2,
    humanizeTicks: 14,
    tracks: [
      { name: 'Upright Bass', stem: 'strings', program: 32, channel: 0, roles: ['bass'], register: BASS, pan: 56, reverb: 40 },
      { name: 'Piano', stem: 'keys', program: 0, channel: 1, roles: ['pad'], register: PAD, pan: 44, reverb: 50 },
      { name: 'Muted Trumpet', stem: 'brass', program: 59, channel: 2, roles: ['melody'], register: [52, 86], pan: 70, reverb: 60 },
      { name: 'Brushes', stem: 'percussion', program: 40, channel: 9, roles: ['drums'], register: DRUMS, gain: 0.8, reverb: 40 },
    ],
  },
  suspense: {
    ...base,
    name: 'suspense',
    drumKit: 'orchestral',
    groove: false,
    sustainedBass: true,
    pulse: 'pizzicato',
    pulseFromEnergy: 0.3,
    melodyDensity: 0.35,
    padRegister: [48, 70],
    tracks: [
      { name: 'Low Tremolo Strings', stem: 'strings', program: 44, channel: 0, roles: ['pad', 'bass'], register: [28, 72], reverb: 90 },
      { name: 'Pizzicato', stem: 'strings', program: 45, channel: 1, roles: ['pulse', 'melody'], register: [40, 84], pan: 80, reverb: 80 },
      { name: 'Timpani', stem: 'percussion', program: 47, channel: 2, roles: ['timpani'], register: [38, 57], reverb: 90 },
      { name: 'Percussion', stem: 'percussion', program: 48, channel: 9, roles: ['drums'], register: DRUMS, gain: 0.8, reverb: 90 },
      { name: 'Riser', stem: 'fx', program: 119, channel: 3, roles: ['riser'], register: [48, 84], gain: 0.8, reverb: 100 },
      { name: 'Impact', stem: 'fx', program: 116, channel: 4, roles: ['impact'], register: [28, 60], gain: 0.9, reverb: 100 },
    ],
  },
};

/** Names of the known styles. */
export const STYLE_NAMES: readonly string[] = Object.keys(STYLE_PRESETS);

/**
 * The preset for a style name (case-insensitive; '' means 'hybrid').
 * Throws UserInputError (field 'style') for an unknown style.
 */
export function stylePreset(style: string): StylePreset {
  const key = style.trim().toLowerCase() || 'hybrid';
  const p = STYLE_PRESETS[key];
  if (!p) throw new UserInputError(`unknown style '${style}'; known styles: ${STYLE_NAMES.join(', ')}`, { field: 'style' });
  return p;
}

const lowerWords = (t: TrackSpec): string[] => [t.stem, ...t.name.toLowerCase().split(/\s+/), t.name.toLowerCase()];

/**
 * The preset's tracks allowed by an instrumentation list (stem or instrument names).
 * An empty list allows every track. Percussion tracks need 'percussion' (or their own name,
 * e.g. 'timpani', 'drums'); other tracks are kept when named, and if the list names none
 * of the style's pitched tracks, all of them stay (the style decides). Roles 'bass' and
 * 'pad' dropped with their tracks move to the lowest / first remaining pitched track.
 * `excluded`: instrument words whose tracks go whatever the list says (a timpani-role track
 * counts as 'timpani').
 */
export function selectTracks(preset: StylePreset, instrumentation: readonly string[], excluded: readonly string[] = []): TrackSpec[] {
  const out = new Set(excluded.map((w) => w.trim().toLowerCase()));
  if (out.size) preset = { ...preset, tracks: preset.tracks.filter((t) => !lowerWords(t).some((w) => out.has(w)) && !t.roles.some((r) => out.has(r))) };
  const wanted = new Set(instrumentation.map((w) => w.trim().toLowerCase()));
  if (wanted.has('drums')) wanted.add('percussion');
  const named = (t: TrackSpec): boolean => wanted.size === 0 || lowerWords(t).some((w) => wanted.has(w));
  const pitched = preset.tracks.filter((t) => t.stem !== 'percussion');
  let keptPitched = pitched.filter(named);
  if (keptPitched.length === 0) keptPitched = pitched;
  const kept = preset.tracks.filter((t) => (t.stem === 'percussion' ? named(t) : keptPitched.includes(t)));
  const has = (r: PartRole): boolean => kept.some((t) => t.roles.includes(r));
  const extra = new Map<TrackSpec, PartRole[]>();
  const cover = (role: PartRole, pick: (ts: TrackSpec[]) => TrackSpec | undefined): void => {
    if (has(role) || !preset.tracks.some((t) => t.roles.includes(role))) return;
    const target = pick(kept.filter((t) => t.stem !== 'percussion' && t.minEnergy === undefined));
    if (target) extra.set(target, [...(extra.get(target) ?? []), role]);
  };
  cover('bass', (ts) => [...ts].sort((a, b) => a.register[0] - b.register[0])[0]);
  cover('pad', (ts) => ts[0]);
  return kept.map((t) => (extra.has(t) ? { ...t, roles: [...t.roles, ...extra.get(t)!] } : t));
}

/** Instruments a prompt may name as its main instrument: GM program, stem, melodic register. */
export const LEAD_INSTRUMENTS: Readonly<Record<string, { readonly name: string; readonly program: number; readonly stem: StemName; readonly register: readonly [number, number] }>> = {
  piano: { name: 'Lead Piano', program: 0, stem: 'keys', register: [55, 96] },
  violin: { name: 'Solo Violin', program: 40, stem: 'strings', register: [55, 96] },
  viola: { name: 'Solo Viola', program: 41, stem: 'strings', register: [48, 84] },
  cello: { name: 'Solo Cello', program: 42, stem: 'strings', register: [43, 79] },
  flute: { name: 'Solo Flute', program: 73, stem: 'woodwinds', register: [60, 96] },
  oboe: { name: 'Solo Oboe', program: 68, stem: 'woodwinds', register: [58, 91] },
  clarinet: { name: 'Solo Clarinet', program: 71, stem: 'woodwinds', register: [50, 91] },
  saxophone: { name: 'Tenor Sax', program: 66, stem: 'woodwinds', register: [48, 80] },
  trumpet: { name: 'Solo Trumpet', program: 56, stem: 'brass', register: [55, 84] },
  horn: { name: 'Solo Horn', program: 60, stem: 'brass', register: [48, 79] },
  guitar: { name: 'Guitar', program: 24, stem: 'strings', register: [45, 84] },
  harp: { name: 'Harp', program: 46, stem: 'strings', register: [48, 96] },
  synth: { name: 'Lead Synth', program: 81, stem: 'synths', register: [55, 96] },
  celesta: { name: 'Celesta', program: 8, stem: 'keys', register: [60, 96] },
};

/**
 * Give the melody to the prompt's main instrument: a chosen track of that instrument takes the
 * 'melody' role (e.g. jazz's Piano), or a solo track is added on a free channel; no other track
 * keeps the melody. Unknown instruments change nothing.
 */
export function applyLead(tracks: readonly TrackSpec[], lead: string | undefined): TrackSpec[] {
  const key = lead?.trim().toLowerCase().replace(/s$/, '');
  const spec = key ? LEAD_INSTRUMENTS[key] : undefined;
  if (!key || !spec) return [...tracks];
  const matches = (t: TrackSpec): boolean => t.stem !== 'percussion' && t.name.toLowerCase().split(/\s+/).some((w) => w.replace(/s$/, '') === key);
  const without = (t: TrackSpec): TrackSpec => ({ ...t, roles: t.roles.filter((r) => r !== 'melody') });
  const found = tracks.find(matches);
  if (found) return tracks.map((t) => (t === found ? { ...t, roles: t.roles.includes('melody') ? t.roles : [...t.roles, 'melody'] } : without(t)));
  const used = new Set(tracks.map((t) => t.channel));
  let channel = 0;
  while (used.has(channel) || channel === 9) channel++;
  const solo: TrackSpec = { name: spec.name, stem: spec.stem, program: spec.program, channel, roles: ['melody'], register: spec.register, pan: 64, reverb: 70 };
  return [...tracks.map(without).filter((t) => t.roles.length > 0), solo];
}
