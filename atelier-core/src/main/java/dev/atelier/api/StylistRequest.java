package dev.atelier.api;

import dev.atelier.InvalidOptionException;
import dev.atelier.io.ReadOptions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Stylist} is opened with: a method and its options. Immutable; built DJL-style.
 *
 * @param method the registered method's name ({@code gatys}, {@code feedforward}, {@code adain},
 *     {@code magenta}); {@code null} picks {@link Methods#defaultFor(boolean) the default}
 * @param options the method's options as text, by key (e.g. {@code size -> 512}); options left out
 *     keep their defaults
 * @param readOptions limits for paintings and photos the stylist decodes itself (bytes, files)
 */
public record StylistRequest(String method, Map<String, String> options, ReadOptions readOptions) {

    public StylistRequest {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The method to open: the one named, else the default for paintings. */
    public String methodName() {
        return method != null ? method : Methods.defaultFor(false);
    }

    /** Builder; {@link #build()} checks what can be checked without loading anything. */
    public static final class Builder {
        private String method;
        private final Map<String, String> options = new LinkedHashMap<>();
        private ReadOptions readOptions = ReadOptions.defaults();

        private Builder() {}

        public Builder optMethod(String value) {
            method = value;
            return this;
        }

        /** One of the method's options, as text or any value whose {@code toString} is its text. */
        public Builder optOption(String key, Object value) {
            options.put(key, String.valueOf(value));
            return this;
        }

        public Builder optOptions(Map<String, String> value) {
            options.putAll(value);
            return this;
        }

        public Builder optReadOptions(ReadOptions value) {
            readOptions = value;
            return this;
        }

        /**
         * @throws InvalidOptionException for an unknown method or an option it refuses
         */
        public StylistRequest build() {
            StylistRequest request = new StylistRequest(method, options, readOptions);
            Methods.get(request.methodName()).options().parse(request.options());
            return request;
        }
    }
}
