/**
 * Rhythm measures.
 * - Groove consistency (Wu & Yang, "The Jazz Transformer", ISMIR 2020; also in MusPy):
 *   1 − mean Hamming distance between the binary onset vectors of neighbouring bars,
 *   divided by the vector length. 1 = every bar has the same onset pattern.
 * - Rhythmic entropy (eq. 46): H(R) = −Σ p(d) log2 p(d) over the distribution of
 *   inter-onset durations quantised to a grid.
 */

interface N { readonly tick: number }

/** Groove consistency over [fromTick, toTick) with `positions` grid steps per bar. 1 for < 2 bars. */
export function grooveConsistency(notes: readonly N[], fromTick: number, toTick: number, ticksPerBar: number, positions = 48): number {
  const bars = Math.floor((toTick - fromTick) / ticksPerBar);
  if (bars < 2) return 1;
  const vecs: Uint8Array[] = Array.from({ length: bars }, () => new Uint8Array(positions));
  for (const n of notes) {
    if (n.tick < fromTick || n.tick >= fromTick + bars * ticksPerBar) continue;
    const rel = n.tick - fromTick;
    const b = Math.floor(rel / ticksPerBar);
    const pos = Math.min(positions - 1, Math.round(((rel - b * ticksPerBar) / ticksPerBar) * positions));
    vecs[b][pos] = 1;
  }
  let sum = 0;
  for (let b = 1; b < bars; b++) {
    let h = 0;
    for (let p = 0; p < positions; p++) if (vecs[b][p] !== vecs[b - 1][p]) h++;
    sum += h / positions;
  }
  return 1 - sum / (bars - 1);
}

/** Entropy (bits) of inter-onset intervals quantised to `gridTicks` (eq. 46). 0 for < 2 onsets. */
export function rhythmicEntropy(notes: readonly N[], gridTicks: number): number {
  const onsets = [...new Set(notes.map((n) => n.tick))].sort((a, b) => a - b);
  if (onsets.length < 2) return 0;
  const counts = new Map<number, number>();
  for (let i = 1; i < onsets.length; i++) {
    const q = Math.max(1, Math.round((onsets[i] - onsets[i - 1]) / gridTicks));
    counts.set(q, (counts.get(q) ?? 0) + 1);
  }
  const total = onsets.length - 1;
  let H = 0;
  for (const c of counts.values()) { const p = c / total; H -= p * Math.log2(p); }
  return H;
}
