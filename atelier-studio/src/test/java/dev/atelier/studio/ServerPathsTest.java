package dev.atelier.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The server's paths are kept out of what people see; web addresses and plain words are not paths. */
class ServerPathsTest {
    @Test
    void aPathBecomesItsFileName() {
        assertThat(ServerPaths.hide("/home/ann/.atelier/models/vgg19.pth: truncated", null))
                .isEqualTo("vgg19.pth: truncated");
        assertThat(ServerPaths.hide("cannot write '/srv/studio/jobs/7/result.png' (disk full)", null))
                .isEqualTo("cannot write 'result.png' (disk full)");
        assertThat(ServerPaths.hide("place it in /home/ann/.atelier/models as x.pth", null))
                .isEqualTo("place it in models as x.pth");
        assertThat(ServerPaths.hide("C:\\Users\\ann\\.atelier\\models\\vgg19.pth: truncated", null))
                .isEqualTo("vgg19.pth: truncated");
    }

    @Test
    void theJobsOwnFolderGoesWhole() {
        Path folder = Path.of("/srv/studio/jobs/7");
        assertThat(ServerPaths.hide("/srv/studio/jobs/7/content.png: truncated JPEG data", folder))
                .isEqualTo("content.png: truncated JPEG data");
    }

    @Test
    void addressesFractionsAndWordsStay() {
        String text = "could not download https://download.pytorch.org/models/vgg19-dcbb9e9d.pth (HTTP 404); "
                + "1/2 done, and/or 3 km/h, size 512";
        assertThat(ServerPaths.hide(text, null)).isEqualTo(text);
        assertThat(ServerPaths.hide(null, null)).isNull();
    }
}
