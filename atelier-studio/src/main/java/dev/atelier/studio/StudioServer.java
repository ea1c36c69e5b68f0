package dev.atelier.studio;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atelier.io.ImageLoader;
import dev.atelier.io.ImageSaver;
import dev.atelier.io.ReadOptions;
import dev.atelier.io.RgbImage;
import dev.atelier.report.Versions;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.javalin.json.JavalinGson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web studio: the JSON API of docs/api.md and the page, over a {@link Studio}.
 *
 * <p>{@link #start} opens the data folder (recovering from the last stop), starts the workers and
 * listens; {@link #close} stops listening, lets running jobs stop (they go back in the queue) and
 * closes the database.
 */
public final class StudioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudioServer.class);
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final Studio studio;
    private final AccessGuard guard;
    private final WebPage page = new WebPage();
    private final Javalin app;

    private StudioServer(Studio studio) {
        this.studio = studio;
        this.guard = new AccessGuard(studio.options().token());
        this.app = Javalin.create(this::configure);
    }

    /**
     * Opens the studio in {@code options.dataFolder()} with {@code executor} and starts listening.
     *
     * @throws StudioLockedException when another studio uses the data folder
     * @throws dev.atelier.AtelierException when the data folder or database cannot be used
     * @throws io.javalin.util.JavalinBindException when the port is taken
     */
    public static StudioServer start(StudioOptions options, JobExecutor executor) {
        Studio studio = Studio.open(options, executor);
        StudioServer server = new StudioServer(studio);
        try {
            server.app.start();
        } catch (RuntimeException failure) {
            studio.close();
            throw failure;
        }
        studio.announce(server.url());
        return server;
    }

    /** The port it listens on (the actual one when {@link StudioOptions#port()} was 0). */
    public int port() {
        return app.port();
    }

    /** The address a browser on this machine opens: {@code http://host:port/}. */
    public String url() {
        String host = studio.options().host();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    @Override
    public void close() {
        app.stop();
        studio.close();
    }

    private void configure(JavalinConfig config) {
        StudioOptions options = studio.options();
        config.jetty.host = options.host();
        config.jetty.port = options.port();
        config.jetty.multipartConfig.cacheDirectory(studio.folder().parts().toString());
        config.jetty.multipartConfig.maxFileSize(options.maxRequestBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxTotalRequestSize(options.maxRequestBytes(), SizeUnit.BYTES);
        config.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        // Event streams must not sit in a compressor's buffer, and images are compressed already.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.jsonMapper(new JavalinGson(StudioJson.GSON, false));
        // The HTTP layer's own refusals (unparseable or ambiguous requests) are the API's JSON too.
        JsonErrorHandler errors = new JsonErrorHandler();
        config.jetty.modifyServer(server -> server.setErrorHandler(errors));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));

        config.routes.before(this::guard);
        config.routes.exception(Exception.class, this::answerFailure);

        config.routes.get("/", ctx -> pageFile(ctx, "index.html"));
        config.routes.get("/static/{name}", ctx -> pageFile(ctx, ctx.pathParam("name")));

        config.routes.get("/api/health", this::health);
        config.routes.get("/api/methods", ctx -> json(ctx, Map.of("methods", studio.executor().methods(),
                "clip_options", studio.executor().clipOptions())));
        config.routes.get("/api/models", ctx -> json(ctx, Map.of("models", studio.executor().models())));
        config.routes.post("/api/models/paintings", this::paintings);
        config.routes.post("/api/jobs", this::submit);
        config.routes.get("/api/jobs", this::list);
        config.routes.get("/api/jobs/{id}", ctx -> {
            JobRecord job = studio.existing(id(ctx));
            json(ctx, JobJson.of(job, studio.live(job.id())));
        });
        config.routes.delete("/api/jobs/{id}", ctx -> {
            JobRecord job = studio.cancel(id(ctx));
            json(ctx, JobJson.of(job, studio.live(job.id())));
        });
        config.routes.post("/api/jobs/{id}/continue", ctx -> {
            JobRecord job = studio.continueClip(id(ctx));
            ctx.status(202);
            json(ctx, JobJson.of(job, null));
        });
        config.routes.get("/api/jobs/{id}/events", this::events);
        config.routes.get("/api/jobs/{id}/result", this::result);
        config.routes.get("/api/jobs/{id}/report", this::report);
        config.routes.get("/api/jobs/{id}/preview", this::preview);
        config.routes.get("/api/jobs/{id}/content", ctx -> {
            JobRecord job = studio.existing(id(ctx));
            input(ctx, studio.photo(job));
        });
        config.routes.get("/api/jobs/{id}/style/{n}", ctx -> {
            JobRecord job = studio.existing(id(ctx));
            input(ctx, studio.painting(job, whole(ctx.pathParam("n"), "n")));
        });
        config.routes.get("/api/jobs/{id}/model", ctx -> {
            JobRecord job = studio.existing(id(ctx));
            if (job.modelFile() == null) {
                throw ApiException.notFound("job " + job.id() + " has no model file (its model, if any, is named)");
            }
            input(ctx, studio.folder().job(job.id()).resolve(job.modelFile()));
        });
        // Declared last, so they only match what nothing above did: API clients get JSON, not text.
        for (HandlerType type : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                HandlerType.DELETE)) {
            config.routes.addHttpHandler(type, "/api/*", ctx -> {
                throw ApiException.notFound("no endpoint " + ctx.method().name() + " " + ctx.path()
                        + " (see docs/api.md)");
            });
        }
        // And everything else: every error the studio sends is the API's JSON, not Javalin's text.
        for (HandlerType type : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                HandlerType.DELETE)) {
            config.routes.addHttpHandler(type, "/*", ctx -> {
                throw ApiException.notFound("nothing at " + ctx.method().name() + " " + ctx.path()
                        + " (the studio's page is at /)");
            });
        }
    }

    private void guard(Context ctx) {
        AccessGuard.Request request = new AccessGuard.Request(ctx.method().name(), ctx.header("Host"),
                ctx.header("Origin"), ctx.header("Authorization"), ctx.cookie(AccessGuard.COOKIE),
                ctx.queryParam("token"));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        switch (guard.check(request)) {
            case ALLOW -> { }
            case ALLOW_AND_REMEMBER -> {
                ctx.header("Set-Cookie", AccessGuard.COOKIE + "=" + ctx.queryParam("token")
                        + "; Path=/; HttpOnly; SameSite=Strict");
                ctx.redirect(AccessGuard.localPath(ctx.path()));
                throw new RedirectIssued();
            }
            case NO_TOKEN -> throw new ApiException(401, null, "this studio needs its access token: open the"
                    + " address 'atelier serve' printed, or send 'Authorization: Bearer <token>'");
            case FOREIGN -> throw new ApiException(403, null, "refused: the request comes from another site or"
                    + " names a host other than this machine");
        }
    }

    private void pageFile(Context ctx, String name) {
        byte[] content = page.file(name).orElseThrow(() -> ApiException.notFound("no page file " + name));
        ctx.header("Content-Security-Policy", SECURITY_POLICY);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(WebPage.contentType(name)).result(content);
    }

    private void health(Context ctx) {
        JsonObject health = new JsonObject();
        health.addProperty("status", "ok");
        health.addProperty("version", Versions.atelier());
        health.addProperty("workers", studio.options().workers());
        JsonObject limits = new JsonObject();
        limits.addProperty("upload_bytes", studio.options().maxRequestBytes());
        limits.addProperty("pixels", studio.options().maxPixels());
        limits.addProperty("clip_seconds", studio.options().maxClipSeconds());
        limits.addProperty("clip_frames", studio.options().maxClipFrames());
        limits.addProperty("clip_pixels", studio.options().maxClipPixels());
        health.add("limits", limits);
        JsonObject clips = new JsonObject();
        java.util.Optional<String> unavailable = studio.executor().clipsUnavailable();
        clips.addProperty("available", unavailable.isEmpty());
        clips.addProperty("reason", unavailable.orElse(null));
        health.add("clips", clips);
        JsonObject jobs = new JsonObject();
        studio.counts().forEach((state, count) -> jobs.addProperty(state.key(), count));
        health.add("jobs", jobs);
        json(ctx, health);
    }

    private void submit(Context ctx) {
        long limit = studio.options().maxRequestBytes();
        long length = ctx.req().getContentLengthLong();
        if (length > limit) {
            // Refused from the header, before the body is parsed or stored.
            OversizedBody.discard(ctx);
            throw new ApiException(413, null, "upload of " + megabytes(length) + " is over the "
                    + megabytes(limit) + " limit");
        }
        if (!ctx.isMultipartFormData()) {
            throw ApiException.badRequest(null, "send the job as multipart/form-data (fields content, style or"
                    + " model, method, options)");
        }
        SubmissionForm form;
        try {
            form = new SubmissionForm(ctx.formParam("method"), ctx.formParams("model"), ctx.formParam("options"),
                    uploads(ctx, "content"), uploads(ctx, "style"), uploads(ctx, "model_file"));
        } catch (Exception unreadable) { // Jetty's parser throws checked exceptions through Kotlin code
            throw unreadableForm(ctx, unreadable, limit);
        }
        JobRecord job = studio.submit(form);
        ctx.status(202);
        ctx.header("Location", "/api/jobs/" + job.id());
        json(ctx, JobJson.of(job, null));
    }

    /** {@code POST /api/models/paintings}: the paintings of a model file, for the page's choice and sliders. */
    private void paintings(Context ctx) {
        long limit = studio.options().maxRequestBytes();
        if (ctx.req().getContentLengthLong() > limit) {
            OversizedBody.discard(ctx);
            throw new ApiException(413, "model_file", "upload of " + megabytes(ctx.req().getContentLengthLong())
                    + " is over the " + megabytes(limit) + " limit");
        }
        if (!ctx.isMultipartFormData()) {
            throw ApiException.badRequest(null, "send the model as multipart/form-data (field model_file)");
        }
        List<Upload> files;
        try {
            files = uploads(ctx, "model_file");
        } catch (Exception unreadable) {
            throw unreadableForm(ctx, unreadable, limit);
        }
        JsonObject answer = new JsonObject();
        JsonArray names = new JsonArray();
        studio.paintings(files).forEach(names::add);
        answer.add("paintings", names);
        json(ctx, answer);
    }

    /** A multipart body Jetty could not read: over the limit (413), or malformed (400). */
    private static ApiException unreadableForm(Context ctx, Exception unreadable, long limit) {
        if (causedBy(unreadable, "max length exceeded") || causedBy(unreadable, "max file size exceeded")) {
            OversizedBody.discardAndClose(ctx);
            return new ApiException(413, null, "upload is over the " + megabytes(limit) + " limit");
        }
        return ApiException.badRequest(null, "the multipart/form-data body cannot be read ("
                + rootCause(unreadable).getMessage() + ")");
    }

    private static boolean causedBy(Throwable failure, String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static List<Upload> uploads(Context ctx, String field) {
        return ctx.uploadedFiles(field).stream()
                .map((UploadedFile file) -> new Upload(file.filename(), file::content))
                .toList();
    }

    private void list(Context ctx) {
        long limit = ctx.queryParam("limit") == null ? DEFAULT_PAGE : whole(ctx.queryParam("limit"), "limit");
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_PAGE + ", got " + limit);
        }
        String beforeText = ctx.queryParam("before");
        String pageText = ctx.queryParam("page");
        if (beforeText != null && pageText != null) {
            throw ApiException.badRequest("page", "use either before or page, not both");
        }
        Long before = beforeText == null ? null : whole(beforeText, "before");
        if (before != null && before < 1) {
            throw ApiException.badRequest("before", "must be at least 1, got " + before);
        }
        long page = pageText == null ? 1 : whole(pageText, "page");
        if (page < 1 || page > Integer.MAX_VALUE) {
            throw ApiException.badRequest("page", "must be between 1 and " + Integer.MAX_VALUE + ", got " + page);
        }
        // At most 2^31 pages of 100: the offset fits a long, and a page past the end is simply empty.
        List<JobRecord> jobs = studio.list((int) limit, before, (page - 1) * limit);
        JsonArray items = new JsonArray();
        jobs.forEach(job -> items.add(JobJson.of(job, studio.live(job.id()))));
        JsonObject answer = new JsonObject();
        answer.add("jobs", items);
        answer.addProperty("limit", limit);
        answer.addProperty("total", studio.counts().values().stream().mapToInt(Integer::intValue).sum());
        boolean more = jobs.size() == limit && jobs.get(jobs.size() - 1).id() > 1;
        answer.addProperty("next_before", more ? jobs.get(jobs.size() - 1).id() : null);
        json(ctx, answer);
    }

    private void events(Context ctx) throws Exception {
        long id = id(ctx);
        studio.existing(id);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, null, "this is an event stream: send 'Accept: text/event-stream'");
        }
        new SseHandler(client -> stream(client, id)).handle(ctx);
    }

    /** Sends the job's state, then every event until it finishes or the client leaves. */
    private void stream(SseClient client, long id) {
        try (JobEvents.Subscription subscription = studio.events().subscribe(id)) {
            JobRecord job = studio.existing(id);
            LiveJob live = studio.live(id);
            client.sendEvent(JobEvent.STATE, JobJson.of(job, live).toString());
            if (job.state().finished()) {
                return;
            }
            while (!client.terminated()) {
                JobEvent event = subscription.next(HEARTBEAT_MILLIS);
                if (event == null) {
                    client.sendComment("still here");
                    continue;
                }
                if (event == JobEvent.SHUTDOWN) {
                    return;
                }
                client.sendEvent(event.name(), event.data());
                if (event.last()) {
                    return;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException gone) {
            LOG.debug("event stream of job {} ended: {}", id, gone.toString());
        }
    }

    private void result(Context ctx) throws IOException {
        JobRecord job = studio.existing(id(ctx));
        Path result = studio.folder().files(job).result();
        if (!job.hasResult() || !Files.isRegularFile(result)) {
            throw ApiException.notFound("job " + job.id() + " has no result (" + job.state().key() + ")");
        }
        if (job.clip()) {
            String format = ctx.queryParam("format");
            if (format != null && !format.equalsIgnoreCase("mp4")) {
                throw ApiException.badRequest("format", "a clip's result is an MP4, got '" + format + "'");
            }
            sendMedia(ctx, result, "video/mp4", "atelier-" + job.id() + ".mp4");
            return;
        }
        String format = ctx.queryParam("format") == null ? "png" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
        switch (format) {
            case "png" -> sendFile(ctx, result, "image/png", "atelier-" + job.id() + ".png");
            case "jpg", "jpeg" -> {
                Path jpeg = result.resolveSibling(DataFolder.RESULT_JPEG);
                if (!Files.isRegularFile(jpeg) || Files.getLastModifiedTime(jpeg).compareTo(
                        Files.getLastModifiedTime(result)) < 0) {
                    RgbImage image = new ImageLoader(ReadOptions.defaults().withMaxPixels(RgbImage.MAX_PIXELS))
                            .read(result);
                    new ImageSaver().write(image, jpeg);
                }
                sendFile(ctx, jpeg, "image/jpeg", "atelier-" + job.id() + ".jpg");
            }
            default -> throw ApiException.badRequest("format", "expected png or jpg, got '" + format + "'");
        }
    }

    private void report(Context ctx) throws IOException {
        JobRecord job = studio.existing(id(ctx));
        Path report = studio.folder().files(job).report();
        if (!job.hasResult() || !Files.isRegularFile(report)) {
            throw ApiException.notFound("job " + job.id() + " has no report (" + job.state().key() + ")");
        }
        sendFile(ctx, report, "application/json", "atelier-" + job.id() + ".json");
    }

    private void preview(Context ctx) throws IOException {
        JobRecord job = studio.existing(id(ctx));
        LiveJob live = studio.live(job.id());
        RgbImage image = live == null ? null : live.preview();
        if (image != null) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image.toBufferedImage(), "png", png);
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("image/png").result(png.toByteArray());
            return;
        }
        Path result = studio.folder().files(job).result();
        if (!job.clip() && job.hasResult() && Files.isRegularFile(result)) {
            sendFile(ctx, result, "image/png", "atelier-" + job.id() + ".png");
            return;
        }
        throw ApiException.notFound("job " + job.id() + " has no picture yet");
    }

    /** An upload as it was stored: a picture, a clip (which a player may ask for in ranges) or a model. */
    private static void input(Context ctx, Path file) throws IOException {
        String name = file.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = switch (extension) {
            case "jpg" -> "image/jpeg";
            case "png" -> "image/png";
            case "mp4", "m4v" -> "video/mp4";
            case "mov" -> "video/quicktime";
            case "webm" -> "video/webm";
            case "mkv" -> "video/x-matroska";
            case "ogv" -> "video/ogg";
            default -> "application/octet-stream";
        };
        if (type.startsWith("image/")) {
            sendFile(ctx, file, type, null);
        } else {
            sendMedia(ctx, file, type, null);
        }
    }

    /**
     * A file a browser's player may ask for in parts (a {@code Range} header, {@link ByteRange}): the
     * part asked for (206), or the whole file.
     */
    private static void sendMedia(Context ctx, Path file, String type, String downloadName) throws IOException {
        long size = Files.size(file);
        ByteRange range = ByteRange.of(ctx.header("Range"), size);
        ctx.header("Accept-Ranges", "bytes");
        if (range == ByteRange.UNSATISFIABLE) {
            ctx.header("Content-Range", "bytes */" + size);
            throw new ApiException(416, null, "the range asked for, " + ctx.header("Range") + ", is beyond the"
                    + " file's " + size + " bytes");
        }
        if (range == null) {
            sendFile(ctx, file, type, downloadName);
            return;
        }
        ctx.header("Cache-Control", "no-cache");
        if (downloadName != null) {
            ctx.header("Content-Disposition", "inline; filename=\"" + downloadName + "\"");
        }
        ctx.status(206);
        ctx.header("Content-Range", range.contentRange(size));
        ctx.header("Content-Length", Long.toString(range.length()));
        ctx.contentType(type).result(range.open(file));
    }

    private static void sendFile(Context ctx, Path file, String type, String downloadName) throws IOException {
        ctx.header("Cache-Control", "no-cache");
        if (downloadName != null) {
            ctx.header("Content-Disposition", "inline; filename=\"" + downloadName + "\"");
        }
        ctx.header("Content-Length", Long.toString(Files.size(file)));
        ctx.contentType(type).result(Files.newInputStream(file));
    }

    private static void json(Context ctx, Object value) {
        ctx.header("Cache-Control", "no-store");
        ctx.json(value);
    }

    private static long id(Context ctx) {
        return whole(ctx.pathParam("id"), "id");
    }

    /** A whole number from the request, or a 400 naming {@code field}. */
    private static long whole(String text, String field) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            throw ApiException.badRequest(field, "expected a whole number, got '" + text + "'");
        }
    }

    private void answerFailure(Exception failure, Context ctx) {
        if (failure instanceof RedirectIssued || requestGone(ctx)) {
            return;
        }
        int status;
        String field = null;
        String message;
        if (failure instanceof ApiException refused) {
            status = refused.status();
            field = refused.field();
            message = refused.getMessage();
        } else if (failure instanceof HttpResponseException http) {
            status = http.getStatus();
            message = http.getMessage();
        } else {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), failure);
            status = 500;
            message = "internal error: " + (failure instanceof UncheckedIOException io ? io.getCause() : failure);
        }
        JsonObject body = new JsonObject();
        body.addProperty("error", message);
        body.addProperty("field", field);
        ctx.status(status);
        json(ctx, body);
    }

    /**
     * Whether the exchange has already ended, as when an event stream's client left: Jetty has
     * recycled the request, and nothing can be answered.
     */
    private static boolean requestGone(Context ctx) {
        try {
            return ctx.req().getMethod() == null;
        } catch (RuntimeException recycled) {
            return true;
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    /** Ends a request whose answer (a redirect) is already set. */
    private static final class RedirectIssued extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedirectIssued() {
            super(null, null, false, false);
        }
    }
}
