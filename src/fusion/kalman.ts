/**
 * Scalar Kalman filter and Rauch–Tung–Striebel smoother (classical state estimation).
 *
 * Model: random walk x_k = x_{k-1} + w, w ~ N(0, q); measurements y_k = x_k + r_k
 * with per-step noise variance r_k (Infinity = no measurement at that step).
 * Several measurements at one step are fused by precision weighting before the update.
 * This is eq. 38 (gain), 39 (state update) and 40 (covariance update) with H = 1.
 */
export interface KalmanOptions {
  /** Process noise variance per step (how fast the state may wander). */
  readonly q: number;
  /** Prior mean and variance of the state at step 0. */
  readonly x0: number;
  readonly p0: number;
}

export interface KalmanResult {
  /** Filtered (causal) estimates and variances. */
  readonly xf: Float64Array;
  readonly pf: Float64Array;
  /** Predicted (prior) estimates and variances, needed by the smoother. */
  readonly xp: Float64Array;
  readonly pp: Float64Array;
}

/** One measurement channel: values y[k] with variances r[k] (Infinity where absent). */
export interface MeasurementSeries {
  readonly y: ArrayLike<number>;
  readonly r: ArrayLike<number>;
}

/** Forward Kalman pass over n steps fusing any number of measurement series (eq. 38-40). */
export function kalmanFilter(n: number, series: readonly MeasurementSeries[], opts: KalmanOptions): KalmanResult {
  const xf = new Float64Array(n), pf = new Float64Array(n), xp = new Float64Array(n), pp = new Float64Array(n);
  let x = opts.x0, p = opts.p0;
  for (let k = 0; k < n; k++) {
    // predict
    const xPred = x;
    const pPred = k === 0 ? p : p + opts.q;
    xp[k] = xPred;
    pp[k] = pPred;
    // fuse measurements at this step (information form: precision-weighted mean)
    let info = 0, infoY = 0;
    for (const s of series) {
      const r = s.r[k]!;
      if (!Number.isFinite(r) || r <= 0) continue;
      info += 1 / r;
      infoY += s.y[k]! / r;
    }
    if (info > 0) {
      const R = 1 / info; // combined measurement variance
      const y = infoY * R; // combined measurement
      const K = pPred / (pPred + R); // eq. 38
      x = xPred + K * (y - xPred); // eq. 39
      p = (1 - K) * pPred; // eq. 40
    } else {
      x = xPred;
      p = pPred;
    }
    xf[k] = x;
    pf[k] = p;
  }
  return { xf, pf, xp, pp };
}

/** Rauch–Tung–Striebel fixed-interval smoother over a forward pass (offline use). */
export function rtsSmooth(res: KalmanResult): { x: Float64Array; p: Float64Array } {
  const n = res.xf.length;
  const x = new Float64Array(n), p = new Float64Array(n);
  if (n === 0) return { x, p };
  x[n - 1] = res.xf[n - 1]!;
  p[n - 1] = res.pf[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const ppNext = res.pp[k + 1]!;
    const C = ppNext > 0 ? res.pf[k]! / ppNext : 0;
    x[k] = res.xf[k]! + C * (x[k + 1]! - res.xp[k + 1]!);
    p[k] = res.pf[k]! + C * C * (p[k + 1]! - ppNext);
  }
  return { x, p };
}
