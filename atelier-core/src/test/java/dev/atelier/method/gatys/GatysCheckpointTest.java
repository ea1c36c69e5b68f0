package dev.atelier.method.gatys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.io.RgbImage;
import dev.atelier.method.RunContext;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.report.HistoryEntry;
import dev.atelier.testing.RandomVgg19;
import dev.atelier.testing.TestPictures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped and resumed from its checkpoint ends like one that never stopped. */
class GatysCheckpointTest {
    @RegisterExtension
    static final RandomVgg19 VGG = new RandomVgg19();

    private final RgbImage content = TestPictures.photo(64, 48, 1);
    private final RgbImage style = TestPictures.painting(80, 64, 2);

    @TempDir
    Path folder;

    /** Runs, cancelling once {@code stopAt} iterations are done (never when negative); records the steps. */
    private GatysResult run(RgbImage photo, GatysOptions options, GatysCheckpoint checkpoint, int stopAt,
            List<StepFinished> events) {
        Cancellation cancellation = new Cancellation();
        RunListener listener = event -> {
            if (event instanceof StepFinished step) {
                events.add(step);
                if (step.step() == stopAt) {
                    cancellation.request();
                }
            }
        };
        return new GatysStylizer(VGG.backbone()).stylize(photo, List.of(style), List.of(), options,
                new RunContext(cancellation, listener, step -> false, ""), checkpoint);
    }

    @Test
    void aRunStoppedAtIterationFiveResumesToTheSameIterationsAndAComparableLoss() {
        // Two scales (32 then 64 px): 8 iterations, then 4.
        GatysOptions options = GatysOptions.builder().optSize(64).optScales(2).optIterations(12).optSeed(1).build();
        GatysResult uninterrupted = run(content, options, null, -1, new ArrayList<>());
        GatysCheckpoint checkpoint = new GatysCheckpoint(folder.resolve("run.checkpoint"), 3);
        GatysResult stopped = run(content, options, checkpoint, 5, new ArrayList<>());
        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.last().step()).isEqualTo(5);
        assertThat(checkpoint.exists()).isTrue();

        List<StepFinished> events = new ArrayList<>();
        GatysResult resumed = run(content, options, checkpoint, -1, events);
        assertThat(resumed.cancelled()).isFalse();
        assertThat(resumed.resumedAt()).hasValue(5);
        assertThat(events.get(0).step()).isEqualTo(6);
        assertThat(resumed.history().get(6).scale()).isZero();
        assertThat(resumed.last().step()).isEqualTo(uninterrupted.last().step()).isEqualTo(12);
        assertThat(resumed.history()).extracting(HistoryEntry::step)
                .containsExactlyElementsOf(uninterrupted.history().stream().map(HistoryEntry::step).toList());
        assertThat(resumed.image().width()).isEqualTo(64);
        // L-BFGS restarts its curvature memory on resume: close to, not the same as, the uninterrupted loss.
        assertThat(resumed.last().total()).isCloseTo(uninterrupted.last().total(),
                org.assertj.core.data.Percentage.withPercentage(25));
    }

    @Test
    void aTiledRunResumesInTheTileItStoppedIn() {
        RgbImage wide = TestPictures.photo(160, 120, 3);
        // Two 128-px tiles side by side, 4 iterations each.
        GatysOptions options = GatysOptions.builder().optSize(160).optScales(1).optIterations(4).optTileSize(128)
                .optSeed(1).build();
        GatysCheckpoint checkpoint = new GatysCheckpoint(folder.resolve("tiled.checkpoint"), 100);
        GatysResult stopped = run(wide, options, checkpoint, 6, new ArrayList<>());
        assertThat(stopped.cancelled()).isTrue();
        assertThat(stopped.image().width()).isEqualTo(160);
        List<StepFinished> events = new ArrayList<>();
        GatysResult resumed = run(wide, options, checkpoint, -1, events);
        assertThat(events.get(0).step()).isEqualTo(7);
        assertThat(resumed.history().get(7).tile()).isEqualTo(1);
        assertThat(resumed.plan().steps().get(0).tileCount()).isEqualTo(2);
        assertThat(resumed.last().step()).isEqualTo(8);
        assertThat(resumed.history()).hasSize(9);
    }

    @Test
    void resumingWithOtherSettingsIsOneLineNamingWhatDiffers() {
        GatysOptions options = GatysOptions.builder().optSize(64).optScales(1).optIterations(4).build();
        GatysCheckpoint checkpoint = new GatysCheckpoint(folder.resolve("settings.checkpoint"), 2);
        run(content, options, checkpoint, 2, new ArrayList<>());
        assertThatThrownBy(() -> run(content, options.toBuilder().optStyleWeight(7).build(), checkpoint, -1,
                new ArrayList<>()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("different settings")
                .hasMessageContaining("style-weight was")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> run(TestPictures.photo(64, 48, 9), options, checkpoint, -1, new ArrayList<>()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("content-image was");
    }

    @Test
    void aFinishedCheckpointGivesBackItsResultWithoutRunning() {
        GatysOptions options = GatysOptions.builder().optSize(64).optScales(1).optIterations(3).build();
        GatysCheckpoint checkpoint = new GatysCheckpoint(folder.resolve("done.checkpoint"), 10);
        GatysResult finished = run(content, options, checkpoint, -1, new ArrayList<>());
        List<StepFinished> events = new ArrayList<>();
        GatysResult again = run(content, options, checkpoint, -1, events);
        assertThat(events).isEmpty();
        assertThat(again.image()).isEqualTo(finished.image());
        assertThat(again.history()).hasSize(4);
    }
}
