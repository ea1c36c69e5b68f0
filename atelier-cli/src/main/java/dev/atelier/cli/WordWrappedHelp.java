package dev.atelier.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help that wraps between words only. Picocli wraps with the JDK's line {@link java.text.BreakIterator},
 * which also breaks after a dot, a comma or a slash inside a word: {@code (.pth or .safetensors)}
 * became {@code (.pth or .} / {@code safetensors)}, {@code H.264} and {@code e.g.} were cut. Here a
 * line breaks at spaces; only a word longer than the whole column is cut, after its last comma,
 * slash or equals sign that fits (a list of layers), or where the column ends.
 */
final class WordWrappedHelp extends Help {

    /** The factory {@link Main} installs for every command. */
    static final CommandLine.IHelpFactory FACTORY = WordWrappedHelp::new;

    WordWrappedHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout() {
        return wordWrapped(super.createDefaultLayout());
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
            ColorScheme scheme) {
        return wordWrapped(super.createDefaultLayout(options, positionals, scheme));
    }

    @Override
    public String description(Object... params) {
        return paragraphs(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return paragraphs(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return paragraphs(commandSpec().usageMessage().footer(), params);
    }

    /**
     * Picocli's synopsis (the command name right of the heading, wrapped lines under the first option),
     * wrapped between words.
     */
    @Override
    protected String insertSynopsisCommandName(int synopsisHeadingLength, Text optionText) {
        UsageMessageSpec usage = commandSpec().usageMessage();
        int width = usage.width();
        String commandName = commandSpec().qualifiedName();
        int indent = synopsisHeadingLength + commandName.length() + 1;
        if (indent > usage.synopsisAutoIndentThreshold() * width) {
            indent = usage.synopsisIndent() < 0 ? synopsisHeadingLength : usage.synopsisIndent();
            indent = Math.min(indent, (int) (0.9 * width));
        }
        WordTable table = new WordTable(colorScheme(), new Column[] {new Column(width, 0, Column.Overflow.WRAP)});
        table.setAdjustLineBreaksForWideCJKCharacters(usage.adjustLineBreaksForWideCJKCharacters());
        table.indentWrappedLines = indent;
        Text padding = Ansi.OFF.new Text("X".repeat(synopsisHeadingLength), colorScheme());
        table.addRowValues(padding.concat(colorScheme().commandText(commandName)).concat(optionText));
        return table.toString().substring(synopsisHeadingLength);
    }

    private Layout wordWrapped(Layout layout) {
        WordTable table = new WordTable(layout.colorScheme(), layout.textTable().columns());
        table.indentWrappedLines = layout.textTable().indentWrappedLines;
        table.setAdjustLineBreaksForWideCJKCharacters(layout.textTable().isAdjustLineBreaksForWideCJKCharacters());
        return new Layout(layout.colorScheme(), table, layout.optionRenderer(), layout.parameterRenderer());
    }

    /** What picocli's {@code Help.join} does for descriptions, headers and footers, wrapped between words. */
    private String paragraphs(String[] lines, Object... params) {
        if (lines == null || lines.length == 0) {
            return "";
        }
        WordTable table = new WordTable(colorScheme(),
                new Column[] {new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP)});
        table.indentWrappedLines = 0;
        for (String line : lines) {
            for (Text part : colorScheme().text(String.format(line, params)).splitLines()) {
                table.addRowValues(part);
            }
        }
        return table.toString();
    }

    /** A table whose wrapping columns break lines at spaces. */
    static final class WordTable extends TextTable {
        private final ColorScheme scheme;

        WordTable(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (value == null || column.overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            if (plain.isBlank()) {
                return super.putValue(row, col, value);
            }
            // A line that starts indented (a list's item) keeps its indentation, and its wrapped lines too.
            int start = 0;
            int lead = skipSpaces(plain, 0);
            int extra = 0;
            while (true) {
                int room = Math.max(1, column.width - column.indent - extra);
                int end = lineEnd(plain, start, room);
                Text piece = value.substring(start, end);
                if (extra > 0) {
                    piece = scheme.ansi().new Text(" ".repeat(extra), scheme).concat(piece);
                }
                Cell cell = super.putValue(row, col, piece);
                start = skipSpaces(plain, end);
                if (start >= plain.length()) {
                    return cell;
                }
                addEmptyRow();
                row = cell.row + 1;
                extra = lead + indentWrappedLines;
            }
        }

        /** Where a line that starts at {@code start} and holds {@code room} characters ends. */
        static int lineEnd(String text, int start, int room) {
            if (text.length() - start <= room) {
                return text.length();
            }
            int limit = start + room;
            for (int i = limit; i > start; i--) {
                if (text.charAt(i) == ' ') {
                    int end = i;
                    while (end > start && text.charAt(end - 1) == ' ') {
                        end--;
                    }
                    if (end > start) {
                        return end;
                    }
                }
            }
            // One word longer than the column: cut it after a separator if one fits.
            for (int i = limit - 1; i > start; i--) {
                char c = text.charAt(i);
                if (c == ',' || c == '/' || c == '=') {
                    return i + 1;
                }
            }
            return limit;
        }

        private static int skipSpaces(String text, int from) {
            int i = from;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
    }
}
