/**
 * The hit notes rendered alone: a copy of the score holding only the notes that start on a
 * planned hit (within 10 ms of film time), every controller kept, rendered dry. Sync
 * verification measures a hit here when the delivered stems mask it (a slow pad swelling under
 * a sustained chord has no clear onset in the mix, yet its notes must still start on time):
 * the measurement is still taken on rendered audio, through the same renderer and tempo map.
 */
import type { HitPoint, Score } from '../model/artifacts.js';
import { renderScoreStems, tickToSecondsFunction, type LoadedSoundBank } from './soundfont.js';

export interface HitProbe {
  /** One stereo render per group of hits. */
  readonly renders: Float32Array[][];
  /** Group (index into `renders`) of each hit. */
  readonly groupOf: readonly number[];
}

/**
 * Hits are put in groups whose members are at least `spacing` seconds apart, so the release
 * tail of one hit's notes never sits under the next one's onset; each group is one render
 * (dry, no reverb), cut `tail` seconds after its last hit.
 */
export function renderHitNotesAlone(score: Score, hits: readonly HitPoint[], lengthSamples: number, bank: LoadedSoundBank, sampleRate: number, spacing = 10, tail = 1): HitProbe {
  const toSec = tickToSecondsFunction(score.tempoMap, score.ppq);
  const groupLast: number[] = [];
  const groupOf = hits.map((h) => {
    let g = groupLast.findIndex((t) => h.t - t >= spacing);
    if (g < 0) { g = groupLast.length; groupLast.push(h.t); }
    groupLast[g] = h.t;
    return g;
  });
  const renders = groupLast.map((last, g) => {
    const times = hits.filter((_, k) => groupOf[k] === g).map((h) => h.t as number);
    const onHit = (tick: number): boolean => { const s = toSec(tick); return times.some((t) => Math.abs(s - t) <= 0.01); };
    const tracks = score.tracks
      .map((t) => ({ ...t, notes: t.notes.filter((n) => onHit(n.tick)) }))
      .filter((t) => t.notes.length > 0);
    const out = [new Float32Array(lengthSamples), new Float32Array(lengthSamples)];
    if (tracks.length === 0) return out;
    const len = Math.min(lengthSamples, Math.ceil((last + tail) * sampleRate));
    const r = renderScoreStems({ ...score, tracks }, len, bank, { sampleRate, effects: 'none' });
    for (const pair of r.stems.values()) for (let c = 0; c < 2; c++) for (let i = 0; i < len; i++) out[c]![i] += pair[c]![i]!;
    return out;
  });
  return { renders, groupOf };
}
