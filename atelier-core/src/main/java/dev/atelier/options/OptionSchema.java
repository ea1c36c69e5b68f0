package dev.atelier.options;

import com.google.gson.JsonObject;
import dev.atelier.InvalidOptionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The options of one method or command: their keys, descriptions and defaults, and the way from
 * text to a built, checked options record. Defaults are read from a fresh builder, so they are
 * written in one place only.
 *
 * @param <B> the options' builder ({@code optX} setters)
 * @param <O> the immutable options
 */
public final class OptionSchema<B, O> {
    private final Supplier<B> newBuilder;
    private final Function<B, O> build;
    private final Map<String, Option<B, O, ?>> options;
    private final O defaults;
    /** Keys whose default is described in words ({@link Declaration#defaultText}) rather than read from the defaults. */
    private final Set<String> wordedDefaults;

    private OptionSchema(Supplier<B> newBuilder, Function<B, O> build, List<Option<B, O, ?>> options, O defaults,
            Set<String> wordedDefaults) {
        this.newBuilder = newBuilder;
        this.build = build;
        this.wordedDefaults = Set.copyOf(wordedDefaults);
        Map<String, Option<B, O, ?>> byKey = new LinkedHashMap<>();
        for (Option<B, O, ?> option : options) {
            if (byKey.put(option.key(), option) != null) {
                throw new IllegalArgumentException("option '" + option.key() + "' declared twice");
            }
        }
        this.options = Collections.unmodifiableMap(byKey);
        this.defaults = defaults;
    }

    /** Starts a schema over a builder and the call that builds (and checks) it. */
    public static <B, O> Declaration<B, O> of(Supplier<B> newBuilder, Function<B, O> build) {
        return new Declaration<>(newBuilder, build);
    }

    /** The options with every default. */
    public O defaults() {
        return defaults;
    }

    /** The keys, in declaration order. */
    public List<String> keys() {
        return List.copyOf(options.keySet());
    }

    public boolean has(String key) {
        return options.containsKey(key);
    }

    public Optional<OptionInfo> info(String key) {
        return Optional.ofNullable(options.get(key)).map(Option::info);
    }

    /** Every option as front ends show it, defaults included. */
    public List<OptionInfo> describe() {
        List<OptionInfo> infos = new ArrayList<>();
        options.values().forEach(option -> infos.add(option.info()));
        return infos;
    }

    /**
     * Options from text values by key; keys not given keep their defaults.
     *
     * @throws InvalidOptionException for an unknown key, a value of the wrong form, or values the
     *     options' own checks refuse
     */
    public O parse(Map<String, String> values) {
        return parse(values, builder -> { });
    }

    /**
     * As {@link #parse(Map)}, with {@code preset} applied to the fresh builder first: for settings
     * that come from elsewhere (a batch's size is its method's) and that the options' checks need.
     */
    public O parse(Map<String, String> values, java.util.function.Consumer<B> preset) {
        B builder = newBuilder.get();
        preset.accept(builder);
        values.forEach((key, text) -> option(key).apply(builder, text));
        return build.apply(builder);
    }

    /** One option's value in {@code built} as text, as {@link #parse} reads it. */
    public String text(O built, String key) {
        return option(key).textOf(built);
    }

    /** Every option's value as text: enough to rebuild the options with {@link #parse}. */
    public Map<String, String> toText(O built) {
        Map<String, String> text = new LinkedHashMap<>();
        options.values().forEach(option -> text.put(option.key(), option.textOf(built)));
        return text;
    }

    /**
     * Every option's value for a report, keyed {@code snake_case}; options without a value (an
     * encoder that follows the decoder) are left out, as JSON writers leave out nulls anyway.
     */
    public JsonObject toJson(O built) {
        JsonObject json = new JsonObject();
        for (Option<B, O, ?> option : options.values()) {
            com.google.gson.JsonElement value = valueJson(option, built);
            if (!value.isJsonNull()) {
                json.add(jsonKey(option.key()), value);
            }
        }
        return json;
    }

    /** {@code style-weight} as a report key: {@code style_weight}. */
    public static String jsonKey(String key) {
        return key.replace('-', '_').toLowerCase(Locale.ROOT);
    }

    private static <B, O, T> com.google.gson.JsonElement valueJson(Option<B, O, T> option, O built) {
        return option.type().toJson(option.getter().apply(built));
    }

    private Option<B, O, ?> option(String key) {
        Option<B, O, ?> option = options.get(key);
        if (option == null) {
            throw new InvalidOptionException(key, "unknown option (known: " + String.join(", ", options.keySet())
                    + ")");
        }
        return option;
    }

