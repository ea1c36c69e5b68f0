package dev.atelier.studio;

import dev.atelier.progress.RunListener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.BadInputException;
import dev.atelier.Cancellation;
import dev.atelier.InvalidOptionException;
import java.awt.Color;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own exceptions, thrown through the seam instead of the studio's, still reach the
 * client as a refusal naming the field, or as the job's error, without internal paths.
 */
class LibraryFailuresTest {
    @TempDir
    Path data;

    @Test
    void aBadOptionFromTheLibraryNamesItsKey() {
        try (StudioServer server = start(new Refusing() {
            @Override
            public void validate(JobSubmission submission) {
                throw new InvalidOptionException("style-weight", "must be positive, or raise {iterations}");
            }
        })) {
            StudioClient.Answer refused = new StudioClient(server.port()).submitGatys(Color.RED, "{}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("field").getAsString()).isEqualTo("options.style-weight");
            assertThat(refused.json().get("error").getAsString())
                    .isEqualTo("style-weight: must be positive, or raise iterations");
        }
    }

    @Test
    void anUnusableFileFromTheLibraryNamesTheUploadNotItsPath() {
        try (StudioServer server = start(new Refusing() {
            @Override
            public void validate(JobSubmission submission) {
                throw new BadInputException(submission.styles().get(0), "image is damaged");
            }
        })) {
            StudioClient.Answer refused = new StudioClient(server.port()).submitGatys(Color.RED, "{}");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("field").getAsString()).isEqualTo("style");
            assertThat(refused.json().get("error").getAsString()).isEqualTo("image is damaged");
        }
    }

    @Test
    void aLibraryFailureWhileRunningBecomesTheJobsError() {
        try (StudioServer server = start(new Refusing() {
            @Override
            public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener,
                    Cancellation cancellation) {
                throw new BadInputException(submission.content(), "truncated JPEG data");
            }
        })) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(Color.RED, "{}").id();

            StudioClient.Answer failed = client.awaitFinished(id);
            assertThat(failed.state()).isEqualTo("failed");
            assertThat(failed.json().get("error").getAsString()).isEqualTo("content.png: truncated JPEG data");
        }
    }

    /** A failed job's error once showed the server's model cache path. */
    @Test
    void aJobsErrorShowsNoPathOfTheServer() {
        try (StudioServer server = start(new Refusing() {
            @Override
            public JobOutcome run(JobSubmission submission, JobFiles files, RunListener listener,
                    Cancellation cancellation) {
                throw new dev.atelier.UnavailableException("/home/ann/.atelier/models/vgg19.tv_in1k.safetensors: "
                        + "cannot read cached weights file (Input/output error); see " + files.result().getParent()
                        + " and https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
            }
        })) {
            StudioClient client = new StudioClient(server.port());
            long id = client.submitGatys(Color.RED, "{}").id();

            String error = client.awaitFinished(id).json().get("error").getAsString();
            assertThat(error).isEqualTo("vgg19.tv_in1k.safetensors: cannot read cached weights file (Input/output "
                    + "error); see " + id + " and https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
            assertThat(error).doesNotContain("/home", data.toString());
        }
    }

    private StudioServer start(JobExecutor executor) {
        return StudioServer.start(StudioOptions.builder().optPort(0).optDataFolder(data).build(), executor);
    }

    /** The fake's methods and models; tests override what they refuse. */
    private abstract static class Refusing extends FakeBackedExecutor {
        Refusing() {
            super(new FakeExecutor(1));
        }
    }
}
