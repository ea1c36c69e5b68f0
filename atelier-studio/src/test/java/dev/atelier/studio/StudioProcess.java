package dev.atelier.studio;

import java.nio.file.Path;

/**
 * A studio with the fake executor in a process of its own, for tests that kill it with
 * {@code kill -9}. Prints {@code PORT <n>} once listening, then serves until killed.
 *
 * <p>Arguments: the data folder and the fake's milliseconds per step.
 */
public final class StudioProcess {
    private StudioProcess() {}

    public static void main(String[] arguments) throws InterruptedException {
        StudioServer server = StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(Path.of(arguments[0]))
                .build(), new FakeExecutor(Long.parseLong(arguments[1])));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
