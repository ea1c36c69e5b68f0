package dev.atelier.color;

/** Powers of small symmetric positive-definite matrices, by Jacobi eigen-decomposition. */
public final class SymmetricMatrices {
    private SymmetricMatrices() {}

    /** {@code A^p} for symmetric positive-definite A: {@code V·diag(λ^p)·Vᵀ}. */
    public static double[][] power(double[][] matrix, double exponent) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double offDiagonal = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    offDiagonal += a[p][q] * a[p][q];
                }
            }
            if (offDiagonal < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    rotate(a, vectors, p, q, c, s);
                }
            }
        }
        double[][] result = new double[n][n];
        for (int k = 0; k < n; k++) {
            double eigenvalue = Math.pow(Math.max(a[k][k], 1e-12), exponent);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    result[i][j] += vectors[i][k] * eigenvalue * vectors[j][k];
                }
            }
        }
        return result;
    }

    /** Applies the Jacobi rotation that zeroes {@code a[p][q]}, accumulating it into the eigenvectors. */
    private static void rotate(double[][] a, double[][] vectors, int p, int q, double c, double s) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = vectors[k][p];
            double vkq = vectors[k][q];
            vectors[k][p] = c * vkp - s * vkq;
            vectors[k][q] = s * vkp + c * vkq;
        }
    }
}
