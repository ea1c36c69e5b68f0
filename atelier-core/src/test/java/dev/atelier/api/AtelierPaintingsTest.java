package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import dev.atelier.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Front ends learn a model file's paintings through the entry point, for choices and blend sliders. */
class AtelierPaintingsTest {
    @TempDir
    Path folder;

    @Test
    void aNetworkOfSeveralListsItsPaintingsInOrderAndANetworkOfOneNone() {
        Path three = TestFiles.multiStyleModel(folder, "three.safetensors", List.of("candy.jpg", "mosaic.jpg",
                "udnie.jpg"), 5);
        Path one = TestFiles.feedForwardModel(folder, "one.safetensors", 6);

        assertThat(Atelier.paintings(three)).containsExactly("candy.jpg", "mosaic.jpg", "udnie.jpg");
        assertThat(Atelier.paintings(one)).isEmpty();
    }

    @Test
    void aFileThatIsNoAtelierModelIsRefusedNamingIt() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.safetensors"), "not a model at all");

        assertThatThrownBy(() -> Atelier.paintings(text)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(text + ": ");
    }
}
