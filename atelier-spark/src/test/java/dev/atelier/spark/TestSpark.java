package dev.atelier.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark every test of this module shares (starting one takes seconds): two local cores, a
 * task retried once after a failure, one task at a time with both cores for PyTorch (as the job
 * advises for executors), no web UI, few partitions, loopback only, and the {@code flaky:} file system
 * of the retry test.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,2]").appName("atelier-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.task.cpus", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.hadoop.fs.flaky.impl", FlakyFileSystem.class.getName())
                    .config("spark.hadoop.fs.flaky.impl.disable.cache", "true")
                    .getOrCreate();
        }
        return session;
    }
}
