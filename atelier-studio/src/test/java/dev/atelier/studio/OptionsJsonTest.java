package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options as JSON become the text the command line would take. */
class OptionsJsonTest {
    private static final MethodInfo METHOD = new FakeExecutor(0).methods().stream()
            .filter(method -> method.name().equals("adain")).findFirst().orElseThrow();

    @Test
    void numbersKeepTheirDigitsBooleansAndListsBecomeText() {
        Map<String, String> options = OptionsJson.parse(
                "{\"size\": 64, \"alpha\": 5e-1, \"preserve-color\": true, \"style-weights\": [1, 3.5]}", METHOD);

        assertThat(options).containsExactly(Map.entry("size", "64"), Map.entry("alpha", "5e-1"),
                Map.entry("preserve-color", "true"), Map.entry("style-weights", "1,3.5"));
    }

    @Test
    void textPassesAsItIsAndNullMeansTheDefault() {
        assertThat(OptionsJson.parse("{\"size\": \"128\", \"alpha\": null}", METHOD))
                .containsExactly(Map.entry("size", "128"));
        assertThat(OptionsJson.parse(null, METHOD)).isEmpty();
        assertThat(OptionsJson.parse("  ", METHOD)).isEmpty();
    }

    @Test
    void unknownKeysObjectsAndMalformedTextAreRefusedNamingTheField() {
        assertRefused("{\"brush\": 1}", "options.brush",
                "unknown option 'brush' for method adain (known: size, alpha, preserve-color, style-weights,"
                        + " fail-at-step)");
        assertRefused("{\"size\": {\"w\": 1}}", "options.size",
                "must be a number, text, boolean or list, not an object");
        assertRefused("{\"style-weights\": [[1]]}", "options.style-weights",
                "a list may hold only numbers, text or booleans");
        assertRefused("[64]", "options", "must be a JSON object, e.g. {\"size\": 512}");
        assertRefused("{\"size\": 64", "options", "is not strict JSON");
    }

    @Test
    void onlyStrictJsonIsAcceptedAndEachKeyOnce() {
        assertRefused("{size: 64}", "options", "is not strict JSON at line 1, column 3: write keys and text in double"
                + " quotes, with no comments or trailing commas");
        assertRefused("{'size': 64}", "options", "is not strict JSON at line 1, column 3");
        assertRefused("{\"size\": 64 /* small */}", "options", "is not strict JSON");
        assertRefused("{\"size\": 64,}", "options", "is not strict JSON");
        assertRefused("{\"size\": 64} {}", "options", "is not strict JSON at line 1, column 13: text follows the object");
        assertRefused("{\"alpha\": NaN}", "options", "is not strict JSON");
        assertRefused("{\"size\": 64, \"alpha\": 1, \"size\": 128}", "options.size",
                "size is given twice; give each option once");
        assertThat(OptionsJson.parse("{\"size\": 64, \"alpha\": 1}", METHOD))
                .containsExactly(Map.entry("size", "64"), Map.entry("alpha", "1"));
    }

    private static void assertRefused(String json, String field, String message) {
        assertThatThrownBy(() -> OptionsJson.parse(json, METHOD)).isInstanceOfSatisfying(ApiException.class,
                refused -> {
                    assertThat(refused.status()).isEqualTo(400);
                    assertThat(refused.field()).isEqualTo(field);
                    assertThat(refused.getMessage()).startsWith(message);
                });
    }
}
