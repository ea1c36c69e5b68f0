package dev.atelier.studio;

import java.nio.file.Path;

/**
 * A studio with the fake executor in a process of its own, for tests that kill it with
 * {@code kill -9} or start two on one folder. Prints {@code PORT <n>} once listening, then serves
 * until killed. A studio refused the folder prints {@code atelier: error: <why>} and exits 5, as
 * {@code atelier serve} does.
 *
 * <p>Arguments: the data folder and the fake's milliseconds per step.
 */
public final class StudioProcess {
    private StudioProcess() {}

    public static void main(String[] arguments) throws InterruptedException {
        StudioServer server;
        try {
            server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(Path.of(arguments[0]))
                    .build(), new FakeExecutor(Long.parseLong(arguments[1])));
        } catch (StudioLockedException locked) {
            System.err.println("atelier: error: " + locked.getMessage());
            System.exit(5);
            return;
        }
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** Starts one on {@code data}, its output and errors merged. */
    static Process start(Path data, long stepMillis) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StudioProcess.class.getName(), data.toString(),
                Long.toString(stepMillis)).redirectErrorStream(true).start();
    }
}
