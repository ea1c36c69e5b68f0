package dev.atelier.batch;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atelier.report.Report;
import dev.atelier.report.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Recognises the files Atelier wrote, so that a folder of photos that also holds results (a batch
 * run into its own photo folder) never feeds those results back in as photos: an image or clip is Atelier's
 * when its JSON report beside it says so, or when the folder's batch manifest lists it, or when it is
 * that batch's contact sheet.
 */
final class OwnOutputs {
    private final Map<Path, Set<String>> manifestFiles = new HashMap<>();

    /** Whether {@code image} (a picture or clip) is a result (or contact sheet) an Atelier run wrote. */
    boolean isAtelierOutput(Path image) {
        Path folder = image.toAbsolutePath().getParent();
        String name = image.getFileName().toString();
        if (manifestFiles.computeIfAbsent(folder, OwnOutputs::listedInManifest)
                .contains(PairNames.stem(image).toLowerCase(Locale.ROOT))) {
            return true;
        }
        return reportClaims(Report.sidecarOf(image), name);
    }

    /** Whether the JSON beside an image or clip is an Atelier report whose output image or video is that file. */
    private static boolean reportClaims(Path sidecar, String imageName) {
        if (!Files.isRegularFile(sidecar)) {
            return false;
        }
        try {
            JsonObject report = StrictJson.parseObject(Files.readString(sidecar, StandardCharsets.UTF_8));
            JsonElement outputs = report.get("outputs");
            if (!Report.isReport(report) || outputs == null || !outputs.isJsonObject()) {
                return false;
            }
            for (String kind : new String[] {"image", "video"}) {
                JsonElement output = outputs.getAsJsonObject().get(kind);
                if (output != null && output.isJsonPrimitive()
                        && Path.of(output.getAsString()).getFileName().toString().equals(imageName)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException notAReport) {
            return false;
        }
    }

    /** Stems of the results and contact sheet of a batch manifest in {@code folder}, in lower case. */
    private static Set<String> listedInManifest(Path folder) {
        Set<String> names = new HashSet<>();
        if (!Files.isRegularFile(folder.resolve(Manifest.FILE_NAME))) {
            return names;
        }
        try {
            for (ManifestEntry entry : Manifest.read(folder)) {
                names.add(entry.name().toLowerCase(Locale.ROOT));
            }
        } catch (RuntimeException unreadable) {
            // A damaged or foreign manifest vouches for nothing; the reports beside the images still do.
        }
        names.add("contact-sheet");
        return names;
    }
}
