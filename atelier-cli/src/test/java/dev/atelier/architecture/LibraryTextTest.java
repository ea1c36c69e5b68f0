package dev.atelier.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library names no command-line flag: its messages name options by key ({@code {style-weight}})
 * so that each front end can spell them its own way. A string literal outside the CLI that holds
 * {@code --something} would reach a web page saying {@code --something}. Every module but the command
 * line's is library.
 */
class LibraryTextTest {
    private static final Pattern FLAG_IN_STRING = Pattern.compile("\"[^\"\\n]*--[a-z][a-z-]*[^\"\\n]*\"");

    @Test
    void noStringOutsideTheCommandLineNamesAFlag() throws IOException {
        Path root = SharedFiles.projectRoot();
        List<String> found = new ArrayList<>();
        List<Path> modules;
        try (Stream<Path> children = Files.list(root)) {
            modules = children.filter(path -> path.getFileName().toString().startsWith("atelier-")
                    && !path.getFileName().toString().equals("atelier-cli")).toList();
        }
        assertThat(modules).extracting(path -> path.getFileName().toString()).contains("atelier-core", "atelier-studio");
        for (Path module : modules) {
            Path sources = module.resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    Matcher matcher = FLAG_IN_STRING.matcher(text);
                    while (matcher.find()) {
                        found.add(root.relativize(file) + ": " + matcher.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
