package dev.atelier.batch;

import dev.atelier.io.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code index.html}: every pair with a thumbnail linking its result (a player for a clip), a link to
 * its report, and its status (failures with their reason), plus the contact sheet and whether it shows
 * everything. Links are relative, so the folder can be moved or served as it is.
 */
final class IndexPage {
    /** The page's file name in the output folder. */
    static final String FILE_NAME = "index.html";

    private IndexPage() {}

    static void write(Path file, String method, BatchPlan plan, Manifest manifest, ContactSheet sheet,
            Path sheetFile, int thumbnailSize) {
        String html = render(method, plan, manifest, sheet, sheetFile, thumbnailSize);
        AtomicFiles.write(file, output -> output.write(html.getBytes(StandardCharsets.UTF_8)));
    }

    static String render(String method, BatchPlan plan, Manifest manifest, ContactSheet sheet, Path sheetFile,
            int thumbnailSize) {
        StringBuilder html = new StringBuilder(4096 + 400 * plan.pairs().size());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>Atelier batch (").append(HtmlText.escape(method)).append(")</title>\n")
                .append("<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:middle}")
                .append(".failed{color:#a00}.pending,.running{color:#777}img,video{display:block}</style>\n")
                .append("</head>\n<body>\n<h1>Atelier batch</h1>\n");
        long pending = manifest.count(PairStatus.PENDING) + manifest.count(PairStatus.RUNNING);
        html.append(String.format(Locale.ROOT,
                "<p>Method %s · %d pairs: %d done, %d failed, %d pending · updated %s</p>%n",
                HtmlText.escape(method), manifest.size(), manifest.count(PairStatus.DONE),
                manifest.count(PairStatus.FAILED), pending, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        html.append("<p><a href=\"").append(HtmlText.href(manifest.relative(sheetFile))).append("\">Contact sheet</a>");
        if (sheet.truncated()) {
            html.append(String.format(Locale.ROOT, " (shows the first %d of %d photos and %d of %d styles; "
                    + "this page lists every pair)", sheet.shownContents(), plan.contents().size(),
                    sheet.shownStyles(), plan.styles().size()));
        }
        html.append(" · <a href=\"").append(HtmlText.href(Manifest.FILE_NAME)).append("\">manifest</a></p>\n");
        html.append("<table>\n<tr><th>#</th><th>result</th><th>photo</th><th>style</th><th>report</th>"
                + "<th>status</th><th>seconds</th></tr>\n");
        for (int i = 0; i < manifest.size(); i++) {
            ManifestEntry entry = manifest.entry(i);
            BatchPlan.Pair pair = plan.pairs().get(i);
            String output = HtmlText.href(manifest.relative(manifest.output(i)));
            String report = HtmlText.href(manifest.relative(manifest.report(i)));
            String name = HtmlText.escape(entry.name());
            html.append("<tr><td>").append(i).append("</td><td>");
            if (entry.status() == PairStatus.DONE && manifest.isClip(i)) {
                // A clip plays in place (its first frame shown until then); the name links the file.
                html.append("<video src=\"").append(output).append("\" controls muted preload=\"metadata\" width=\"")
                        .append(thumbnailSize).append("\"></video><a href=\"").append(output).append("\">")
                        .append(name).append("</a>");
            } else if (entry.status() == PairStatus.DONE) {
                html.append("<a href=\"").append(output).append("\"><img src=\"").append(output)
                        .append("\" loading=\"lazy\" width=\"").append(thumbnailSize).append("\" alt=\"")
                        .append(name).append("\"></a><a href=\"").append(output).append("\">").append(name)
                        .append("</a>");
            } else {
                html.append(name);
            }
            html.append("</td><td>").append(HtmlText.escape(plan.contentOf(pair).getFileName().toString()))
                    .append("</td><td>").append(HtmlText.escape(plan.styleOf(pair).getFileName().toString()))
                    .append("</td><td>");
            if (entry.status() == PairStatus.DONE) {
                html.append("<a href=\"").append(report).append("\">report</a>");
            }
            html.append("</td><td class=\"").append(entry.status().displayName()).append("\">")
                    .append(entry.status().displayName());
            if (entry.error() != null) {
                html.append(": ").append(HtmlText.escape(entry.error()));
            }
            html.append("</td><td>");
            if (entry.seconds() > 0) {
                html.append(String.format(Locale.ROOT, "%.1f", entry.seconds()));
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n</body>\n</html>\n");
        return html.toString();
    }
}
