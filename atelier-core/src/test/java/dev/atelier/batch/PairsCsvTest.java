package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Explicit pair lists as users write them by hand or export them from a spreadsheet. */
class PairsCsvTest {
    @TempDir
    Path folder;
    private Path csv;

    @BeforeEach
    void inputs() throws IOException {
        Files.createDirectories(folder.resolve("photos"));
        Files.createDirectories(folder.resolve("art"));
        String[] names = {"photos/a.jpg", "photos/b, with comma.png", "art/starry.jpg", "art/wave.png"};
        for (String name : names) {
            Files.writeString(folder.resolve(name), "not decoded while planning");
        }
        csv = folder.resolve("pairs.csv");
    }

    private BatchPlan read(String text) throws IOException {
        Files.writeString(csv, text);
        return PairsCsv.read(csv);
    }

    @Test
    void readsPairsRelativeToTheFileWithHeaderQuotesCommentsAndNames() throws IOException {
        BatchPlan plan = read("\uFEFFcontent,style,name\n"
                + "# photos first\n"
                + "photos/a.jpg,art/starry.jpg\n"
                + "\n"
                + "\"photos/b, with comma.png\" , art/wave.png , my result.png\n"
                + "photos/a.jpg,art/wave.png,\"quoted \"\"name\"\"\"\n");

        assertThat(plan.contents()).containsExactly(folder.resolve("photos/a.jpg"),
                folder.resolve("photos/b, with comma.png"));
        assertThat(plan.styles()).containsExactly(folder.resolve("art/starry.jpg"), folder.resolve("art/wave.png"));
        assertThat(plan.pairs()).containsExactly(new BatchPlan.Pair(0, 0, "a__starry"),
                new BatchPlan.Pair(1, 1, "my result"), new BatchPlan.Pair(0, 1, "quoted \"name\""));
    }

    @Test
    void aHeaderIsOptional() throws IOException {
        assertThat(read("photos/a.jpg,art/starry.jpg").pairs()).containsExactly(new BatchPlan.Pair(0, 0, "a__starry"));
    }

    @Test
    void aWrongNumberOfFieldsNamesTheLine() {
        assertThatThrownBy(() -> read("content,style\nphotos/a.jpg,art/starry.jpg\nphotos/a.jpg\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": line 3: expected content,style[,name] but found 1 field");
    }

    @Test
    void aMissingImageNamesTheLineAndThePath() {
        assertThatThrownBy(() -> read("photos/a.jpg,art/starry.jpg\nphotos/typo.jpg,art/starry.jpg\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(csv + ": line 2: content image 'photos/typo.jpg' not found");
    }

    @Test
    void aRepeatedResultNameNamesBothLines() {
        assertThatThrownBy(() -> read("photos/a.jpg,art/starry.jpg\nphotos/a.jpg,art/wave.png\n"
                + "photos/a.jpg,art/starry.jpg\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessage(csv + ": line 3: result name 'a__starry' is already used on line 1");
    }

    @Test
    void aNameThatIsAPathIsRefused() {
        assertThatThrownBy(() -> read("photos/a.jpg,art/starry.jpg,../escape\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("line 1: result name '../escape'")
                .hasMessageContaining("a name, not a path");
    }

    @Test
    void anUnclosedQuoteAndAnEmptyListAreErrors() {
        assertThatThrownBy(() -> read("\"photos/a.jpg,art/starry.jpg\n"))
                .isInstanceOf(BadInputException.class).hasMessage(csv + ": line 1: a quoted field is not closed");
        assertThatThrownBy(() -> read("content,style\n# nothing yet\n"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("lists no pairs");
    }
}
