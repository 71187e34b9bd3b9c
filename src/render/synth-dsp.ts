/**
 * The electronic layer, by our own DSP (classical subtractive synthesis): tracks whose stem is
 * `synths` or `fx` are played here instead of by the SoundFont (fx: risers, braams, sub hits
 * and impacts, chosen by program — see `fxKindForProgram`).
 *
 * - Oscillators are band-limited with polyBLEP (a polynomial correction of the saw/square
 *   discontinuities over the two samples around each one), so high notes do not fold back
 *   below Nyquist as audible aliasing.
 * - Filter: a zero-delay-feedback (topology-preserving) state-variable low-pass, its cutoff
 *   driven per sample by an envelope (and key tracking).
 * - Envelopes: linear attack, exponential decay to sustain, exponential release; every note
 *   starts and stops on its exact sample (events go through the score's tempo map).
 * - Patches by General MIDI program: synth bass (38/39: saw + square sub, plucked filter,
 *   the pulse comes from the part's short notes), pads and drones (88–95: three detuned saws,
 *   slow attack, dark filter), leads (80–87: saw/square), synth brass (62/63: filter swell),
 *   anything else a plain filtered saw.
 * CC7 (volume), CC10 (pan, equal-power) and CC11 (expression) are honoured per track; CC91
 * (reverb send) sends the voice to the shared effects return by a simple feedback-delay
 * diffuser, so pads are not bone dry beside the SoundFont parts.
 */
import type { Track } from '../model/artifacts.js';

export interface SynthPatch {
  readonly name: string;
  /** Oscillators: waveform, detune in cents, octave offset, level. */
  readonly oscs: readonly { readonly wave: 'saw' | 'square'; readonly cents: number; readonly octave: number; readonly level: number }[];
  readonly attack: number;
  readonly decay: number;
  readonly sustain: number;
  /** Envelope time constants, seconds (release: −60 dB after about 6.9×). */
  readonly release: number;
  /** Filter cutoff at rest (Hz), envelope amount (Hz, added at the envelope's peak), resonance (0..1). */
  readonly cutoff: number;
  readonly envAmount: number;
  readonly filterDecay: number;
  readonly resonance: number;
  /** Output level of one voice at velocity 127. */
  readonly level: number;
}

const PATCHES: Record<string, SynthPatch> = {
  bass: {
    name: 'pulse bass', oscs: [{ wave: 'saw', cents: 0, octave: 0, level: 0.6 }, { wave: 'square', cents: 0, octave: -1, level: 0.5 }],
    attack: 0.003, decay: 0.18, sustain: 0.55, release: 0.04, cutoff: 180, envAmount: 1600, filterDecay: 0.12, resonance: 0.35, level: 0.32,
  },
  pad: {
    name: 'saw pad', oscs: [{ wave: 'saw', cents: -9, octave: 0, level: 0.45 }, { wave: 'saw', cents: 0, octave: 0, level: 0.45 }, { wave: 'saw', cents: 8, octave: 0, level: 0.45 }],
    attack: 0.45, decay: 0.8, sustain: 0.8, release: 0.5, cutoff: 900, envAmount: 600, filterDecay: 1.5, resonance: 0.15, level: 0.12,
  },
  drone: {
    name: 'low drone', oscs: [{ wave: 'saw', cents: -5, octave: 0, level: 0.5 }, { wave: 'square', cents: 4, octave: -1, level: 0.4 }],
    attack: 1.2, decay: 2, sustain: 0.9, release: 0.8, cutoff: 350, envAmount: 250, filterDecay: 3, resonance: 0.2, level: 0.14,
  },
  lead: {
    name: 'saw lead', oscs: [{ wave: 'saw', cents: 0, octave: 0, level: 0.6 }, { wave: 'square', cents: 6, octave: 0, level: 0.35 }],
    attack: 0.01, decay: 0.3, sustain: 0.7, release: 0.1, cutoff: 1800, envAmount: 2500, filterDecay: 0.3, resonance: 0.25, level: 0.16,
  },
  brass: {
    name: 'synth brass', oscs: [{ wave: 'saw', cents: -6, octave: 0, level: 0.5 }, { wave: 'saw', cents: 6, octave: 0, level: 0.5 }],
    attack: 0.06, decay: 0.4, sustain: 0.75, release: 0.12, cutoff: 600, envAmount: 2800, filterDecay: 0.35, resonance: 0.2, level: 0.14,
  },
  saw: {
    name: 'filtered saw', oscs: [{ wave: 'saw', cents: 0, octave: 0, level: 0.7 }],
    attack: 0.01, decay: 0.3, sustain: 0.7, release: 0.1, cutoff: 1500, envAmount: 1500, filterDecay: 0.3, resonance: 0.2, level: 0.15,
  },
};

