package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Cancellation;
import dev.atelier.UnavailableException;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.RgbImage;
import dev.atelier.progress.RunListener;
import dev.atelier.progress.StepFinished;
import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestFiles;
import dev.atelier.tiling.MemoryBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large prints through the entry point, with the native memory budget set low so that small
 * pictures stand in for large ones: the one-pass methods plan their memory, run in tiles, stop
 * between tiles when asked, and refuse (exit 5) what cannot fit, naming the largest size that can.
 * Before planning, each of these ran in one pass whatever its size, and ignored a stop.
 */
class LargePrintsTest {
    @TempDir
    Path folder;
    private Atelier atelier;
    private Path photo;
    private Map<String, String> magenta;

    @BeforeEach
    void entryPoint() {
        atelier = TestAtelier.in(folder.resolve("home"));
        photo = TestFiles.photo(folder, "strip.png", 560, 128, 1);
        magenta = Map.of("predictor", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_PREDICTOR).toString(),
                "transformer", SharedFiles.model(SharedFiles.MAGENTA, SharedFiles.MAGENTA_TRANSFORMER_F16).toString());
    }

    @AfterEach
    void budget() {
        System.clearProperty(MemoryBudget.BUDGET_PROPERTY);
    }

    /**
     * 70 MB at 1000 bytes a pixel, where the whole 560 x 128 pass needs 72 MB: tiles of 128 (a
     * 264-pixel square less two halos of 64, in steps of 64), six along the strip. (A strip one tile
     * high keeps the pieces, each grown by its halos, small: the test runs in seconds.)
     */
    @Test
    void aMagentaPrintLargerThanItsBudgetIsMadeInTiles() {
        System.setProperty(MemoryBudget.BUDGET_PROPERTY, "70000000");
        List<StepFinished> tiles = new ArrayList<>();
        Path output = folder.resolve("print.png");

        StylizeOutcome outcome = atelier.stylize(request("magenta", magenta, output), collecting(tiles, null),
                Cancellation.never());

        assertThat(outcome.cancelled()).isFalse();
        assertThat(tiles).isNotEmpty().allSatisfy(step -> assertThat(step.stage()).isEqualTo("tile"));
        assertThat(tiles.get(tiles.size() - 1).step()).isEqualTo(tiles.get(0).total()).isEqualTo(6);
        RgbImage result = new ImageLoader().read(output);
        assertThat(result.width()).isEqualTo(560);
        assertThat(result.height()).isEqualTo(128);
    }

    /** Ctrl-C during AdaIN or Magenta used to run to the end and exit 0; now the run ends cancelled. */
    @Test
    void aStopAskedForBetweenTilesEndsAdainAndMagentaRunsCancelled() {
        System.setProperty(MemoryBudget.BUDGET_PROPERTY, "70000000");
        Path decoder = TestFiles.adainDecoder(folder, "decoder.safetensors", 5);
        for (String method : List.of("magenta", "adain")) {
            Map<String, String> options = method.equals("magenta") ? magenta
                    : Map.of("decoder", decoder.toString(), "size", "0", "style-size", "64");
            if (method.equals("adain")) {
                // At 8000 bytes a pixel: more than a 128-pixel tile with its halo (524 MB), less than the
                // whole strip (573 MB).
                System.setProperty(MemoryBudget.BUDGET_PROPERTY, "560000000");
            }
            Cancellation cancellation = new Cancellation();
            List<StepFinished> tiles = new ArrayList<>();

            StylizeOutcome outcome = atelier.stylize(request(method, options, folder.resolve(method + ".png")),
                    collecting(tiles, cancellation), cancellation);

            assertThat(outcome.cancelled()).as(method).isTrue();
            assertThat(tiles).as(method).hasSize(1);
            assertThat(tiles.get(0).total()).as(method).isGreaterThan(1);
        }
    }

    /** Below the smallest tile's needs the request is refused in one line naming the largest size that fits. */
    @Test
    void aPrintThatCannotFitIsRefusedNamingTheLargestSize() {
        photo = TestFiles.photo(folder, "photo.png", 320, 240, 1);
        System.setProperty(MemoryBudget.BUDGET_PROPERTY, "20000000");
        assertThatThrownBy(() -> atelier.stylize(request("magenta", magenta, folder.resolve("no.png")),
                RunListener.silent(), Cancellation.never()))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("the Magenta method cannot make a 320x240 picture here: it needs about")
                .hasMessageContaining("the largest that fits is about 160 pixels on the longest side (size 160)");
        assertThat(folder.resolve("no.png")).doesNotExist();
    }

    private StylizeRequest request(String method, Map<String, String> options, Path output) {
        return StylizeRequest.builder().optMethod(method).optContent(photo)
                .optStyle(SharedFiles.style("starry_night.jpg")).optOptions(options).optOutput(output).build();
    }

    /** Keeps the tile steps; asks {@code cancellation} (when given) to stop after the first. */
    private static RunListener collecting(List<StepFinished> tiles, Cancellation cancellation) {
        return event -> {
            if (event instanceof StepFinished step && step.stage().equals("tile")) {
                tiles.add(step);
                if (cancellation != null) {
                    cancellation.request();
                }
            }
        };
    }
}
