package dev.atelier.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.testing.SharedFiles;
import dev.atelier.testing.TestPictures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's in-memory example, taken from the README as it stands, compiled against the library
 * and run: the README cannot drift from the API.
 */
class ReadmeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path folder;

    @Test
    void theInMemoryExampleCompilesAndRepaintsABufferedImage() throws Exception {
        String readme = Files.readString(SharedFiles.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        String example = null;
        Matcher blocks = JAVA_BLOCK.matcher(readme);
        while (blocks.find()) {
            if (blocks.group(1).contains("public class Repaint")) {
                example = blocks.group(1);
            }
        }
        assertThat(example).as("the README's Repaint example").isNotNull();
        assertThat(example).contains("import ").doesNotContain("...").doesNotContain("…");
        Path source = folder.resolve("Repaint.java");
        Files.writeString(source, example, StandardCharsets.UTF_8);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-d", folder.toString(), source.toString()));
        int status = compiler.run(null, messages, messages, arguments.toArray(String[]::new));
        assertThat(status).as(messages.toString(StandardCharsets.UTF_8)).isZero();

        BufferedImage photo = TestPictures.photo(48, 32, 1).toBufferedImage();
        BufferedImage painting = TestPictures.painting(40, 40, 2).toBufferedImage();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()},
                getClass().getClassLoader())) {
            Method repaint = loader.loadClass("Repaint").getMethod("repaint", BufferedImage.class,
                    BufferedImage.class, int.class);
            BufferedImage result = (BufferedImage) repaint.invoke(null, photo, painting, 32);
            assertThat(result.getWidth()).isEqualTo(32);
            assertThat(result.getHeight()).isEqualTo(21);
        } catch (IOException closing) {
            throw new IllegalStateException(closing);
        }
    }
}
