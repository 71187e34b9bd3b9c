/**
 * Key plan: one key per section. The mode follows the valence curve (eq. 11, already with
 * hysteresis in the curves); the tonic stays in one family — a home minor key and its
 * relative major — so modulations at section boundaries are the smooth, common-tone kind.
 * A long, rising high-tension stretch may lift the home key a whole tone (the film-score
 * "gear change") once, at a section boundary after the climax has not yet come.
 */
import type { KeyPoint, Mode, Section } from '../model/artifacts.js';
import { seconds, ticks } from '../model/units.js';
import { meanOver, type TimeGrid } from '../fusion/grid.js';

const PC_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];

/** Home minor tonic (pitch class) per style. */
const HOME_MINOR: Record<string, number> = {
  hybrid: 2, orchestral: 0, ambient: 9, electronic: 9, piano: 4, strings: 2, jazz: 5, suspense: 11,
};

/** Key per section from the smoothed mode curve. */
export function planKeys(sections: readonly Section[], grid: TimeGrid, mode: ArrayLike<number>, style: string): KeyPoint[] {
  const home = HOME_MINOR[style] ?? 2;
  const keys: KeyPoint[] = [];
  for (const s of sections) {
    const m: Mode = meanOver(grid, mode, s.start, s.end) >= 0 ? 'major' : 'minor';
    const tonic = m === 'minor' ? home : (home + 3) % 12;
    const prev = keys[keys.length - 1];
    if (prev && prev.tonic === tonic && prev.mode === m) continue;
    keys.push({ t: seconds(s.start), tick: ticks(s.startTick), key: PC_NAMES[tonic]!, tonic, mode: m });
  }
  return keys;
}

export function pitchClassName(pc: number): string {
  return PC_NAMES[((pc % 12) + 12) % 12]!;
}
