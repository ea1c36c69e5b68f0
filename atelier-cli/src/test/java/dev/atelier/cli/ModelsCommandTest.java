package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code atelier models}: what a user reads about each network Atelier can fetch by name. */
class ModelsCommandTest {

    /** Johnson et al.'s ten released Torch7 networks: release folder and painting, as their site names them. */
    private static final List<String[]> JOHNSON = List.of(
            new String[] {"eccv16", "the_wave"}, new String[] {"eccv16", "starry_night"},
            new String[] {"eccv16", "la_muse"}, new String[] {"eccv16", "composition_vii"},
            new String[] {"instance_norm", "candy"}, new String[] {"instance_norm", "la_muse"},
            new String[] {"instance_norm", "mosaic"}, new String[] {"instance_norm", "feathers"},
            new String[] {"instance_norm", "the_scream"}, new String[] {"instance_norm", "udnie"});

    /** A digest recorded at the first download is shown as such; none yet says when it will be. */
    private static final String RECORDED_DIGEST =
            "    SHA-256 (not published: recorded at first download|[0-9a-f]{64} \\(recorded at first download\\))";

    @Test
    void listsJohnsonsTenTorch7NetworksWithTheirSizesSourcesAndDigestState() {
        CommandLineRun run = CommandLineRun.of("models");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        for (String[] network : JOHNSON) {
            String folder = network[0];
            String painting = network[1];
            String name = "johnson-" + (folder.equals("eccv16") ? "eccv16-" : "") + painting.replace('_', '-');
            List<String> entry = entry(run.out(), name).orElseThrow(() -> new AssertionError(
                    "'atelier models' does not list " + name + ":\n" + run.out()));
            assertThat(entry.get(0)).as(name).contains("'" + painting + "'").contains("Torch7");
            assertThat(entry.get(1)).isEqualTo("  used by: feedforward model");
            assertThat(entry.get(2)).matches("  (not cached|cached: .*\\.t7)");
            // No exact size is published: an estimate in MB, as for the other unpublished files.
            assertThat(entry.get(3)).matches("  file: fast-neural-style-" + folder + "-" + painting
                    + "\\.t7, about " + (folder.equals("eccv16") ? "45" : "4") + " MB");
            assertThat(entry.get(4)).matches(RECORDED_DIGEST);
            assertThat(entry.subList(5, entry.size())).containsExactly(
                    "    from https://cs.stanford.edu/people/jcjohns/fast-neural-style/models/" + folder + "/"
                            + painting + ".t7",
                    "    from https://www.cs.stanford.edu/people/jcjohns/fast-neural-style/models/" + folder + "/"
                            + painting + ".t7");
        }
        long listed = run.out().lines().filter(line -> line.startsWith("johnson-")).count();
        assertThat(listed).isEqualTo(JOHNSON.size());
    }

    @Test
    void theTorch7EntriesReadAsTheOtherEntriesDo() {
        CommandLineRun run = CommandLineRun.of("models");

        assertThat(run.exitCode()).as(run.err()).isZero();
        // A file with a published digest and size: exact bytes and where the digest comes from.
        List<String> onnx = entry(run.out(), "onnx-candy").orElseThrow();
        assertThat(onnx.get(3)).isEqualTo("  file: onnx-candy-9.onnx, 6,728,029 bytes");
        assertThat(onnx.get(4)).startsWith("    SHA-256 9d11a3529d1e547da6ae07201d93484dbab2ec0a3614535752c8f40f0fe2968a (");
        // pytorch/examples' zip publishes no digest either: the same words as the Torch7 files.
        List<String> zip = entry(run.out(), "pytorch-examples-models").orElseThrow();
        assertThat(zip.get(3)).isEqualTo("  file: pytorch-examples-saved_models.zip, about 25 MB");
        assertThat(zip.get(4)).matches(RECORDED_DIGEST);
        assertThat(entry(run.out(), "johnson-candy").orElseThrow().get(4)).matches(RECORDED_DIGEST);
    }

    /** The lines of the entry whose first line starts with {@code name — }. */
    private static Optional<List<String>> entry(String out, String name) {
        return Arrays.stream(out.split("\\R\\R")).map(block -> block.lines().toList())
                .filter(lines -> !lines.isEmpty() && lines.get(0).startsWith(name + " — ")).findFirst();
    }
}
