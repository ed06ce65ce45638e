/**
 * Symmetric eigen-decomposition by cyclic Jacobi rotations: M = V diag(lambda) V^T with V
 * orthogonal. V is built as a product of Givens rotations, one per annihilated off-diagonal
 * entry, in a fixed (row-major, cyclic) order, so the result is deterministic. Channels that
 * nothing couples keep V's column equal to their unit vector.
 */

export interface Eigen {
  /** Eigenvalues lambda_k (unsorted: column k of V belongs to lambda_k). */
  readonly values: Float64Array;
  /** Eigenvectors, n x n row-major, one per column. */
  readonly vectors: Float64Array;
}

/**
 * @param matrix n x n row-major symmetric matrix (not modified).
 * @param maxSweeps Safety bound; Jacobi converges quadratically, a few sweeps suffice.
 */
export function jacobiEigen(matrix: ArrayLike<number>, n: number, maxSweeps = 50): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const at = (i: number, j: number): number => a[i * n + j]!;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        // Rotation angle theta with tan(2 theta) = 2 a_pq / (a_qq - a_pp) zeroes a_pq.
        const tau = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A <- J^T A J, V <- V J, with J the Givens rotation in the (p, q) plane.
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = at(i, i);
  return { values, vectors: v };
}
