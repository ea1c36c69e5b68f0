package dev.atelier.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every pretrained model Atelier can fetch by name, with where each file is published, its size and
 * its SHA-256 as the publisher (or a Git LFS pointer in the publisher's repository) states it. Files
 * whose publisher states no digest are trusted on first download and must match that digest from
 * then on (see {@code dev.atelier.weights.download.WeightsCache}).
 */
public final class ModelCatalog {
    private static final String TIMM = "https://huggingface.co/timm/";
    private static final String TORCHVISION = "https://download.pytorch.org/models/";
    private static final String ADAIN = "https://github.com/naoto0804/pytorch-AdaIN/releases/download/v0.0.0/";
    private static final String ONNX_PATH = "validated/vision/style_transfer/fast_neural_style/model/";
    private static final String FAST_NEURAL_STYLE = "cs.stanford.edu/people/jcjohns/fast-neural-style/models/";
    private static final String MAGENTA =
            "https://storage.googleapis.com/download.tensorflow.org/models/tflite/arbitrary_style_transfer/";

    /**
     * The name of the network that comes with Atelier (Gatys et al.'s normalised VGG-19 to relu4_1,
     * {@code dev.atelier.nn.EmbeddedVgg}): a model by name that is never downloaded, so it is in no
     * listing of downloads.
     */
    public static final String EMBEDDED = "embedded";

    /** ImageNet VGG-19, torchvision's weights: the optimisation's default network when cached. */
    public static final KnownModel VGG19 = new KnownModel("vgg19",
            "ImageNet VGG-19 (torchvision weights), the network optimisation runs on", "gatys backbone, adain encoder",
            List.of(KnownFile.of("vgg19.tv_in1k.safetensors", 575_000_000L, false,
                            "11aea017b543ff59233749d8f1cf544cda749378f5790d2fedab841fb86b7669",
                            "Hugging Face (Git LFS) for timm/vgg19.tv_in1k",
                            TIMM + "vgg19.tv_in1k/resolve/main/model.safetensors"),
                    KnownFile.of("vgg19-dcbb9e9d.pth", 574_673_361L, true, "dcbb9e9d",
                            "torchvision (first 8 digits, in the file name)", TORCHVISION + "vgg19-dcbb9e9d.pth")),
            null);

    /** ImageNet VGG-16, torchvision's weights: the feed-forward training's loss network. */
    public static final KnownModel VGG16 = new KnownModel("vgg16",
            "ImageNet VGG-16 (torchvision weights), the loss network of feed-forward training",
            "gatys backbone, train loss network",
            List.of(KnownFile.of("vgg16.tv_in1k.safetensors", 553_000_000L, false,
                            "57b026918159a6bf9faf8405c3a551903768e7138989d9c6224a14227203fad8",
                            "Hugging Face (Git LFS) for timm/vgg16.tv_in1k",
                            TIMM + "vgg16.tv_in1k/resolve/main/model.safetensors"),
                    KnownFile.of("vgg16-397923af.pth", 553_433_881L, true, "397923af",
                            "torchvision (first 8 digits, in the file name)", TORCHVISION + "vgg16-397923af.pth")),
            null);

    /**
     * The normalised VGG-19 of the AdaIN release (every layer to conv5_4): AdaIN's encoder and Gatys et al.'s own
     * network. No digest is published; this one is pinned by several independent projects.
     */
    public static final KnownModel ADAIN_ENCODER = new KnownModel("adain-encoder",
            "AdaIN release encoder vgg_normalised (Gatys et al.'s normalised VGG-19)", "adain encoder",
            List.of(KnownFile.of("adain-vgg_normalised.pth", 80_102_481L, true,
                    "804ca2835ecf7539f0cd2a7ac3c18ce81e6f8468969ae7117ac0c148d286bb4a",
                    "not published; pinned by several projects using the release", ADAIN + "vgg_normalised.pth")),
            null);

    /** The AdaIN release decoder, trained for {@link #ADAIN_ENCODER}. */
    public static final KnownModel ADAIN_DECODER = new KnownModel("adain-decoder",
            "AdaIN release decoder (Huang and Belongie 2017)", "adain decoder",
            List.of(KnownFile.of("adain-decoder.pth", 14_023_458L, true,
                    "379ca41d59f3a37eed3599bbbc2560c19da5c458870a5ffd3a9dd41aa88f9472",
                    "not published; pinned by several projects using the release", ADAIN + "decoder.pth")),
            null);

    /** pytorch/examples' four trained networks, published only as one zip on Dropbox without a digest. */
    public static final KnownModel PYTORCH_EXAMPLES_ARCHIVE = new KnownModel("pytorch-examples-models",
            "pytorch/examples fast_neural_style saved_models.zip (candy, mosaic, udnie, rain_princess)",
            "archive of feedforward models",
            List.of(KnownFile.of("pytorch-examples-saved_models.zip", 25_000_000L, false, null,
                    "not published: recorded at the first download",
                    "https://www.dropbox.com/s/lrvwfehqdcxoza8/saved_models.zip?dl=1")),
            null);

    /**
     * Google's distilled Magenta style predictor (int8 MobileNetV2), from the TensorFlow Lite style
     * transfer example. Google states no digest; this is the published file's, as recorded in the
     * project's copy (../shared/models/magenta-arbitrary-tflite/PROVENANCE.md).
     */
    public static final KnownModel MAGENTA_PREDICTOR = new KnownModel("magenta-predictor",
            "Magenta style prediction network (Ghiasi et al. 2017), int8 MobileNetV2", "magenta predictor",
            List.of(KnownFile.of("magenta-style_predict_quantized_256.tflite", 2_827_952L, true,
                    "203dbd6a09da1091ab7e48e8b101aef8c2d81438ad047a5cb150747a977134c1",
                    "not published; the file of the TensorFlow Lite example, as pinned by this project",
                    MAGENTA + "style_predict_quantized_256.tflite")),
            null);

    /** Google's distilled Magenta style transfer network with float16 weights (the best fidelity). */
    public static final KnownModel MAGENTA_TRANSFORMER = new KnownModel("magenta-transformer",
            "Magenta style transfer network, float16 weights", "magenta transformer",
            List.of(KnownFile.of("magenta-style_transfer_f16_384.tflite", 421_104L, true,
                    "c60cff7395544eda1f0915d6dddaedd8ed868cefe8ec6c5ed220ba801f120303",
                    "not published; the file of the TensorFlow Lite example, as pinned by this project",
                    MAGENTA + "style_transfer_f16_384.tflite")),
            null);

    /** The same transformer with int8 weights (smaller download, same pictures within 2/255). */
    public static final KnownModel MAGENTA_TRANSFORMER_INT8 = new KnownModel("magenta-transformer-int8",
            "Magenta style transfer network, int8 weights", "magenta transformer",
            List.of(KnownFile.of("magenta-style_transfer_quantized_384.tflite", 283_416L, true,
                    "1972f7d438b6e9ff326c466db1a8005a8a0efa0274886bbd52f91dc8be2f4f04",
                    "not published; the file of the TensorFlow Lite example, as pinned by this project",
                    MAGENTA + "style_transfer_quantized_384.tflite")),
            null);

    private static final List<KnownModel> ALL = all(List.of(VGG19, VGG16, ADAIN_ENCODER, ADAIN_DECODER,
            MAGENTA_PREDICTOR, MAGENTA_TRANSFORMER, MAGENTA_TRANSFORMER_INT8, PYTORCH_EXAMPLES_ARCHIVE));

    private ModelCatalog() {}

    private static List<KnownModel> all(List<KnownModel> fixed) {
        List<KnownModel> models = new ArrayList<>(fixed);
        for (String style : List.of("candy", "mosaic", "udnie", "rain_princess")) {
            models.add(new KnownModel(style.replace('_', '-'),
                    "pytorch/examples fast_neural_style network '" + style + "' (Johnson et al.)", "feedforward model",
                    List.of(), new KnownModel.ArchiveMember(PYTORCH_EXAMPLES_ARCHIVE, style + ".pth",
                            "pytorch-examples-" + style + ".pth")));
        }
        // The ONNX model zoo's conversions of the same four networks and a fifth; the opset 9 files.
        String[][] onnx = {
            {"candy", "9d11a3529d1e547da6ae07201d93484dbab2ec0a3614535752c8f40f0fe2968a"},
            {"mosaic", "fa646dedade881243f8d5a2ceb7de2b93675b21fc24f7482894ac4851a9a0a47"},
            {"pointilism", "5ee2b8d4d6bc60a777f54e0fe96a1b717360a004b79d56c67390d4a975b14d98"},
            {"rain-princess", "4162912e6f75fedef6f810ae989b9e10d3d5d43308dab34b027c850cf255e152"},
            {"udnie", "8656b6ce7dec8f22ee13c2d557d6b67bd6f550dde88d0f2e7c9972aeb765cc0d"},
        };
        for (String[] entry : onnx) {
            String file = entry[0] + "-9.onnx";
            models.add(new KnownModel("onnx-" + entry[0],
                    "ONNX model zoo fast neural style '" + entry[0] + "' (opset 9)", "feedforward model",
                    List.of(KnownFile.of("onnx-" + file, 6_728_029L, true, entry[1],
                            "Git LFS pointer and ONNX_HUB_MANIFEST.json in onnx/models",
                            "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/" + ONNX_PATH + file,
                            "https://github.com/onnx/models/raw/main/" + ONNX_PATH + file)),
                    null));
        }
        models.addAll(fastNeuralStyle());
        return List.copyOf(models);
    }

    /**
     * Johnson et al.'s own ten networks (jcjohnson/fast-neural-style, Torch7 {@code .t7}): the four
     * of the ECCV 2016 paper (batch normalisation) and six with instance normalisation at half the
     * width. No digest or exact size is published: both are recorded at the first download, and the
     * sizes here are estimates for progress only. The site moved to https ({@code www.} is its
     * other name).
     */
    private static List<KnownModel> fastNeuralStyle() {
        List<KnownModel> models = new ArrayList<>();
        String[][] networks = {
            {"instance_norm", "candy"}, {"instance_norm", "la_muse"}, {"instance_norm", "mosaic"},
            {"instance_norm", "feathers"}, {"instance_norm", "the_scream"}, {"instance_norm", "udnie"},
            {"eccv16", "the_wave"}, {"eccv16", "starry_night"}, {"eccv16", "la_muse"}, {"eccv16", "composition_vii"},
        };
        for (String[] network : networks) {
            boolean paper = network[0].equals("eccv16");
            String name = "johnson-" + (paper ? "eccv16-" : "") + network[1].replace('_', '-');
            String path = network[0] + "/" + network[1] + ".t7";
            models.add(new KnownModel(name, "jcjohnson/fast-neural-style network '" + network[1] + "' ("
                    + (paper ? "ECCV 2016 paper, batch norm" : "instance norm, half width") + "; Torch7)",
                    "feedforward model",
                    List.of(KnownFile.of("fast-neural-style-" + network[0] + "-" + network[1] + ".t7",
                            paper ? 45_000_000L : 4_000_000L, false, null, "not published: recorded at the first download",
                            "https://" + FAST_NEURAL_STYLE + path, "https://www." + FAST_NEURAL_STYLE + path)),
                    null));
        }
        return models;
    }

    /** Every known model, in the order listings show them. */
    public static List<KnownModel> all() {
        return ALL;
    }

    /** The model named {@code name} (case and {@code _}/{@code -} do not matter). */
    public static Optional<KnownModel> find(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return ALL.stream().filter(model -> model.name().equals(wanted)).findFirst();
    }

    /** Names of the models some method uses in a role, e.g. {@code feedforward model}. */
    public static List<String> namesFor(String role) {
        return ALL.stream().filter(model -> model.usedBy().contains(role)).map(KnownModel::name).toList();
    }
}