/** The patch a General MIDI program is played with. */
export function patchForProgram(program: number): SynthPatch {
  if (program === 38 || program === 39) return PATCHES['bass']!;
  if (program >= 88 && program <= 95) return program === 92 || program === 95 ? PATCHES['drone']! : PATCHES['pad']!;
  if (program >= 80 && program <= 87) return PATCHES['lead']!;
  if (program === 62 || program === 63) return PATCHES['brass']!;
  return PATCHES['saw']!;
}

/** polyBLEP residual for a phase `t` in [0,1) advancing `dt` per sample. */
function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

/**
 * Renders one band-limited oscillator into `out` (added), `n` samples from phase 0 at
 * frequency `f` (Hz) and sample rate `sr`. Exposed for the aliasing test.
 */
export function renderOscillator(wave: 'saw' | 'square', f: number, sr: number, n: number, bandLimited = true): Float32Array {
  const out = new Float32Array(n);
  const dt = f / sr;
  let ph = 0;
  for (let i = 0; i < n; i++) {
    out[i] = oscSample(wave, ph, dt, bandLimited);
    ph += dt;
    if (ph >= 1) ph -= 1;
  }
  return out;
}

function oscSample(wave: 'saw' | 'square', ph: number, dt: number, bl: boolean): number {
  if (wave === 'saw') return 2 * ph - 1 - (bl ? polyBlep(ph, dt) : 0);
  let v = ph < 0.5 ? 1 : -1;
  if (bl) {
    v += polyBlep(ph, dt);
    let p2 = ph + 0.5;
    if (p2 >= 1) p2 -= 1;
    v -= polyBlep(p2, dt);
  }
  return v;
}

interface NoteSpan {
  readonly on: number;
  readonly off: number;
  readonly pitch: number;
  readonly velocity: number;
}

/** One voice, rendered from its note-on sample until its release has died away (or `length`). */
function renderVoice(p: SynthPatch, note: NoteSpan, sr: number, length: number, out: Float32Array): void {
  const f0 = 440 * Math.pow(2, (note.pitch - 69) / 12);
  // Oscillator state in typed arrays (monomorphic, fast): phase increment, phase, level, saw?
  const no = p.oscs.length;
  const dts = new Float64Array(no), phs = new Float64Array(no), lv = new Float64Array(no), saw = new Uint8Array(no);
  p.oscs.forEach((o, j) => {
    dts[j] = Math.min(0.49, (f0 * Math.pow(2, o.octave + o.cents / 1200)) / sr);
    phs[j] = (((note.pitch * 0.137 + o.cents * 0.011) % 1) + 1) % 1;
    lv[j] = o.level;
    saw[j] = o.wave === 'saw' ? 1 : 0;
  });
  const vel = note.velocity / 127;
  const amp = p.level * vel * vel;
  const att = Math.max(1, Math.round(p.attack * sr));
  // decay/release: time constants; the voice stops when its release falls below −80 dB.
  const decK = Math.exp(-1 / (p.decay * sr));
  const relK = Math.exp(-1 / (p.release * sr));
  const fDecK = Math.exp(-1 / (p.filterDecay * sr));
  const keyTrack = Math.min(4, f0 / 110);
  const k = 2 - 2 * Math.min(0.95, p.resonance);
  let ic1 = 0, ic2 = 0, env = 0, fenv = 1, a1 = 0, a2 = 0, a3 = 0;
  for (let i = note.on; i < length; i++) {
    const t = i - note.on;
    if (i < note.off) {
      if (t < att) env = Math.max(env, (t + 1) / att);
      else env = p.sustain + (env - p.sustain) * decK;
    } else {
      env *= relK;
      if (env < 1e-4) break;
    }
    fenv *= fDecK;
    let x = 0;
    for (let j = 0; j < no; j++) {
      const ph = phs[j]!, dt = dts[j]!;
      let v: number;
      if (saw[j] === 1) v = 2 * ph - 1 - polyBlep(ph, dt);
      else {
        const p2 = ph + 0.5 >= 1 ? ph - 0.5 : ph + 0.5;
        v = (ph < 0.5 ? 1 : -1) + polyBlep(ph, dt) - polyBlep(p2, dt);
      }
      x += lv[j]! * v;
      const nph = ph + dt;
      phs[j] = nph >= 1 ? nph - 1 : nph;
    }
    // Cutoff: coefficients every 16 samples (the envelope is smooth).
    if ((t & 15) === 0) {
      const fc = Math.min(0.45 * sr, p.cutoff * (0.6 + 0.4 * keyTrack) + p.envAmount * fenv * vel);
      const g = Math.tan((Math.PI * fc) / sr);
      a1 = 1 / (1 + g * (g + k)); a2 = g * a1; a3 = g * a2;
    }
    const v3 = x - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    out[i] += v2 * env * amp;
  }
}

