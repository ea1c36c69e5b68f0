package dev.atelier.report;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of Atelier and what it runs on, for reports: a result is reproducible only with them. */
public final class Versions {
    private Versions() {}

    /** Atelier's own version, from the build. */
    public static String atelier() {
        try (InputStream input = Versions.class.getResourceAsStream("/dev/atelier/version.properties")) {
            if (input == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(input);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Atelier, DJL, the engine (PyTorch) and Java versions. */
    public static Map<String, String> all() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("atelier", atelier());
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put(engine.getEngineName().toLowerCase(java.util.Locale.ROOT), engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }
}
