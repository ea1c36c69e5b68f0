package dev.atelier.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The machine's float32 matrix-multiply peak through DJL and libtorch: the yardstick for GFLOP/s. */
@Command(name = "matmul", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Matrix-multiply peak (GFLOP/s).")
final class MatmulBench implements Callable<Integer> {
    @Option(names = "--size", description = "Square matrix side.", defaultValue = "4096")
    int size;

    @Option(names = "--runs", defaultValue = "5")
    int runs;

    /** Measured peak in GFLOP/s, for other benchmarks to compare against. */
    static double peak(int size, int runs) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(size, size));
            NDArray b = manager.randomNormal(new Shape(size, size));
            double seconds = Measurements.medianSeconds(1, runs, () -> {
                try (NDArray product = a.matMul(b)) {
                    product.getFloat(0, 0);
                }
            });
            return 2.0 * size * size * size / seconds / 1e9;
        }
    }

    @Override
    public Integer call() {
        BenchValues.between("size", size, 1, 32768);
        BenchValues.atLeast("runs", runs, 1);
        System.out.println(Measurements.format("matmul %dx%d float32: %.1f GFLOP/s (median of %d)", size, size,
                peak(size, runs), runs));
        return 0;
    }
}
