package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./atelier} script's java command line in each device mode, printed by its
 * {@code ATELIER_PRINT_COMMAND} dry run from a copy of the script beside a lib folder holding this
 * test's own dependency jars (pytorch-native-cpu among them): in GPU mode no jar that would make DJL
 * use a bundled build is on the class path, by DJL 0.35's own rule (a {@code native/lib/pytorch.properties}
 * without {@code placeholder}: {@code ai.djl.util.Platform#detectPlatform}), so it fetches the flavor
 * named in {@code PYTORCH_FLAVOR}.
 */
class LauncherClassPathTest {
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";

    @TempDir
    Path folder;
    private Path script;
    private List<Path> libraries;

    @BeforeEach
    void layout() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        script = folder.resolve("atelier");
        Files.copy(root.resolve("atelier"), script);
        Path target = Files.createDirectories(folder.resolve("atelier-cli/target"));
        Files.createFile(target.resolve("atelier.jar"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        libraries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
                Path link = lib.resolve(jar.getFileName());
                if (!Files.exists(link)) {
                    libraries.add(Files.createSymbolicLink(link, jar));
                }
            }
        }
        assertThat(libraries).extracting(path -> path.getFileName().toString())
                .anyMatch(name -> name.startsWith("pytorch-native-cpu-"))
                .anyMatch(name -> name.startsWith("pytorch-jni-"));
    }

    private record Launch(int exitCode, List<String> lines, String err) {
        String classPath() {
            int at = lines.indexOf("-cp");
            return at < 0 ? null : lines.get(at + 1);
        }

        List<String> classPathNames() {
            return Arrays.stream(classPath().split(":")).map(entry -> Path.of(entry).getFileName().toString())
                    .toList();
        }
    }

    private Launch launch(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ATELIER_DEVICE");
        builder.environment().remove("PYTORCH_FLAVOR");
        builder.environment().remove("ATELIER_OFFLINE_NATIVES");
        builder.environment().put("ATELIER_PRINT_COMMAND", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Launch(process.waitFor(), out.lines().toList(), err);
    }

    /** Whether DJL would take this jar for a bundled PyTorch build (Platform#detectPlatform). */
    private static boolean bundlesANativeBuild(Path jar) throws IOException {
        if (Files.size(jar) == 0) {
            return false;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(NATIVE_PROPERTIES);
            if (entry == null) {
                return false;
            }
            Properties properties = new Properties();
            try (InputStream input = zip.getInputStream(entry)) {
                properties.load(input);
            }
            return properties.getProperty("placeholder") == null;
        }
    }

    @Test
    void gpuModeLeavesEveryBundledBuildOffTheClassPathAndAsksDjlForCuda128() throws Exception {
        Launch gpu = launch(Map.of("ATELIER_DEVICE", "gpu"), "stylize", "--content", "a photo.jpg");

        assertThat(gpu.exitCode()).as(gpu.err()).isZero();
        assertThat(gpu.lines()).first().isEqualTo("PYTORCH_FLAVOR=cu128");
        assertThat(gpu.lines()).contains("-Dai.djl.offline=false").doesNotContain("-jar");
        assertThat(gpu.lines().subList(gpu.lines().size() - 4, gpu.lines().size()))
                .containsExactly("dev.atelier.cli.Main", "stylize", "--content", "a photo.jpg");
        List<String> names = gpu.classPathNames();
        assertThat(names.get(0)).isEqualTo("atelier.jar");
        assertThat(names).noneMatch(name -> name.startsWith("pytorch-native-"))
                .anyMatch(name -> name.startsWith("pytorch-jni-"))
                .anyMatch(name -> name.startsWith("pytorch-engine-"))
                .anyMatch(name -> name.startsWith("api-"));
        for (String entry : gpu.classPath().split(":")) {
            assertThat(bundlesANativeBuild(Path.of(entry))).as(entry).isFalse();
        }
        // Everything else in lib is there.
        long bundled = 0;
        for (Path library : libraries) {
            if (bundlesANativeBuild(library)) {
                bundled++;
            }
        }
        assertThat(bundled).isPositive();
        assertThat(names).hasSize(1 + libraries.size() - (int) bundled);
    }

    @Test
    void anotherFlavorIsPassedOnAndItsJniGlueIsFetchedRatherThanMissedInTheJar() throws Exception {
        Launch gpu = launch(Map.of("ATELIER_DEVICE", "GPU", "PYTORCH_FLAVOR", "cu126"), "stylize");

        assertThat(gpu.lines()).first().isEqualTo("PYTORCH_FLAVOR=cu126");
        assertThat(gpu.classPathNames()).noneMatch(name -> name.startsWith("pytorch-native-"))
                .noneMatch(name -> name.startsWith("pytorch-jni-"));
    }

    @Test
    void cpuAndAutoRunTheJarWithItsCpuBuildOffline() throws Exception {
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("ATELIER_DEVICE", "cpu"),
                Map.of("ATELIER_DEVICE", "auto"))) {
            Launch cpu = launch(environment, "models");
            assertThat(cpu.exitCode()).as(cpu.err()).isZero();
            assertThat(cpu.lines()).contains("-Dai.djl.offline=true").doesNotContain("-cp")
                    .noneMatch(line -> line.startsWith("PYTORCH_FLAVOR"));
            assertThat(cpu.lines().subList(cpu.lines().size() - 3, cpu.lines().size()))
                    .containsExactly("-jar", folder.resolve("atelier-cli/target/atelier.jar").toString(), "models");
        }
    }

    @Test
    void anUnknownDeviceIsOneLineAndUsage() throws Exception {
        Launch wrong = launch(Map.of("ATELIER_DEVICE", "cuda"), "models");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.lines()).isEmpty();
        assertThat(wrong.err()).isEqualTo("atelier: error: ATELIER_DEVICE must be cpu, gpu or auto, not 'cuda'\n");
    }
}
