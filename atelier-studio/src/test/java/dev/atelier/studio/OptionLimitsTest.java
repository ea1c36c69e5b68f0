package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.api.Atelier;
import dev.atelier.io.ReadOptions;
import dev.atelier.models.ModelStore;
import dev.atelier.weights.download.DownloadSettings;
import dev.atelier.weights.download.WeightsCache;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/methods} gives every number's real limits: a bound it names is enforced (just past
 * it is refused, naming the option), and a bound it leaves open is open (an extreme value is not
 * refused for that option). It once gave null limits for {@code size} while 16384 was enforced.
 */
class OptionLimitsTest {
    private static final List<String> NUMERIC = List.of("integer", "number", "list");

    @TempDir
    static Path folder;
    private static LibraryJobExecutor executor;
    private static Path photo;
    private static Path painting;

    @BeforeAll
    static void start() throws IOException {
        ModelStore models = new ModelStore(new WeightsCache(folder.resolve("home")), DownloadSettings.defaults(), null,
                false);
        executor = new LibraryJobExecutor(new Atelier(models), ReadOptions.defaults());
        photo = Files.write(folder.resolve("content.png"), TestPictures.png(64, 48, Color.ORANGE));
        painting = Files.write(folder.resolve("style-1.png"), TestPictures.png(48, 48, Color.GRAY));
    }

    @Test
    void everyBoundGivenIsEnforcedAndEveryBoundLeftOpenIsOpen() {
        List<String> checked = new ArrayList<>();
        for (MethodInfo method : executor.methods()) {
            for (MethodOption option : method.options()) {
                boolean list = option.kind().equals("list");
                if (!NUMERIC.contains(option.kind()) || list && option.min() == null && option.max() == null) {
                    // A list of names (layers) has no range; a list of numbers bounds each number.
                    continue;
                }
                String where = method.name() + " " + option.name();
                boolean whole = option.kind().equals("integer");
                if (option.max() != null) {
                    assertRefused(method, option, text(option.max() + (whole ? 1 : Math.max(1, option.max())), whole),
                            where + " above its max " + option.max());
                } else if (!list) {
                    assertNotRefused(method, option, whole ? Integer.toString(Integer.MAX_VALUE) : "1e300",
                            where + " (no max)");
                }
                if (option.min() != null) {
                    assertRefused(method, option, text(option.min() - 1, whole), where + " below its min "
                            + option.min());
                } else if (!list) {
                    assertNotRefused(method, option, whole ? Integer.toString(Integer.MIN_VALUE) : "-1e300",
                            where + " (no min)");
                }
                checked.add(where);
            }
        }
        assertThat(checked).contains("gatys size", "gatys iterations", "gatys lr", "adain alpha", "magenta style-size",
                "feedforward size", "gatys style-weights");
    }

    @Test
    void theSizeOfEveryMethodIsBoundedBy16384() {
        for (MethodInfo method : executor.methods()) {
            MethodOption size = method.option("size");
            assertThat(size.max()).as(method.name()).isEqualTo(16384.0);
            assertThat(size.min()).as(method.name()).isNotNull();
        }
    }

    private static String text(double value, boolean whole) {
        return whole ? Long.toString((long) value) : new BigDecimal(value).toPlainString();
    }

    private static void assertRefused(MethodInfo method, MethodOption option, String value, String description) {
        assertThatThrownBy(() -> executor.validate(submission(method, option.name(), value))).as(description + ": "
                + value).isInstanceOfSatisfying(JobRejectedException.class,
                        refused -> assertThat(refused.field()).as(description + ": " + refused.getMessage())
                                .isEqualTo("options." + option.name()));
    }

    private static void assertNotRefused(MethodInfo method, MethodOption option, String value, String description) {
        try {
            executor.validate(submission(method, option.name(), value));
        } catch (JobRejectedException refused) {
            assertThat(refused.field()).as(description + ": " + value + " refused: " + refused.getMessage())
                    .isNotEqualTo("options." + option.name());
        }
    }

    private static JobSubmission submission(MethodInfo method, String key, String value) {
        boolean models = method.usesModel();
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (method.name().equals("gatys")) {
            options.put("backbone", "random-vgg19");
            options.put("size", "64");
        }
        options.put(key, value);
        return new JobSubmission(method.name(), photo, models ? List.of() : List.of(painting),
                models ? "candy" : null, options);
    }
}
