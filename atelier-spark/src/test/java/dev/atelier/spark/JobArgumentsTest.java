package dev.atelier.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job's command line spells the batch's flags as {@code atelier batch} does. */
class JobArgumentsTest {

    @Test
    void inputsOutputAndOptionsBecomeARequest() {
        JobArguments arguments = JobArguments.parse(List.of("--content", "hdfs://nn/photos", "s3a://b/more/*.jpg",
                "--style", "gs://g/paintings", "-o", "s3a://b/out", "--method", "magenta", "--size", "384",
                "--crop=center", "--spark", "local[2]", "--spark-conf", "spark.executor.memory=6g", "-q"));

        SparkBatchRequest request = arguments.request();
        assertThat(request.contents()).containsExactly("hdfs://nn/photos", "s3a://b/more/*.jpg");
        assertThat(request.styles()).containsExactly("gs://g/paintings");
        assertThat(request.output()).isEqualTo("s3a://b/out");
        assertThat(request.methodName()).isEqualTo("magenta");
        assertThat(request.options()).containsExactly(Map.entry("size", "384"), Map.entry("crop", "center"));
        assertThat(arguments.master()).isEqualTo("local[2]");
        assertThat(arguments.sparkSettings()).containsExactly(Map.entry("spark.executor.memory", "6g"));
        assertThat(arguments.quiet()).isTrue();
    }

    @Test
    void anOptionGivenAloneMeansWhatItMeansAlone() {
        JobArguments arguments = JobArguments.parse(List.of("--content", "p", "--model", "candy", "-o", "out",
                "--overwrite", "--preserve-color"));

        assertThat(arguments.request().options()).containsEntry("overwrite", "true")
                .containsKey("preserve-color");
        assertThat(arguments.request().options().get("preserve-color")).isNotBlank();
        assertThat(arguments.request().methodName()).isEqualTo("feedforward");
    }

    @Test
    void mistakesNameTheirFlag() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--content", "p", "--style", "s", "-o", "out",
                "--colour", "red"))).isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("colour");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--content", "p", "--style", "s", "-o", "out", "--size")))
                .isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("size");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--content", "p", "--style", "s")))
                .isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("output");
        assertThatThrownBy(() -> JobArguments.parse(List.of("photos", "--style", "s", "-o", "out")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'photos'");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--content", "p", "--style", "s", "-o", "out",
                "--spark-conf", "novalue"))).isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("spark-conf");
    }

    @Test
    void helpNeedsNothingElse() {
        assertThat(JobArguments.parse(List.of("--help")).help()).isTrue();
        assertThat(JobArguments.parse(List.of("--content", "x", "-h")).help()).isTrue();
    }

    @Test
    void localMastersGiveTheirCoresToOneTask() {
        assertThat(SparkBatchMain.localCores("local[2]")).contains(2);
        assertThat(SparkBatchMain.localCores("local[3,2]")).contains(3);
        assertThat(SparkBatchMain.localCores("local")).contains(1);
        assertThat(SparkBatchMain.localCores("local[*]")).contains(Runtime.getRuntime().availableProcessors());
        assertThat(SparkBatchMain.localCores("spark://host:7077")).isEmpty();
        assertThat(SparkBatchMain.localCores("local-cluster[2,1,2048]")).isEmpty();
    }
}