/** Cinematic effect voices for tracks on the `fx` stem, by General MIDI program. */
export type FxKind = 'riser' | 'braam' | 'sub-hit' | 'impact';
export function fxKindForProgram(program: number): FxKind {
  if (program === 119 || program === 120 || program === 122) return 'riser';
  if (program === 118) return 'sub-hit';
  if (program === 116 || program === 117 || program === 47) return 'impact';
  return 'braam';
}

/**
 * One effect voice:
 * - riser: white noise and a saw gliding up an octave over the note, through a low-pass
 *   opening from 300 Hz to 8 kHz, rising in level, stopping dead at the note's end (put the
 *   note's end on the hit);
 * - braam: four detuned saws (the pitch and an octave below) with a filter swell and soft
 *   saturation, a long decay;
 * - sub-hit: a sine starting at the pitch and falling an octave in 0.25 s, 0.6 s decay;
 * - impact: a noise burst through a closing low-pass plus a sub sine, 0.5 s decay.
 * Noise comes from a seeded generator (xorshift), so renders are reproducible.
 */
function renderFxVoice(kind: FxKind, note: NoteSpan, sr: number, length: number, out: Float32Array): void {
  const f0 = 440 * Math.pow(2, (note.pitch - 69) / 12);
  const vel = note.velocity / 127;
  let seed = (note.on * 2654435761 + note.pitch) >>> 0 || 1;
  const noise = (): number => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed / 2147483648 - 1; };
  const dur = Math.max(1, note.off - note.on);
  const tail = kind === 'riser' ? 0 : Math.round((kind === 'braam' ? 3 : kind === 'sub-hit' ? 1.5 : 1.2) * sr);
  const end = Math.min(length, kind === 'riser' ? note.off : note.on + Math.max(dur, 1) + tail);
  let ic1 = 0, ic2 = 0, ph = 0, ph2 = 0;
  const phs = [0, 0.25, 0.5, 0.75];
  for (let i = note.on; i < end; i++) {
    const t = (i - note.on) / sr;
    let x = 0, fc = 1000, amp = 0;
    if (kind === 'riser') {
      const u = (i - note.on) / dur;
      const f = f0 * Math.pow(2, u);
      ph += f / sr; if (ph >= 1) ph -= 1;
      x = 0.5 * noise() + 0.5 * (2 * ph - 1 - polyBlep(ph, f / sr));
      fc = 300 * Math.pow(8000 / 300, u);
      amp = 0.25 * vel * u * u * Math.min(1, (note.off - i) / (0.002 * sr)); // 2 ms to zero at the end: no click
    } else if (kind === 'braam') {
      for (let j = 0; j < 4; j++) {
        const f = f0 * (j < 2 ? 1 : 0.5) * Math.pow(2, ((j % 2 ? 1 : -1) * 7) / 1200);
        const dt = f / sr;
        phs[j] = phs[j]! + dt; if (phs[j]! >= 1) phs[j] = phs[j]! - 1;
        x += 0.3 * (2 * phs[j]! - 1 - polyBlep(phs[j]!, dt));
      }
      x = Math.tanh(1.8 * x);
      fc = 200 + 3000 * Math.min(1, t / 0.25) * Math.exp(-Math.max(0, t - 0.25) / 0.8);
      amp = 0.3 * vel * Math.min(1, t / 0.03) * (i < note.off ? 1 : Math.exp(-(i - note.off) / (0.6 * sr)));
    } else if (kind === 'sub-hit') {
      const f = f0 * Math.pow(2, -Math.min(1, t / 0.25));
      ph += f / sr; if (ph >= 1) ph -= 1;
      x = Math.sin(2 * Math.PI * ph);
      fc = 0.45 * sr;
      amp = 0.6 * vel * Math.min(1, t / 0.002) * Math.exp(-t / 0.6);
    } else {
      const f = Math.max(35, f0 * Math.pow(2, -Math.min(1, t / 0.15)));
      ph2 += f / sr; if (ph2 >= 1) ph2 -= 1;
      x = 0.7 * noise() * Math.exp(-t / 0.08) + Math.sin(2 * Math.PI * ph2);
      fc = 200 + 6000 * Math.exp(-t / 0.05);
      amp = 0.5 * vel * Math.min(1, t / 0.001) * Math.exp(-t / 0.5);
    }
    // TPT SVF low-pass (Q ≈ 0.7).
    const g = Math.tan((Math.PI * Math.min(fc, 0.45 * sr)) / sr), k = 1.4;
    const a1 = 1 / (1 + g * (g + k)), a2 = g * a1, a3 = g * a2;
    const v3 = x - ic2, v1 = a1 * ic1 + a2 * v3, v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1; ic2 = 2 * v2 - ic2;
    out[i] += (kind === 'sub-hit' ? x : v2) * amp;
  }
}

