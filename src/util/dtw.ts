/**
 * Dynamic time warping (eq. 7): D(i,j) = cost(m_i, v_j) + min(D(i−1,j), D(i,j−1), D(i−1,j−1)).
 * Returns the total cost and the optimal monotone alignment path.
 *
 * With a finite `gap`, an element may also be left unmatched at that cost (D(i,j) may come
 * from D(i−1,j) + gap or D(i,j−1) + gap, and from the start D(i,0) = i·gap, D(0,j) = j·gap):
 * event lists where one side has an event the other lacks then align the rest where they
 * belong, instead of every later element being pulled one place over. Unmatched elements are
 * not in `path`. With `gap` = Infinity (the default) this is plain DTW.
 */
export interface DtwResult {
  readonly cost: number;
  readonly path: readonly [number, number][];
}

export function dtw<A, B>(a: readonly A[], b: readonly B[], cost: (x: A, y: B) => number, gap = Infinity): DtwResult {
  const n = a.length, m = b.length;
  if (n === 0 || m === 0) return { cost: Number.isFinite(gap) ? (n + m) * gap : 0, path: [] };
  const D = new Float64Array((n + 1) * (m + 1)).fill(Infinity);
  /** How each cell was reached: 0 diagonal match, 1 match repeating b_j (from up), 2 repeating a_i (from left), 3 skip a_i, 4 skip b_j. */
  const from = new Uint8Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  D[at(0, 0)] = 0;
  if (Number.isFinite(gap)) {
    for (let i = 1; i <= n; i++) { D[at(i, 0)] = i * gap; from[at(i, 0)] = 3; }
    for (let j = 1; j <= m; j++) { D[at(0, j)] = j * gap; from[at(0, j)] = 4; }
  }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const c = cost(a[i - 1]!, b[j - 1]!);
      const diag = D[at(i - 1, j - 1)]!, up = D[at(i - 1, j)]!, left = D[at(i, j - 1)]!;
      // Same preference as plain DTW on ties: diagonal, then up, then left; skips last.
      let best = diag, how = 0;
      if (up < best) { best = up; how = 1; }
      if (left < best) { best = left; how = 2; }
      let v = c + best;
      if (up + gap < v) { v = up + gap; how = 3; }
      if (left + gap < v) { v = left + gap; how = 4; }
      D[at(i, j)] = v;
      from[at(i, j)] = how;
    }
  }
  const path: [number, number][] = [];
  let i = n, j = m;
  while (i > 0 || j > 0) {
    const how = from[at(i, j)]!;
    if (i > 0 && j > 0 && how <= 2) path.push([i - 1, j - 1]);
    if (how === 0) { i--; j--; } else if (how === 1 || how === 3) i--; else j--;
  }
  path.reverse();
  return { cost: D[at(n, m)]!, path };
}
