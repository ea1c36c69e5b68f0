package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slices of a batch's pairs: every pair in exactly one, decided by its name alone. */
class BatchShardTest {

    private static List<Path> files(String prefix, int count) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(Path.of("/inputs/" + prefix + i + ".jpg"));
        }
        return files;
    }

    @Test
    void threeSlicesOfTwelvePairsHoldEveryPairExactlyOnce() {
        BatchPlan plan = BatchPlan.crossProduct(files("photo", 4), files("painting", 3));
        Map<String, Integer> seen = new HashMap<>();
        for (int index = 1; index <= 3; index++) {
            BatchShard shard = new BatchShard(index, 3);
            for (BatchPlan.Pair pair : shard.select(plan).map(BatchPlan::pairs).orElse(List.of())) {
                seen.merge(pair.name(), 1, Integer::sum);
                assertThat(shard.contains(pair.name())).isTrue();
            }
        }

        assertThat(seen).hasSize(12);
        assertThat(seen.values()).allMatch(times -> times == 1);
    }

    @Test
    void aSliceKeepsEveryPhotoAndStyleSoIndicesStayTheWholeBatchs() {
        BatchPlan plan = BatchPlan.crossProduct(files("photo", 4), files("painting", 3));
        for (int index = 1; index <= 3; index++) {
            BatchPlan slice = new BatchShard(index, 3).select(plan).orElseThrow();
            assertThat(slice.contents()).isEqualTo(plan.contents());
            assertThat(slice.styles()).isEqualTo(plan.styles());
            for (BatchPlan.Pair pair : slice.pairs()) {
                assertThat(plan.pairs()).contains(pair);
            }
        }
    }

    @Test
    void addingAPhotoMovesNoPairToAnotherSlice() {
        BatchPlan before = BatchPlan.crossProduct(files("photo", 4), files("painting", 3));
        List<Path> morePhotos = new ArrayList<>(files("photo", 4));
        morePhotos.add(1, Path.of("/inputs/added.jpg"));
        BatchPlan after = BatchPlan.crossProduct(morePhotos, files("painting", 3));
        for (int index = 1; index <= 3; index++) {
            BatchShard shard = new BatchShard(index, 3);
            List<String> was = shard.select(before).map(plan -> plan.pairs().stream().map(BatchPlan.Pair::name)
                    .toList()).orElse(List.of());
            List<String> now = shard.select(after).map(plan -> plan.pairs().stream().map(BatchPlan.Pair::name)
                    .toList()).orElse(List.of());
            assertThat(now).containsAll(was);
            assertThat(now.stream().filter(name -> !was.contains(name)))
                    .allMatch(name -> name.startsWith("added__"));
        }
    }

    @Test
    void slicesAreEvenOverManyPairs() {
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[BatchShard.sliceOf("photo" + i + "__painting" + (i % 7), 4) - 1]++;
        }
        // Binomial(4000, 1/4): a standard deviation of 27, so 900–1100 is nearly four of them either way.
        assertThat(java.util.Arrays.stream(counts).boxed().toList()).allMatch(count -> count > 900 && count < 1100);
    }

    @Test
    void theSliceIgnoresCaseAsPairNamesDo() {
        for (int i = 0; i < 50; i++) {
            assertThat(BatchShard.sliceOf("Photo" + i + "__Starry", 5)).isEqualTo(BatchShard.sliceOf("photo" + i
                    + "__starry", 5));
        }
    }

    @Test
    void textIsKOfNCountedFromOne() {
        assertThat(BatchShard.parse("2/8")).isEqualTo(new BatchShard(2, 8));
        assertThat(BatchShard.parse(" 8 / 8 ")).isEqualTo(new BatchShard(8, 8));
        assertThat(new BatchShard(3, 4).toString()).isEqualTo("3/4");
        assertThat(new BatchShard(3, 4).manifestFileName()).isEqualTo("manifest-shard-3-of-4.json");
        assertThat(BatchShard.ofManifest("manifest-shard-3-of-4.json")).contains(new BatchShard(3, 4));
        assertThat(BatchShard.ofManifest("manifest-shard-5-of-4.json")).isEmpty();
        assertThat(BatchShard.ofManifest("manifest.json")).isEmpty();
        for (String bad : List.of("0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3/4")) {
            assertThatThrownBy(() -> BatchShard.parse(bad)).as(bad).isInstanceOf(InvalidOptionException.class)
                    .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("shard");
        }
    }

    @Test
    void theOptionTakesKOfNAndRefusesNumberedFolders() {
        BatchOptions options = BatchOptions.SCHEMA.parse(Map.of("shard", "2/3"), builder -> builder
                .optOutputFolder(Path.of("out")));
        assertThat(options.shard()).isEqualTo(new BatchShard(2, 3));
        assertThat(options.manifestFileName()).isEqualTo("manifest-shard-2-of-3.json");
        assertThat(BatchOptions.SCHEMA.parse(Map.of(), builder -> builder.optOutputFolder(Path.of("out"))).shard())
                .isNull();
        assertThatThrownBy(() -> BatchOptions.SCHEMA.parse(Map.of("shard", "2/3", "numbered", "true"),
                builder -> builder.optOutputFolder(Path.of("out")))).isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).problem()).asString().contains("{numbered}");
        assertThatThrownBy(() -> BatchOptions.SCHEMA.parse(Map.of("shard", "2/3", "merge", "true"),
                builder -> builder.optOutputFolder(Path.of("out")))).isInstanceOf(InvalidOptionException.class)
                .extracting(failure -> ((InvalidOptionException) failure).option()).isEqualTo("merge");
    }
}
