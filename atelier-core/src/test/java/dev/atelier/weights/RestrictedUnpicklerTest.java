package dev.atelier.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.BadInputException;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pickle machine on pickles produced by CPython itself (hex fixtures made with
 * {@code pickle.dumps}, see each comment), so the reader is checked against the real encoder and
 * not only against our test writer.
 */
class RestrictedUnpicklerTest {
    private static final Path FILE = Path.of("fixture.pth");

    /**
     * pickle.dumps({'a': [1, -2, 70000, -70000, 2**40, 2**70, -2**70, 1.5, None, True, False,
     * (1, 2, 3, 4), ()], 'b': 'ünï', 7: {'x': 'ünï'}}, protocol=2)
     */
    private static final String PLAIN_VALUES_PROTOCOL_2 = "80027d71002858010000006171015d7102284b014afeffffff4a7011"
            + "01004a90eefeff8a060000000000018a090000000000000000408a090000000000000000c0473ff80000000000004e88"
            + "89284b014b024b034b04747103296558010000006271045805000000c3bc6ec3af71054b077d7106580100000078710768"
            + "0573752e";

    /** As above with b'xy' after False, protocol=5: FRAME, SHORT_BINUNICODE, MEMOIZE, SHORT_BINBYTES. */
    private static final String PLAIN_VALUES_PROTOCOL_5 = "80059570000000000000007d94288c0161945d94284b014afeffffff"
            + "4a701101004a90eefeff8a060000000000018a090000000000000000408a090000000000000000c0473ff80000000000"
            + "004e88894302787994284b014b024b034b04749429658c0162948c05c3bc6ec3af944b077d948c017894680673752e";

    @Test
    void readsPlainValuesAsPythonPicklesThem() {
        Map<Object, Object> value = asMap(unpickle(HexFormat.of().parseHex(PLAIN_VALUES_PROTOCOL_2)));

        assertThat(value.keySet()).containsExactly("a", "b", 7L);
        assertThat(asList(value.get("a"))).containsExactly(1L, -2L, 70000L, -70000L, 1L << 40,
                BigInteger.TWO.pow(70), BigInteger.TWO.pow(70).negate(), 1.5, null, true, false,
                new PickleTuple(List.of(1L, 2L, 3L, 4L)), new PickleTuple(List.of()));
        assertThat(value.get("b")).isEqualTo("ünï");
        // The memo: the second 'ünï' is fetched with BINGET.
        assertThat(value.get(7L)).isEqualTo(Map.of("x", "ünï"));
    }

    @Test
    void readsProtocolFiveFramesAndBytes() {
        Map<Object, Object> value = asMap(unpickle(HexFormat.of().parseHex(PLAIN_VALUES_PROTOCOL_5)));

        List<Object> list = asList(value.get("a"));
        assertThat(list).hasSize(14);
        assertThat((byte[]) list.get(11)).isEqualTo("xy".getBytes(StandardCharsets.US_ASCII));
        assertThat(value.get(7L)).isEqualTo(Map.of("x", "ünï"));
    }

    /**
     * The state_dict of {'conv.weight': half (2, 2), 'conv.bias': float (2,) at offset 1} pickled
     * with protocol 4 by CPython, with torch.save's persistent ids (fake torch module).
     */
    @Test
    void readsTorchStateDictPickledWithProtocolFour() {
        String hex = "8004951e010000000000008c0b636f6c6c656374696f6e73948c0b4f72646572656444696374949394295294288c"
                + "0b636f6e762e776569676874948c0c746f7263682e5f7574696c73948c125f72656275696c645f74656e736f725f7632"
                + "94939428288c0773746f72616765948c05746f726368948c0b48616c6653746f726167659493948c0130948c03637075"
                + "944b047494514b004b024b0286944b024b018694896802295294749452948c09636f6e762e6269617394680728286808"
                + "68098c0c466c6f617453746f726167659493948c013194680d4b037494514b014b0285944b0185948968022952947494"
                + "5294757d948c095f6d65746164617461946802295294288c00947d948c0776657273696f6e944b01738c04636f6e7694"
                + "7d9468234b01737573622e";

        Map<Object, Object> stateDict = asMap(unpickle(HexFormat.of().parseHex(hex)));

        TensorReference weight = (TensorReference) stateDict.get("conv.weight");
        assertThat(weight.slice().storage()).isEqualTo(new StorageReference("0", ElementType.FLOAT16, 4));
        assertThat(weight.shape()).containsExactly(2, 2);
        assertThat(weight.stride()).containsExactly(2, 1);
        TensorReference bias = (TensorReference) stateDict.get("conv.bias");
        assertThat(bias.slice().storage()).isEqualTo(new StorageReference("1", ElementType.FLOAT32, 3));
        assertThat(bias.offset()).isEqualTo(1);
        assertThat(stateDict.keySet()).containsExactly("conv.weight", "conv.bias");
    }

