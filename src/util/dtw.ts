/**
 * Dynamic time warping (eq. 7): D(i,j) = cost(m_i, v_j) + min(D(i−1,j), D(i,j−1), D(i−1,j−1)).
 * Returns the total cost and the optimal monotone alignment path.
 */
export interface DtwResult {
  readonly cost: number;
  readonly path: readonly [number, number][];
}

export function dtw<A, B>(a: readonly A[], b: readonly B[], cost: (x: A, y: B) => number): DtwResult {
  const n = a.length, m = b.length;
  if (n === 0 || m === 0) return { cost: 0, path: [] };
  const D = new Float64Array((n + 1) * (m + 1)).fill(Infinity);
  const at = (i: number, j: number): number => i * (m + 1) + j;
  D[at(0, 0)] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const best = Math.min(D[at(i - 1, j)]!, D[at(i, j - 1)]!, D[at(i - 1, j - 1)]!);
      D[at(i, j)] = cost(a[i - 1]!, b[j - 1]!) + best;
    }
  }
  const path: [number, number][] = [];
  let i = n, j = m;
  while (i > 0 && j > 0) {
    path.push([i - 1, j - 1]);
    const diag = D[at(i - 1, j - 1)]!, up = D[at(i - 1, j)]!, left = D[at(i, j - 1)]!;
    if (diag <= up && diag <= left) { i--; j--; }
    else if (up <= left) i--;
    else j--;
  }
  path.reverse();
  return { cost: D[at(n, m)]!, path };
}