function noteSpans(track: Track, toSample: (tick: number) => number, length: number): NoteSpan[] {
  const spans: NoteSpan[] = [];
  for (const n of track.notes) {
    if (n.velocity <= 0 || n.pitch < 0 || n.pitch > 127) continue;
    const on = Math.max(0, toSample(n.tick));
    if (on >= length) continue;
    spans.push({ on, off: Math.max(on + 1, toSample(n.tick + n.duration)), pitch: n.pitch, velocity: Math.min(127, n.velocity) });
  }
  return spans;
}

/** Last value of controller `cc` at or before each sample, as a per-sample lookup. */
function controllerAt(track: Track, cc: number, def: number, toSample: (tick: number) => number): (sample: number) => number {
  const pts = track.controls.filter((c) => c.controller === cc).map((c) => ({ s: toSample(c.tick), v: c.value })).sort((a, b) => a.s - b.s);
  if (pts.length === 0) return () => def;
  return (s) => {
    let v = def;
    for (const p of pts) { if (p.s > s) break; v = p.v; }
    return v;
  };
}

export interface SynthTrackRender {
  readonly track: string;
  readonly patch: string;
}

/**
 * Adds the DSP rendering of `tracks` into the stereo `out` pair (and their reverb sends into
 * `send`, stereo), `length` samples at `sr`. Sample-accurate note starts and ends.
 */
