/**
 * An optional 5.1 score mix (channel order L R C LFE Ls Rs, as in WAV and BS.1770), built from
 * the stereo score mix and its reverb return (classical upmix, no learned separation):
 * - L/R: the dry part of the mix plus half of the reverb;
 * - Ls/Rs: the reverb (0.7) and some of the dry mix (0.35), so the room wraps around;
 * - LFE: the mono sum low-passed at 120 Hz (4th order), −10 dB (playback adds +10 dB);
 * - C: silent — the centre belongs to the dialogue.
 * The result is brought to the stereo mix's integrated loudness (BS.1770 5.1 weights) and
 * true-peak limited to the ceiling.
 */
import { limitTruePeak } from './mix.js';
import { applyGain, integratedLoudness } from './loudness.js';
import { rbjLowPass, runBiquad } from '../util/biquad.js';

export function upmixTo51(mix: readonly Float32Array[], reverb: readonly Float32Array[] | null, sr: number, ceilingDb = -1): Float32Array[] {
  const n = mix[0]!.length;
  const [L, R, C, LFE, Ls, Rs] = Array.from({ length: 6 }, () => new Float32Array(n)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const mono = new Float32Array(n);
  for (let c = 0; c < 2; c++) {
    const m = mix[c] ?? mix[0]!;
    const r = reverb ? reverb[c] ?? reverb[0]! : null;
    const front = c === 0 ? L : R, back = c === 0 ? Ls : Rs;
    for (let i = 0; i < n; i++) {
      const wet = r ? r[i]! : 0;
      const dry = m[i]! - wet;
      front[i] = dry + 0.5 * wet;
      back[i] = 0.7 * wet + 0.35 * dry;
      mono[i] += 0.5 * m[i]!;
    }
  }
  const lp = rbjLowPass(120, sr);
  const lfe = runBiquad(runBiquad(mono, lp), lp);
  const g = Math.pow(10, -10 / 20);
  for (let i = 0; i < n; i++) LFE[i] = lfe[i]! * g;
  const out = [L, R, C, LFE, Ls, Rs];
  const want = integratedLoudness(mix, sr);
  const got = integratedLoudness(out, sr);
  if (Number.isFinite(want) && Number.isFinite(got)) applyGain(out, Math.pow(10, (want - got) / 20));
  limitTruePeak(out, sr, ceilingDb);
  return out;
}
