package dev.atelier.cli;

import dev.atelier.AtelierException;
import dev.atelier.InvalidOptionException;
import dev.atelier.api.Methods;
import dev.atelier.method.StyleMethod;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command-line flags of the library's option schemas: {@code --key} for every key, its help
 * written from the schemas (description, default per method, which methods take it), and after
 * parsing, the values the user gave, refused when the chosen method does not take them. Options
 * left out keep the library's defaults, which are written there only.
 */
final class OptionFlags {
    private final Map<String, List<String>> owners = new LinkedHashMap<>();

    private OptionFlags() {}

    /** The flag of an option key. */
    static String flag(String key) {
        return "--" + key;
    }

    /** A library message with every {@code {key}} spelt as this command line's flag. */
    static String render(AtelierException failure) {
        return failure.render(OptionFlags::flag);
    }

    /** A library text (a warning) with every {@code {key}} spelt as a flag. */
    static String render(String text) {
        return AtelierException.spell(text, OptionFlags::flag);
    }

    /**
     * Adds a flag for every key of the schemas that {@code spec} does not declare itself.
     *
     * @param schemas by owner (a method's name, or a name for the command's own settings)
     */
    static OptionFlags declare(CommandSpec spec, Map<String, OptionSchema<?, ?>> schemas) {
        OptionFlags flags = new OptionFlags();
        Map<String, Map<String, OptionInfo>> byKey = new LinkedHashMap<>();
        schemas.forEach((owner, schema) -> {
            for (OptionInfo info : schema.describe()) {
                byKey.computeIfAbsent(info.key(), key -> new LinkedHashMap<>()).put(owner, info);
                flags.owners.computeIfAbsent(info.key(), key -> new ArrayList<>()).add(owner);
            }
        });
        byKey.forEach((key, infos) -> {
            if (spec.findOption(flag(key)) != null) {
                return;
            }
            OptionInfo first = infos.values().iterator().next();
            OptionSpec.Builder option = OptionSpec.builder(flag(key)).type(String.class)
                    .description(help(infos, schemas.size()));
            // A flag that may stand alone for one method stands alone for all.
            boolean switchable = infos.values().stream().anyMatch(info -> !info.bareSwitch().isEmpty());
            if (switchable) {
                option.arity("0..1").fallbackValue("true").paramLabel(first.kind().equals("boolean") ? "BOOLEAN"
                        : first.label());
            } else {
                option.arity("1").paramLabel(first.label().isEmpty() ? "VALUE" : first.label());
            }
            spec.addOption(option.build());
        });
        return flags;
    }

    /**
     * Description (per owner when they differ: Magenta's {@code --style-size} is not AdaIN's), then the
     * default (per owner when they differ), then who takes it when not all do.
     */
    private static String help(Map<String, OptionInfo> infos, int ownerCount) {
        OptionInfo first = infos.values().iterator().next();
        Map<String, List<String>> ownersByDescription = new LinkedHashMap<>();
        infos.forEach((owner, info) -> ownersByDescription.computeIfAbsent(info.description(), d -> new ArrayList<>())
                .add(owner));
        StringBuilder text = new StringBuilder();
        if (ownersByDescription.size() == 1) {
            text.append(escape(render(first.description())));
        } else {
            ownersByDescription.forEach((description, owners) -> text.append(text.length() > 0 ? " " : "")
                    .append(String.join(", ", owners)).append(": ").append(escape(render(description))));
        }
        if (!first.choices().isEmpty() && !first.description().contains(first.choices().get(0))) {
            text.append(" One of ").append(String.join(", ", first.choices())).append('.');
        }
        if (!first.choices().isEmpty() && !first.bareSwitch().isEmpty()) {
            text.append(" Alone: ").append(first.bareSwitch()).append('.');
        }
        Set<String> defaults = new java.util.LinkedHashSet<>();
        infos.values().forEach(info -> defaults.add(info.defaultText()));
        if (defaults.size() == 1) {
            String only = defaults.iterator().next();
            if (!only.isEmpty()) {
                text.append(" Default: ").append(escape(render(only))).append('.');
            }
        } else {
            List<String> parts = new ArrayList<>();
            infos.forEach((owner, info) -> parts.add(owner + " " + (info.defaultText().isEmpty() ? "none"
                    : render(info.defaultText()))));
            text.append(" Default: ").append(escape(String.join("; ", parts))).append('.');
        }
        if (infos.size() < ownerCount) {
            text.append(" For ").append(String.join(", ", infos.keySet())).append('.');
        }
        return text.toString();
    }

    /**
     * The command's description with one line per registered method inserted after its first line, so
     * that help lists every method the registry knows and never falls behind it.
     */
    static void describeMethods(CommandSpec spec) {
        List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
        List<String> methods = new ArrayList<>();
        methods.add("Methods (--method):");
        for (StyleMethod<?, ?> method : Methods.all()) {
            methods.add("  " + method.name() + ": " + escape(method.description()) + ".");
        }
        lines.addAll(Math.min(1, lines.size()), methods);
        spec.usageMessage().description(lines.toArray(String[]::new));
    }

    /** Picocli reads descriptions as format strings. */
    private static String escape(String text) {
        return text.replace("%", "%%");
    }

    /**
     * The values given on the command line for {@code schema}'s keys, by key. A flag given for
     * another owner's option is refused, naming both.
     *
     * @param owner the chosen method (or settings) name, for messages
     * @param alsoAccepted keys of other schemas this command applies alongside (e.g. a batch's own)
     */
    Map<String, String> given(ParseResult parsed, String owner, OptionSchema<?, ?> schema, Set<String> alsoAccepted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : owners.keySet()) {
            if (!parsed.hasMatchedOption(flag(key))) {
                continue;
            }
            if (schema.has(key)) {
                values.put(key, parsed.matchedOptionValue(flag(key), ""));
            } else if (!alsoAccepted.contains(key)) {
                throw new InvalidOptionException(key, "does not apply to {method} " + owner + " (it is for "
                        + String.join(", ", owners.get(key)) + ")");
            }
        }
        return values;
    }

    /** The values given for one schema's keys, none refused (for a command's own settings). */
    Map<String, String> given(ParseResult parsed, OptionSchema<?, ?> schema) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : schema.keys()) {
            if (parsed.hasMatchedOption(flag(key))) {
                values.put(key, parsed.matchedOptionValue(flag(key), ""));
            }
        }
        return values;
    }
}
