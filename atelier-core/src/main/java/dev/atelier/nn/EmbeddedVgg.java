package dev.atelier.nn;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.atelier.UnavailableException;
import dev.atelier.models.ModelCatalog;
import dev.atelier.weights.Float16;
import dev.atelier.weights.HostTensor;
import dev.atelier.weights.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real network that ships inside Atelier: the normalised VGG-19 of Gatys, Ecker and Bethge
 * ("Image Style Transfer Using Convolutional Neural Networks", CVPR 2016) from its colour layer to
 * relu4_1, as the AdaIN release (Huang and Belongie 2017, MIT licence) ships it for its encoder, so
 * optimisation paints properly and AdaIN has its encoder without any download. Its licence and how it
 * was made are in {@code vgg19-normalised-relu4_1.PROVENANCE.md} beside it.
 *
 * <p>The file is a safetensors file in the pytorch-AdaIN key layout ({@code 0.weight} … {@code
 * 29.bias}). The copy it was made from descends from 8-bit kernels, so each convolution takes at most
 * 256 distinct values: such a tensor {@code NAME} is stored as {@code NAME.codes} (U8, its shape)
 * and {@code NAME.values} (F16, the distinct values in ascending order), and decodes as {@code
 * values[codes]}, exactly the float16 values it was made from, at half their size. Every other tensor
 * (the biases) is stored as F16. Its SHA-256 is checked every time it is read.
 */
public final class EmbeddedVgg {
    /** The name of the network as options and reports give it. */
    public static final String NAME = ModelCatalog.EMBEDDED;
    /** The deepest convolution it holds. */
    public static final String DEEPEST_LAYER = "conv4_1";
    /** The resource, beside this class. */
    public static final String RESOURCE = "vgg19-normalised-relu4_1.q8.safetensors";
    /** SHA-256 of the resource, checked on every read. */
    public static final String SHA256 = "2e87763b78071dcdeb99f12750d956a094e76c3c2922435ddbd16d2d85f5f151";
    /** Size of the resource in bytes. */
    static final int BYTES = 3_513_619;

    static final String CODES_SUFFIX = ".codes";
    static final String VALUES_SUFFIX = ".values";

    private EmbeddedVgg() {}

    /** Where reports say the weights came from. */
    public static String source() {
        return "embedded in Atelier (dev/atelier/nn/" + RESOURCE + ")";
    }

    /**
     * The weights as float32, keyed as pytorch-AdaIN's {@code vgg_normalised.pth} up to relu4_1.
     *
     * @throws UnavailableException when the resource is missing or damaged (its digest differs)
     */
    public static StateDict stateDict() {
        return decode(verified(read()));
    }

    private static byte[] read() {
        try (InputStream stream = EmbeddedVgg.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new UnavailableException("the embedded network " + RESOURCE + " is missing from Atelier's "
                        + "library; reinstall Atelier");
            }
            // One byte more than expected tells a longer file from the right one without reading it all.
            return stream.readNBytes(BYTES + 1);
        } catch (IOException failure) {
            throw new UnavailableException("cannot read the embedded network " + RESOURCE + " (" + failure.getMessage()
                    + ")", failure);
        }
    }

    /** {@code bytes} if they are the embedded file, else a one-line failure naming both digests. */
    static byte[] verified(byte[] bytes) {
        String actual = sha256(bytes);
        if (!actual.equals(SHA256)) {
            throw new UnavailableException("the embedded network " + RESOURCE + " is damaged (SHA-256 " + actual
                    + ", " + bytes.length + " bytes; expected " + SHA256 + ", " + BYTES + " bytes); reinstall Atelier");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /**
     * The tensors of a file in this format. Only verified bytes reach here, so a malformed file is a
     * bug in how the resource was made, not bad input.
     */
    static StateDict decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > bytes.length - 8L) {
            throw malformed("header length " + headerLength);
        }
        int dataStart = 8 + (int) headerLength;
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw malformed("header is not a JSON object");
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
            String key = entry.getKey();
            if (key.equals("__metadata__") || key.endsWith(VALUES_SUFFIX)) {
                continue;
            }
            Entry stored = Entry.of(key, entry.getValue().getAsJsonObject(), bytes.length - dataStart);
            if (key.endsWith(CODES_SUFFIX)) {
                String name = key.substring(0, key.length() - CODES_SUFFIX.length());
                JsonElement table = header.get(name + VALUES_SUFFIX);
                if (table == null) {
                    throw malformed(key + " has no " + name + VALUES_SUFFIX);
                }
                Entry values = Entry.of(name + VALUES_SUFFIX, table.getAsJsonObject(), bytes.length - dataStart);
                tensors.put(name, lookUp(name, stored.require("U8"), values.require("F16"), buffer, dataStart));
            } else {
                tensors.put(key, halves(stored.require("F16"), buffer, dataStart));
            }
        }
        return new StateDict(Path.of(RESOURCE), tensors);
    }

    private static HostTensor lookUp(String name, Entry codes, Entry values, ByteBuffer buffer, int dataStart) {
        if (values.shape().length != 1) {
            throw malformed(name + VALUES_SUFFIX + " is not a list");
        }
        float[] table = halves(values, buffer, dataStart).values();
        float[] decoded = new float[(int) codes.count()];
        int at = dataStart + (int) codes.begin();
        for (int i = 0; i < decoded.length; i++) {
            int code = buffer.get(at + i) & 0xff;
            if (code >= table.length) {
                throw malformed(name + CODES_SUFFIX + " holds code " + code + " of a table of " + table.length);
            }
            decoded[i] = table[code];
        }
        return new HostTensor(codes.shape(), decoded);
    }

    private static HostTensor halves(Entry entry, ByteBuffer buffer, int dataStart) {
        float[] values = new float[(int) entry.count()];
        int at = dataStart + (int) entry.begin();
        for (int i = 0; i < values.length; i++) {
            values[i] = Float16.toFloat(buffer.getShort(at + 2 * i));
        }
        return new HostTensor(entry.shape(), values);
    }

    private static IllegalStateException malformed(String problem) {
        return new IllegalStateException("the embedded network " + RESOURCE + " is malformed: " + problem);
    }

    /** One tensor's header entry, its offsets checked against the data it points into. */
    private record Entry(String key, String dtype, long[] shape, long begin, long end) {
        static Entry of(String key, JsonObject description, long dataLength) {
            var shapeArray = description.getAsJsonArray("shape");
            long[] shape = new long[shapeArray.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeArray.get(i).getAsLong();
            }
            var offsets = description.getAsJsonArray("data_offsets");
            Entry entry = new Entry(key, description.get("dtype").getAsString(), shape, offsets.get(0).getAsLong(),
                    offsets.get(1).getAsLong());
            if (entry.begin < 0 || entry.end < entry.begin || entry.end > dataLength) {
                throw malformed(key + " lies outside the data");
            }
            return entry;
        }

        long count() {
            return HostTensor.elementCount(shape);
        }

        Entry require(String expected) {
            int size = expected.equals("U8") ? 1 : 2;
            if (!dtype.equals(expected) || count() * size != end - begin) {
                throw malformed(key + " is " + dtype + " of " + (end - begin) + " bytes, expected " + expected
                        + " of " + count() * size);
            }
            return this;
        }
    }
}
