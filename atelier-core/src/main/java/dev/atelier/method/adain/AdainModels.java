package dev.atelier.method.adain;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.atelier.BadInputException;
import dev.atelier.nn.Backbone;
import dev.atelier.nn.EmbeddedVgg;
import dev.atelier.nn.Pooling;
import dev.atelier.nn.Vgg;
import dev.atelier.nn.VggArchitecture;
import dev.atelier.weights.SafetensorsReader;
import dev.atelier.weights.SafetensorsWriter;
import dev.atelier.weights.StateDict;
import dev.atelier.weights.WeightsFiles;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Loading AdaIN's encoder and decoder and checking they belong together. Two pairings exist: the
 * reference release (naoto0804's {@code vgg_normalised.pth} with its {@code decoder.pth}), and a
 * decoder Atelier trained on torchvision's VGG-19. Atelier's decoder files are safetensors whose
 * metadata names the encoder they were trained with, so a mismatched pair is refused.
 */
public final class AdainModels {
    /** Metadata {@code format} of Atelier's decoder files. */
    public static final String DECODER_FORMAT = "atelier-adain-decoder";

    /** Which encoder a decoder expects. */
    public enum EncoderKind {
        /** naoto0804's vgg_normalised: a 1x1 colour convolution, then Caffe VGG-19 with reflection padding. */
        NORMALISED_VGG("vgg_normalised"),
        /** torchvision's ImageNet VGG-19. */
        TORCHVISION_VGG19("torchvision-vgg19");

        private final String displayName;

        EncoderKind(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        static EncoderKind parse(Path file, String text) {
            for (EncoderKind kind : values()) {
                if (kind.displayName.equals(text)) {
                    return kind;
                }
            }
            throw new BadInputException(file, "decoder metadata names an unknown encoder '" + text + "'");
        }
    }

    private AdainModels() {}

    /** Whether an encoder name asks for the network that comes with Atelier ({@link EmbeddedVgg}). */
    public static boolean isEmbedded(String name) {
        return name.trim().toLowerCase(Locale.ROOT).equals(EmbeddedVgg.NAME);
    }

    /** What kind of encoder a weights file holds, from its tensor names. */
    public static EncoderKind encoderKind(Path file) {
        Set<String> names = WeightsFiles.names(file);
        if (names.contains("0.weight") && names.contains("2.weight")) {
            return EncoderKind.NORMALISED_VGG;
        }
        if (names.contains("features.0.weight")) {
            return EncoderKind.TORCHVISION_VGG19;
        }
        if (looksLikeDecoder(names)) {
            throw new BadInputException(file, "is an AdaIN decoder, not an encoder (give it as the decoder)");
        }
        throw new BadInputException(file, "not an AdaIN encoder: expected vgg_normalised (keys 0.weight, 2.weight, …) "
                + "or a torchvision VGG-19 (features.0.weight, …)");
    }

    /** Loads an encoder file of either kind. */
    public static AdainEncoder loadEncoder(Path file, NDManager manager) {
        EncoderKind kind = encoderKind(file);
        String sha256 = WeightsFiles.sha256(file);
        if (kind == EncoderKind.NORMALISED_VGG) {
            Set<String> keys = new HashSet<>(NormalisedVggEncoder.keys());
            return NormalisedVggEncoder.fromStateDict(WeightsFiles.read(file, keys::contains), manager, sha256);
        }
        Set<String> keys = new HashSet<>();
        for (VggArchitecture.ConvolutionLayer layer : VggArchitecture.VGG19.convolutions()
                .subList(0, VggArchitecture.VGG19.indexOf(TorchvisionVggEncoder.DEEPEST_CONVOLUTION) + 1)) {
            keys.add(layer.weightKey());
            keys.add(layer.biasKey());
        }
        Vgg network = Vgg.fromStateDict(VggArchitecture.VGG19, WeightsFiles.read(file, keys::contains),
                TorchvisionVggEncoder.DEEPEST_CONVOLUTION, Pooling.MAX, manager, DataType.FLOAT32);
        return new TorchvisionVggEncoder(new Backbone(network, "vgg19", file.toString(), sha256));
    }

    /**
     * A decoder and what it was trained with.
     *
     * @param weights the decoder's parameters, keyed as the reference {@code decoder.pth}
     * @param encoder the kind of encoder it decodes
     * @param encoderSha256 SHA-256 of the encoder weights it was trained on, when recorded
     * @param encoderRandomSeed the seed of generated encoder weights it was trained on, when so
     * @param sha256 SHA-256 of the decoder file
     * @param provenance the file's metadata (an Atelier decoder's training settings), for reports
     */
    public record LoadedDecoder(StateDict weights, EncoderKind encoder, Optional<String> encoderSha256,
            OptionalLong encoderRandomSeed, String sha256, JsonObject provenance) {}

    /**
     * Reads a decoder: an Atelier decoder file (its metadata names its encoder), or a plain state
     * dict like the reference {@code decoder.pth}, which pairs with vgg_normalised.
     */
    public static LoadedDecoder readDecoder(Path file) {
        Set<String> keys = decoderKeys();
        String sha256 = WeightsFiles.sha256(file);
        SafetensorsReader reader = WeightsFiles.isSafetensors(file) ? SafetensorsReader.open(file) : null;
        if (reader != null && DECODER_FORMAT.equals(reader.metadata().get("format"))) {
            Map<String, String> metadata = reader.metadata();
            EncoderKind encoder = EncoderKind.parse(file, String.valueOf(metadata.get("encoder")));
            JsonObject provenance = new JsonObject();
            metadata.forEach(provenance::addProperty);
            return new LoadedDecoder(reader.read(keys::contains), encoder,
                    Optional.ofNullable(metadata.get("encoder_sha256")), seed(file, metadata), sha256, provenance);
        }
        Set<String> names = WeightsFiles.names(file);
        if (!names.contains("1.weight") && (names.contains("0.weight") || names.contains("features.0.weight"))) {
            throw new BadInputException(file, "is an AdaIN encoder (VGG), not a decoder (give it as the encoder)");
        }
        StateDict weights = WeightsFiles.read(file, keys::contains);
        JsonObject provenance = new JsonObject();
        provenance.addProperty("format", reader == null ? "pth" : "safetensors");
        // A plain decoder (.pth, or converted to safetensors) is taken to be the reference release's,
        // which pairs with vgg_normalised.
        return new LoadedDecoder(weights, EncoderKind.NORMALISED_VGG, Optional.empty(), OptionalLong.empty(), sha256,
                provenance);
    }

    /** Refuses a decoder trained for another kind of encoder than the one given. */
    public static void requireCompatible(Path decoderFile, LoadedDecoder decoder, AdainEncoder encoder) {
        if (decoder.encoder() != encoder.kind()) {
            throw new BadInputException(decoderFile, "this decoder was trained for the " + decoder.encoder()
                    .displayName() + " encoder, but the encoder given (" + encoder.description() + ") is a "
                    + encoder.kind().displayName() + " encoder");
        }
    }

    /**
     * A warning when the encoder is of the right kind but not the very weights the decoder was
     * trained on (another copy of VGG-19 may differ only in format; other weights paint badly).
     */
    public static Optional<String> weightsMismatch(LoadedDecoder decoder, AdainEncoder encoder) {
        return decoder.encoderSha256().filter(expected -> !expected.equals(encoder.weightsSha256()))
                .map(expected -> "the decoder was trained on encoder weights with SHA-256 " + expected
                        + ", but " + encoder.description() + " has " + encoder.weightsSha256()
                        + "; results may look wrong");
    }

    /** Writes an Atelier decoder file atomically, recording the encoder it was trained with. */
    public static void writeDecoder(Path file, StateDict weights, AdainEncoder encoder, JsonObject training) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", DECODER_FORMAT);
        metadata.put("format_version", "1");
        metadata.put("encoder", encoder.kind().displayName());
        metadata.put("encoder_sha256", encoder.weightsSha256());
        metadata.put("encoder_description", encoder.description());
        encoder.randomSeed().ifPresent(seed -> metadata.put("encoder_random_seed", Long.toString(seed)));
        if (training != null) {
            metadata.put("training", training.toString());
        }
        SafetensorsWriter.write(file, weights.asMap(), metadata);
    }

    private static OptionalLong seed(Path file, Map<String, String> metadata) {
        String text = metadata.get("encoder_random_seed");
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "damaged decoder metadata: encoder_random_seed '" + text + "'");
        }
    }

    private static Set<String> decoderKeys() {
        Set<String> keys = new HashSet<>();
        for (AdainDecoder.Convolution convolution : AdainDecoder.CONVOLUTIONS) {
            keys.add(convolution.index() + ".weight");
            keys.add(convolution.index() + ".bias");
        }
        return keys;
    }

    /** The reference decoder's keys ({@code 1.weight}, {@code 5.weight}) and no encoder's. */
    private static boolean looksLikeDecoder(Set<String> names) {
        return names.contains("1.weight") && names.contains("5.weight") && !names.contains("0.weight");
    }
}
