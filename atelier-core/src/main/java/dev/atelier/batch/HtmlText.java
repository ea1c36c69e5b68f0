package dev.atelier.batch;

import java.nio.charset.StandardCharsets;

/** Escaping for text and links in the index page. */
final class HtmlText {
    private HtmlText() {}

    /** Text safe inside elements and quoted attributes. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char character = text.charAt(i);
            switch (character) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(character);
            }
        }
        return escaped.toString();
    }

    /**
     * A relative path ({@code gen_3/a b.png}) as a URL path: every byte outside RFC 3986's unreserved
     * characters percent-encoded, segment by segment, so names with spaces, {@code #} or {@code ?}
     * still link to their file.
     */
    static String href(String relativePath) {
        StringBuilder url = new StringBuilder();
        for (byte value : relativePath.getBytes(StandardCharsets.UTF_8)) {
            int unsigned = value & 0xff;
            if (unsigned == '/' || (unsigned >= 'a' && unsigned <= 'z') || (unsigned >= 'A' && unsigned <= 'Z')
                    || (unsigned >= '0' && unsigned <= '9') || unsigned == '-' || unsigned == '.' || unsigned == '_'
                    || unsigned == '~') {
                url.append((char) unsigned);
            } else {
                url.append('%').append(Character.toUpperCase(Character.forDigit(unsigned >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(unsigned & 15, 16)));
            }
        }
        return escape(url.toString());
    }
}
