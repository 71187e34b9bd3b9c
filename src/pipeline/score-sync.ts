/**
 * Sync verification of a rendered score (eq. 7, 13), choosing per hit the rendered audio it
 * is measured on: first the unducked stem(s) playing the notes that start on the hit (free of
 * the other parts masking them; sharp attacks first), then the percussion stem, then a render of the hit's notes
 * alone (a swelling pad has no clear onset inside a sustained chord), last the unducked mix.
 */
import type { HitPoint, Score, StemName, SyncReport } from '../model/artifacts.js';
import { SAMPLE_RATE } from '../model/units.js';
import { tickToSecondsFunction, type LoadedSoundBank } from '../render/soundfont.js';
import { renderHitNotesAlone } from '../render/hit-probe.js';
import { fxKindForProgram } from '../render/synth-dsp.js';
import { verifySync } from '../deliver/sync-verify.js';
import type { Progress } from './progress.js';

/**
 * How sharp a stem's attacks are, for choosing where a hit is measured: struck and plucked
 * sounds (drums, impacts, piano) have onsets within a millisecond or two; bowed and blown
 * samples take 10–30 ms to speak, so an onset measured on them reads late even when the note
 * starts exactly on the hit.
 */
const ATTACK_RANK: Partial<Record<StemName, number>> = { percussion: 0, fx: 1, keys: 2, synths: 3 };
const attackRank = (st: StemName): number => ATTACK_RANK[st] ?? 4;

/**
 * Per hit point, the stems whose notes start on its tick (within 10 ms of film time): the
 * sharpest-attacking stem first, then by the loudest note (highest velocity).
 */
export function hitNoteStems(score: Score, hits: readonly HitPoint[]): StemName[][] {
  const toSec = tickToSecondsFunction(score.tempoMap, score.ppq);
  return hits.map((h) => {
    const best = new Map<StemName, number>();
    for (const tr of score.tracks) {
      // A riser that starts on a hit swells from silence towards the next one: no attack here.
      if (tr.stem === 'fx' && fxKindForProgram(tr.program) === 'riser') continue;
      for (const n of tr.notes) {
        if (n.velocity <= 0 || Math.abs(toSec(n.tick) - h.t) > 0.01) continue;
        best.set(tr.stem, Math.max(best.get(tr.stem) ?? 0, n.velocity));
      }
    }
    return [...best].sort((a, b) => attackRank(a[0]) - attackRank(b[0]) || b[1] - a[1]).map(([st]) => st);
  });
}

export async function measureScoreSync(
  score: Score,
  hits: readonly HitPoint[],
  cuts: readonly number[],
  unduckedStems: ReadonlyMap<StemName, readonly Float32Array[]>,
  unduckedMix: readonly Float32Array[],
  bank: LoadedSoundBank,
  progress?: Progress,
): Promise<SyncReport> {
  const lengthSamples = unduckedMix[0]?.length ?? 0;
  const perc = unduckedStems.get('percussion');
  const sources = new Map<string, readonly Float32Array[]>();
  for (const [name, ch] of unduckedStems) sources.set(`stems/unducked/${name}.wav`, ch);
  const noteStems = hitNoteStems(score, hits);
  const probe = (): ReturnType<typeof renderHitNotesAlone> => renderHitNotesAlone(score, hits, lengthSamples, bank, SAMPLE_RATE);
  const hitProbe = noteStems.some((x) => x.length > 0) ? (progress ? await progress.stage('hit-probe', probe) : probe()) : { renders: [], groupOf: [] };
  hitProbe.renders.forEach((r, g) => sources.set(`hit notes rendered alone (group ${g + 1})`, r));
  const order = noteStems.map((stemsHere, k) => {
    const names = stemsHere.map((st) => `stems/unducked/${st}.wav`);
    if (perc && !stemsHere.includes('percussion')) names.push('stems/unducked/percussion.wav');
    if (stemsHere.length > 0) names.push(`hit notes rendered alone (group ${hitProbe.groupOf[k]! + 1})`);
    return names;
  });
  const run = (): SyncReport => verifySync(unduckedMix, SAMPLE_RATE, hits, cuts, 'mix (unducked)', {}, { sources, order });
  return progress ? progress.stage('verify', run) : run();
}