export function renderSynthTracks(tracks: readonly Track[], toSample: (tick: number) => number, length: number, sr: number, out: readonly Float32Array[], send: readonly Float32Array[] | null): SynthTrackRender[] {
  const done: SynthTrackRender[] = [];
  const mono = new Float32Array(length);
  for (const track of tracks) {
    const fx = track.stem === 'fx' ? fxKindForProgram(track.program) : null;
    const patch = patchForProgram(track.program);
    mono.fill(0);
    for (const note of noteSpans(track, toSample, length)) {
      if (fx) renderFxVoice(fx, note, sr, length, mono);
      else renderVoice(patch, note, sr, length, mono);
    }
    const vol = controllerAt(track, 7, 100, toSample);
    const expr = controllerAt(track, 11, 127, toSample);
    const pan = controllerAt(track, 10, 64, toSample);
    const rev = controllerAt(track, 91, 40, toSample);
    // Controllers change rarely: evaluate them per 256-sample block, ramp linearly inside it.
    const B = 256;
    let pl = 0, pr = 0, ps = 0;
    for (let b = 0; b < length; b += B) {
      const v = Math.pow(vol(b) / 127, 2) * Math.pow(expr(b) / 127, 2);
      // Equal-power pan on the MIDI scale (GM2 / RP-036): 64 is the centre (−3 dB each side),
      // 0 and 1 hard left, 127 hard right. (÷127 would put 64 0.1 dB right of centre.)
      const th = (Math.max(0, Math.min(126, pan(b) - 1)) / 126) * (Math.PI / 2);
      const gl = v * Math.cos(th), gr = v * Math.sin(th), gs = (rev(b) / 127) * 0.5;
      const e = Math.min(length, b + B);
      if (b === 0) { pl = gl; pr = gr; ps = gs; }
      for (let i = b; i < e; i++) {
        const u = (i - b) / B;
        const x = mono[i]!;
        out[0]![i] += x * (pl + (gl - pl) * u);
        out[1]![i] += x * (pr + (gr - pr) * u);
        if (send) {
          const s = x * (ps + (gs - ps) * u);
          send[0]![i] += s; send[1]![i] += s;
        }
      }
      pl = gl; pr = gr; ps = gs;
    }
    done.push({ track: track.name, patch: fx ?? patch.name });
  }
  if (send) diffuseInPlace(send, sr);
  return done;
}

/**
 * A small reverb for the synth sends (classical Schroeder/Moorer structure): four parallel
 * feedback comb filters with damping per channel (decorrelated lengths), then two all-passes,
 * then a 20 Hz DC blocker. `rt60`: the decay time at low and mid frequencies (the damping
 * shortens it in the highs). The input pair is replaced by its reverberated signal.
 */
export function diffuseInPlace(ch: readonly Float32Array[], sr: number, rt60 = 2.2): void {
  const combs = [1557, 1617, 1491, 1422];
  const aps = [225, 556];
  for (let c = 0; c < ch.length; c++) {
    const x = ch[c]!;
    const n = x.length;
    const wet = new Float32Array(n);
    for (const base of combs) {
      const d = Math.round(((base + c * 23) * sr) / 44100);
      const fb = Math.pow(10, (-3 * d) / (rt60 * sr));
      const buf = new Float32Array(d);
      let idx = 0, lp = 0;
      for (let i = 0; i < n; i++) {
        const y = buf[idx]!;
        lp = y * 0.7 + lp * 0.3;
        buf[idx] = x[i]! + lp * fb;
        wet[i] += y * 0.25;
        if (++idx === d) idx = 0;
      }
    }
    for (const base of aps) {
      const d = Math.round(((base + c * 13) * sr) / 44100);
      const buf = new Float32Array(d);
      let idx = 0;
      for (let i = 0; i < n; i++) {
        const b = buf[idx]!;
        const v = wet[i]! + 0.5 * b;
        buf[idx] = v;
        wet[i] = b - 0.5 * v;
        if (++idx === d) idx = 0;
      }
    }
    // DC blocker (one-pole high-pass, −3 dB at 20 Hz) on the wet signal: the undamped comb
    // loops pass 0 Hz at their peak gain (the response summed to +19.8 dB, 22 dB above its
    // RMS gain), so any offset or sub-sonic energy in the sends came back ~10× louder.
    const R = Math.exp((-2 * Math.PI * 20) / sr);
    let px = 0, py = 0;
    for (let i = 0; i < n; i++) {
      const v = wet[i]!;
      py = v - px + R * py;
      px = v;
      x[i] = py;
    }
  }
}
