package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElementTypeTest {

    /** IEEE 754 binary16 values worked out by hand from sign, exponent and mantissa. */
    @ParameterizedTest
    @CsvSource({
        "0x0000, 0.0",
        "0x3C00, 1.0",
        "0xBC00, -1.0",
        "0x4248, 3.140625",            // exponent 16 -> 2^1, mantissa 0x248 / 1024 = 0.5703125
        "0x0400, 6.103515625E-5",      // smallest normal, 2^-14
        "0x03FF, 6.097555160522461E-5", // largest subnormal, 1023 * 2^-24
        "0x0001, 5.9604644775390625E-8", // smallest subnormal, 2^-24
        "0x7BFF, 65504.0",             // largest finite
        "0x7C00, Infinity",
        "0xFC00, -Infinity",
    })
    void widensHalfPrecisionExactly(String bits, float expected) {
        assertThat(Float16.toFloat((short) Integer.parseInt(bits.substring(2), 16))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0x7E00", "0x7C01", "0xFE00"})
    void keepsHalfPrecisionNaNs(String bits) {
        assertThat(Float16.toFloat((short) Integer.parseInt(bits.substring(2), 16))).isNaN();
    }
}
