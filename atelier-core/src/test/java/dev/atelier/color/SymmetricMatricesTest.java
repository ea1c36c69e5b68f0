package dev.atelier.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricMatricesTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void squareRootSquaredIsTheMatrix(int size) {
        SplittableRandom random = new SplittableRandom(size);
        for (int trial = 0; trial < 20; trial++) {
            double[][] matrix = randomPositiveDefinite(size, random);
            double[][] root = SymmetricMatrices.power(matrix, 0.5);

            assertEqual(multiply(root, root), matrix, 1e-9);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void inverseSquareRootWhitensTheMatrix(int size) {
        SplittableRandom random = new SplittableRandom(10 + size);
        for (int trial = 0; trial < 20; trial++) {
            double[][] matrix = randomPositiveDefinite(size, random);
            double[][] inverseRoot = SymmetricMatrices.power(matrix, -0.5);

            assertEqual(multiply(multiply(inverseRoot, matrix), inverseRoot), identity(size), 1e-9);
        }
    }

    @Test
    void diagonalMatricesArePoweredEntryByEntry() {
        double[][] diagonal = {{4, 0, 0}, {0, 9, 0}, {0, 0, 0.25}};

        assertEqual(SymmetricMatrices.power(diagonal, 0.5), new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 0.5}}, 1e-12);
        assertEqual(SymmetricMatrices.power(diagonal, -1), new double[][] {{0.25, 0, 0}, {0, 1.0 / 9, 0}, {0, 0, 4}},
                1e-12);
    }

    /** BᵀB plus a small ridge: symmetric positive definite, condition numbers up to a few thousand. */
    private static double[][] randomPositiveDefinite(int size, SplittableRandom random) {
        double[][] b = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                b[i][j] = random.nextGaussian();
            }
        }
        double[][] matrix = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                for (int k = 0; k < size; k++) {
                    matrix[i][j] += b[k][i] * b[k][j];
                }
            }
            matrix[i][i] += 1e-3;
        }
        return matrix;
    }

    private static double[][] multiply(double[][] left, double[][] right) {
        int n = left.length;
        double[][] product = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    product[i][j] += left[i][k] * right[k][j];
                }
            }
        }
        return product;
    }

    private static double[][] identity(int size) {
        double[][] identity = new double[size][size];
        for (int i = 0; i < size; i++) {
            identity[i][i] = 1;
        }
        return identity;
    }

    private static void assertEqual(double[][] actual, double[][] expected, double tolerance) {
        double scale = 0;
        for (double[] row : expected) {
            for (double value : row) {
                scale = Math.max(scale, Math.abs(value));
            }
        }
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertThat(actual[i][j]).as("[%d][%d]", i, j).isCloseTo(expected[i][j],
                        within(tolerance * Math.max(1, scale)));
            }
        }
    }
}
