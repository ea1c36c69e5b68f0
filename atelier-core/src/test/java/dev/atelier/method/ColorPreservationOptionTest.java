package dev.atelier.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.InvalidOptionException;
import dev.atelier.color.ColorPreservation;
import dev.atelier.method.adain.AdainOptions;
import dev.atelier.method.gatys.GatysOptions;
import dev.atelier.method.magenta.MagentaOptions;
import dev.atelier.options.OptionInfo;
import dev.atelier.options.OptionSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One {@code preserve-color} option, with one meaning, for every method that offers it. */
class ColorPreservationOptionTest {

    @Test
    void aBareSwitchMeansLuminanceAndEveryModeHasItsName() {
        assertThat(ColorPreservationOption.type().parse("preserve-color", "true"))
                .isEqualTo(ColorPreservation.LUMINANCE);
        assertThat(ColorPreservationOption.type().parse("preserve-color", "false")).isEqualTo(ColorPreservation.NONE);
        assertThat(ColorPreservationOption.type().parse("preserve-color", "histogram"))
                .isEqualTo(ColorPreservation.HISTOGRAM);
        assertThatThrownBy(() -> ColorPreservationOption.type().parse("preserve-color", "sepia"))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("sepia");
    }

    @Test
    void everyMethodDescribesItAlikeAndDefaultsToThePaintingsColours() {
        List<OptionSchema<?, ?>> schemas = List.of(GatysOptions.SCHEMA, AdainOptions.SCHEMA, MagentaOptions.SCHEMA);
        OptionInfo first = info(schemas.get(0));
        for (OptionSchema<?, ?> schema : schemas) {
            OptionInfo info = info(schema);
            assertThat(info.description()).isEqualTo(first.description());
            assertThat(info.choices()).containsExactly("none", "luminance", "histogram");
            assertThat(info.defaultText()).isEqualTo("none");
        }
        assertThat(GatysOptions.SCHEMA.parse(Map.of("preserve-color", "histogram")).preserveColor())
                .isEqualTo(ColorPreservation.HISTOGRAM);
        assertThat(AdainOptions.SCHEMA.parse(Map.of("preserve-color", "true")).preserveColor())
                .isEqualTo(ColorPreservation.LUMINANCE);
        assertThat(MagentaOptions.SCHEMA.parse(Map.of("preserve-color", "histogram")).preserveColor())
                .isEqualTo(ColorPreservation.HISTOGRAM);
    }

    private static OptionInfo info(OptionSchema<?, ?> schema) {
        return schema.describe().stream().filter(option -> option.key().equals("preserve-color")).findFirst()
                .orElseThrow();
    }
}
