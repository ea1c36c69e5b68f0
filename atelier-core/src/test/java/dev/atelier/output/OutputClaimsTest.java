package dev.atelier.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import dev.atelier.UnavailableException;
import dev.atelier.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputClaimsTest {
    @TempDir
    Path folder;

    @Test
    void anOutputThatIsAnInputByAnotherSpellingOrThroughALinkIsRefusedNamingBoth() throws IOException {
        Path photo = Files.writeString(folder.resolve("photo.jpg"), "x");
        Path link = Files.createSymbolicLink(folder.resolve("link.jpg"), photo);
        OutputClaims claims = new OutputClaims();
        claims.input("content", "content image", photo);

        assertThatThrownBy(() -> claims.output("output", "result image", folder.resolve("sub/../photo.jpg")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("output: the result image '" + folder.resolve("sub/../photo.jpg")
                        + "' would overwrite the content image '" + photo + "'; choose another name");
        assertThatThrownBy(() -> claims.output("plot", "loss plot", link))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("plot: the loss plot");
    }

    @Test
    void twoOutputsOfOneRunMustBeTwoFiles() {
        OutputClaims claims = new OutputClaims();
        claims.output("output", "result image", folder.resolve("a.png"));

        assertThatThrownBy(() -> claims.output("report", "report", folder.resolve("./a.png")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("and the result image '" + folder.resolve("a.png") + "' are one file");
    }

    @Test
    void filesNotYetWrittenCompareByTheirFolderRealPath() throws IOException {
        Path real = Files.createDirectory(folder.resolve("real"));
        Path alias = Files.createSymbolicLink(folder.resolve("alias"), real);

        assertThat(OutputClaims.identity(alias.resolve("new.png")))
                .isEqualTo(OutputClaims.identity(real.resolve("new.png")));
        assertThat(OutputClaims.identity(alias.resolve("deeper/new.png")))
                .isEqualTo(real.toRealPath().resolve("deeper/new.png"));
    }

    @Test
    void anUnwritableFolderIsFoundBeforeAnyWork() {
        Path unwritable = TestFiles.unwritableFolder(folder);
        OutputClaims claims = new OutputClaims();
        claims.output("output", "result image", unwritable.resolve("out.png"));

        assertThatThrownBy(claims::requireWritable).isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith(OutputClaims.identity(unwritable) + ": cannot write into the output folder");
        assertThatThrownBy(() -> OutputClaims.requireWritable(folder.resolve("missing")))
                .isInstanceOf(UnavailableException.class).hasMessageEndingWith("the output folder does not exist");
    }
}