    /** CPython's own pickles of objects whose __reduce__ returns a dangerous callable. */
    @ParameterizedTest
    @CsvSource({
        // class Evil: __reduce__ = lambda self: (os.system, ('echo pwned',)); pickle.dumps(Evil(), protocol=2)
        "800263706f7369780a73797374656d0a7100580a0000006563686f2070776e656471018571025271032e, posix.system",
        // the same with protocol=4: STACK_GLOBAL
        "80049525000000000000008c05706f736978948c0673797374656d9493948c0a6563686f2070776e656494859452942e,"
                + " posix.system",
        // (eval, ('1+1',)) with protocol=2, which names builtins by their Python 2 module
        "8002635f5f6275696c74696e5f5f0a6576616c0a71005803000000312b3171018571025271032e, __builtin__.eval",
        // (subprocess.Popen, (['true'],)) with protocol=5
        "80059526000000000000008c0a73756270726f63657373948c05506f70656e9493945d948c04747275659461859452942e,"
                + " subprocess.Popen",
    })
    void refusesDangerousGlobalsNamingThem(String hex, String global) {
        assertThatThrownBy(() -> unpickle(HexFormat.of().parseHex(hex)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(FILE + ": refusing to load: the pickle names the global '" + global
                        + "', which a weights file never needs");
    }

    @Test
    void refusesTheGlobalBeforeLookingAtAnythingAfterIt() {
        // GLOBAL os.system followed by bytes that are not a pickle at all.
        byte[] pickle = new PickleWriter().protocol(2).global("os", "system").raw(0xff, 0xff, 'R').toByteArray();

        assertThatThrownBy(() -> unpickle(pickle)).hasMessageContaining("names the global 'os.system'");
    }

    @Test
    void refusesGlobalsNamedByTheTextInstOpcode() {
        byte[] pickle = new PickleWriter().protocol(2).mark()
                .raw('i').bytes("builtins\neval\n".getBytes(StandardCharsets.US_ASCII)).stop().toByteArray();

        assertThatThrownBy(() -> unpickle(pickle)).hasMessageContaining("names the global 'builtins.eval'");
    }

    @Test
    void refusesToCallAllowedNamesThatAreNotFunctions() {
        byte[] pickle = new PickleWriter().protocol(2).global("torch", "FloatStorage")
                .emptyTuple().reduce().stop().toByteArray();

        assertThatThrownBy(() -> unpickle(pickle))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("refusing to load: the pickle calls 'torch.FloatStorage'");
    }

    @Test
    void refusesToCallPlainValues() {
        byte[] pickle = new PickleWriter().protocol(2).string("os.system").emptyTuple().reduce().stop().toByteArray();

        assertThatThrownBy(() -> unpickle(pickle)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("malformed state_dict pickle (a call of a str)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8002522e",            // REDUCE on an empty stack
        "8002680500",          // BINGET of a memo entry never stored
        "8002ff",              // no such opcode
        "80024b01752e",        // SETITEMS without MARK
        "8002284b0130302e",    // POP below the MARK, then STOP with nothing left
        "80025d4b01732e",      // SETITEM on a list
        "80024b01612e",        // APPEND with nothing below
    })
    void reportsCorruptPicklesAsBadInput(String hex) {
        assertThatThrownBy(() -> unpickle(HexFormat.of().parseHex(hex)))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(FILE + ": ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "800258ffffffff",                    // BINUNICODE claiming 4 GiB
        "80028d00000000000000402e",          // BINUNICODE8 claiming 2^62 bytes
        "80028effffffffffffffff2e",          // BINBYTES8 with a negative length
        "80028bffffff7f",                    // LONG4 claiming 2 GiB
        "8002580500000061",                  // a string cut short
    })
    void absurdOrCutLengthsAreTruncationNotOutOfMemory(String hex) {
        // Refused in one line before anything is allocated: as cut short, or as more than the file can hold.
        assertThatThrownBy(() -> unpickle(HexFormat.of().parseHex(hex)))
                .isInstanceOf(BadInputException.class)
                .satisfies(failure -> assertThat(failure.getMessage()).containsAnyOf("truncated file",
                        "far more than any state_dict needs"));
    }

    @Test
    void refusesNewerPickleProtocols() {
        assertThatThrownBy(() -> unpickle(new byte[] {(byte) 0x80, 6, 'N', '.'}))
                .hasMessageContaining("pickle protocol 6");
    }

    @Test
    void refusesDictKeysThatAreNotPlainValues() {
        byte[] pickle = new PickleWriter().protocol(2).emptyDict().emptyTuple().none().setItem().stop().toByteArray();

        assertThatThrownBy(() -> unpickle(pickle)).hasMessageContaining("dict key of type PickleTuple");
    }

    @Test
    void keepsWholeModulePicklesOut() {
        byte[] pickle = new PickleWriter().protocol(2).string("module").none().none().tuple(3)
                .persistentId().stop().toByteArray();

        assertThatThrownBy(() -> unpickle(pickle)).hasMessageContaining("save model.state_dict() instead");
    }

    @Test
    void buildsDeeplyNestedValuesWithoutRecursion() {
        // Deep enough to overflow any recursive builder's stack, within what the file's size allows.
        int depth = 50_000;
        PickleWriter pickle = new PickleWriter().protocol(2);
        for (int i = 0; i < depth; i++) {
            pickle.raw(']');
        }
        for (int i = 1; i < depth; i++) {
            pickle.append();
        }

        assertThat(unpickle(pickle.stop().toByteArray())).isInstanceOf(List.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object value) {
        return (Map<Object, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object value) {
        return (List<Object>) value;
    }

    private static Object unpickle(byte[] bytes) {
        ByteInput input = new ByteInput(FILE, Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length,
                "the pickle");
        return new RestrictedUnpickler(input, new TorchPickleRules(FILE, new StorageRegistry(FILE)::zipStorage)).load();
    }
}
