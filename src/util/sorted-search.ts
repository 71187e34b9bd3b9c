/** Binary search over ascending arrays of numbers. */

/**
 * Index of the first element of ascending `xs` that is ≥ x − tolerance (xs.length when none):
 * with a tolerance, values a hair below x (float noise on times) still count as reaching it.
 */
export function lowerBound(xs: ArrayLike<number>, x: number, tolerance = 0): number {
  let lo = 0, hi = xs.length;
  const target = x - tolerance;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many elements of ascending `xs` lie in [lo, hi]. */
export function countInRange(xs: ArrayLike<number>, lo: number, hi: number): number {
  if (hi < lo) return 0;
  let end = lowerBound(xs, hi);
  while (end < xs.length && xs[end] <= hi) end++;
  return end - lowerBound(xs, lo);
}