    /**
     * Declares a schema's options in order; {@link #done()} reads the defaults from a fresh builder.
     */
    public static final class Declaration<B, O> {
        private final Supplier<B> newBuilder;
        private final Function<B, O> build;
        private final List<Pending<B, O, ?>> pending = new ArrayList<>();

        private Declaration(Supplier<B> newBuilder, Function<B, O> build) {
            this.newBuilder = newBuilder;
            this.build = build;
        }

        /**
         * Adds an option.
         *
         * @param key the name users type, without dashes
         * @param label a placeholder for the value in help texts
         * @param description one sentence
         */
        public <T> Declaration<B, O> add(String key, String label, String description, ValueType<T> type,
                BiConsumer<B, T> setter, Function<O, T> getter) {
            pending.add(new Pending<>(key, label, description, type, setter, getter));
            return this;
        }

        /** Marks the option added last as a main control, shown by simple forms. */
        public Declaration<B, O> main() {
            last().main = true;
            return this;
        }

        /** Marks the option added last as naming a file the run reads (checked against outputs). */
        public Declaration<B, O> inputFile() {
            last().inputFile = true;
            return this;
        }

        /**
         * Tells front ends the last option's accepted range. The options' {@code build()} still
         * checks it: builders are used without a schema too.
         */
        public Declaration<B, O> range(double minimum, double maximum) {
            last().minimum = minimum;
            last().maximum = maximum;
            return this;
        }

        /**
         * Tells front ends the last option's smallest accepted value (for a list, of each number), for a
         * range open above. The options' {@code build()} still checks it.
         */
        public Declaration<B, O> atLeast(double minimum) {
            last().minimum = minimum;
            return this;
        }

        /** Describes the last option's default in words, for defaults that depend on other values. */
        public Declaration<B, O> defaultText(String text) {
            last().defaultText = text;
            return this;
        }

        /** Adds every option of another schema whose builder this one can reach. */
        public <C, P> Declaration<B, O> addAll(OptionSchema<C, P> other, Function<B, C> inner, Function<O, P> part) {
            for (Option<C, P, ?> option : other.options.values()) {
                pending.add(nested(option, inner, part, other.wordedDefaults.contains(option.key())));
            }
            return this;
        }

        /**
         * The other schema's option as one of this schema's. Its default is read again from this
         * schema's defaults when {@link #done()} builds them (the including schema sets its own: a
         * training method's steps are not the shared schema's placeholder); only a default described
         * in words is carried over.
         */
        private static <B, O, C, P, T> Pending<B, O, T> nested(Option<C, P, T> option, Function<B, C> inner,
                Function<O, P> part, boolean worded) {
            OptionInfo info = option.info();
            Pending<B, O, T> nested = new Pending<>(info.key(), info.label(), info.description(), option.type(),
                    (builder, value) -> option.setter().accept(inner.apply(builder), value),
                    built -> option.getter().apply(part.apply(built)));
            nested.main = info.main();
            nested.inputFile = info.inputFile();
            nested.defaultText = worded ? info.defaultText() : null;
            nested.minimum = info.minimum();
            nested.maximum = info.maximum();
            return nested;
        }

        private Pending<B, O, ?> last() {
            if (pending.isEmpty()) {
                throw new IllegalStateException("no option declared yet");
            }
            return pending.get(pending.size() - 1);
        }

        public OptionSchema<B, O> done() {
            O defaults = build.apply(newBuilder.get());
            List<Option<B, O, ?>> options = new ArrayList<>();
            Set<String> worded = new HashSet<>();
            for (Pending<B, O, ?> entry : pending) {
                options.add(entry.toOption(defaults));
                if (entry.defaultText != null) {
                    worded.add(entry.key);
                }
            }
            return new OptionSchema<>(newBuilder, build, options, defaults, worded);
        }
    }

    private static final class Pending<B, O, T> {
        private final String key;
        private final String label;
        private final String description;
        private final ValueType<T> type;
        private final BiConsumer<B, T> setter;
        private final Function<O, T> getter;
        private boolean main;
        private boolean inputFile;
        private String defaultText;
        private Double minimum;
        private Double maximum;

        Pending(String key, String label, String description, ValueType<T> type, BiConsumer<B, T> setter,
                Function<O, T> getter) {
            this.key = key;
            this.label = label;
            this.description = description;
            this.type = type;
            this.setter = setter;
            this.getter = getter;
        }

        Option<B, O, T> toOption(O defaults) {
            String shownDefault = defaultText != null ? defaultText : type.format(getter.apply(defaults));
            return new Option<>(new OptionInfo(key, label, description, type.kind(), shownDefault, type.choices(),
                    main, inputFile, minimum, maximum, type.bareSwitch()), type, setter, getter);
        }
    }
}
