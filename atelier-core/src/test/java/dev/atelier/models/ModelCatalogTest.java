package dev.atelier.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.weights.download.Source;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    @Test
    void listsEveryNetworkTheIssueNamesWithHttpsSourcesAndUniqueNames() {
        assertThat(ModelCatalog.all()).extracting(KnownModel::name).contains("vgg19", "vgg16", "adain-encoder",
                "adain-decoder", "candy", "mosaic", "udnie", "rain-princess", "onnx-candy", "onnx-mosaic",
                "onnx-pointilism", "onnx-rain-princess", "onnx-udnie");
        Set<String> names = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (KnownModel model : ModelCatalog.all()) {
            assertThat(names.add(model.name())).as("unique name %s", model.name()).isTrue();
            for (KnownFile file : model.files()) {
                assertThat(files.add(file.fileName())).as("unique cache file %s", file.fileName()).isTrue();
                assertThat(file.bytes()).isPositive();
                for (Source source : file.sources()) {
                    assertThat(source.url().getScheme()).isEqualTo("https");
                }
            }
            if (model.archive() != null) {
                assertThat(files.add(model.archive().fileName())).isTrue();
            }
        }
    }

    @Test
    void onnxZooFilesCarryTheirLfsDigestsAndExactSizes() {
        KnownFile candy = ModelCatalog.find("onnx-candy").orElseThrow().files().get(0);

        assertThat(candy.sha256().hex()).isEqualTo("9d11a3529d1e547da6ae07201d93484dbab2ec0a3614535752c8f40f0fe2968a");
        assertThat(candy.bytes()).isEqualTo(6_728_029L);
        assertThat(candy.exactSize()).isTrue();
        assertThat(candy.urls()).hasSize(2);
    }

    @Test
    void vggHasAFullyVerifiedSafetensorsSourceFirstAndATorchvisionFileNamedAfterItsDigest() {
        for (KnownModel vgg : List.of(ModelCatalog.VGG19, ModelCatalog.VGG16)) {
            KnownFile first = vgg.files().get(0);
            KnownFile torchvision = vgg.files().get(1);
            assertThat(first.fileName()).endsWith(".safetensors");
            assertThat(first.sha256().isPrefixOnly()).isFalse();
            // torchvision names each file after the start of its digest.
            assertThat(torchvision.urls().get(0).getPath()).contains("-" + torchvision.sha256().hex() + ".pth");
        }
    }

    @Test
    void pytorchExamplesNetworksComeFromTheirZipWhoseDigestIsRecordedOnFirstUse() {
        KnownModel candy = ModelCatalog.find("candy").orElseThrow();

        assertThat(candy.files()).isEmpty();
        assertThat(candy.archive().model()).isEqualTo(ModelCatalog.PYTORCH_EXAMPLES_ARCHIVE);
        assertThat(candy.archive().entry()).isEqualTo("candy.pth");
        assertThat(ModelCatalog.PYTORCH_EXAMPLES_ARCHIVE.files().get(0).sha256().isPublished()).isFalse();
    }

    @Test
    void johnsonsTenTorch7NetworksAreKnownAndTrustedOnFirstDownload() {
        List<String> names = List.of("johnson-candy", "johnson-la-muse", "johnson-mosaic", "johnson-feathers",
                "johnson-the-scream", "johnson-udnie", "johnson-eccv16-the-wave", "johnson-eccv16-starry-night",
                "johnson-eccv16-la-muse", "johnson-eccv16-composition-vii");
        for (String name : names) {
            KnownModel model = ModelCatalog.find(name).orElseThrow();
            KnownFile file = model.files().get(0);
            assertThat(model.usedBy()).isEqualTo("feedforward model");
            assertThat(file.fileName()).endsWith(".t7");
            assertThat(file.sha256().isPublished()).isFalse();
            assertThat(file.exactSize()).isFalse();
            assertThat(file.urls()).hasSize(2);
            assertThat(file.urls().get(0).toString()).startsWith(
                    "https://cs.stanford.edu/people/jcjohns/fast-neural-style/models/");
        }
        assertThat(ModelCatalog.find("johnson-eccv16-starry-night").orElseThrow().files().get(0).urls().get(0)
                .getPath()).endsWith("/models/eccv16/starry_night.t7");
        assertThat(ModelCatalog.find("johnson-la-muse").orElseThrow().files().get(0).urls().get(0).getPath())
                .endsWith("/models/instance_norm/la_muse.t7");
        assertThat(ModelCatalog.namesFor("feedforward model")).containsAll(names);
    }

    @Test
    void namesAreFoundWhateverTheCaseOrSeparator() {
        assertThat(ModelCatalog.find("Rain_Princess")).map(KnownModel::name).contains("rain-princess");
        assertThat(ModelCatalog.find("vgg11")).isEmpty();
    }

    /** Every download is bounded by what the catalogue says of its size (the Magenta transformer: 421,104 bytes). */
    @Test
    void everySourceCarriesItsFilesSizeAsItsDownloadLimit() {
        for (KnownModel model : ModelCatalog.all()) {
            for (KnownFile file : model.files()) {
                for (Source source : file.sources()) {
                    assertThat(source.size().bytes()).as(file.fileName()).isEqualTo(file.bytes());
                    assertThat(source.size().exact()).as(file.fileName()).isEqualTo(file.exactSize());
                    assertThat(source.size().limit()).as(file.fileName()).isGreaterThanOrEqualTo(file.bytes());
                }
            }
        }
        assertThat(ModelCatalog.MAGENTA_TRANSFORMER.weights().sources().get(0).size().limit()).isEqualTo(421_104);
    }

}
