package dev.atelier.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scriptable HTTP server on 127.0.0.1 standing in for Hugging Face, GitHub and torchvision:
 * each path gets a behaviour (good file, broken transfer, stall, redirect, error status), and
 * every request is recorded with its Range header.
 */
public final class LocalWeightsServer implements AutoCloseable {

    /** What the downloader asked for. */
    public record Request(String path, String range) {
    }

    @FunctionalInterface
    private interface Behaviour {
        /** Answers the {@code number}-th request (1-based) for this path. */
        void answer(HttpExchange exchange, int number) throws IOException;
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch shutdown = new CountDownLatch(1);

    public LocalWeightsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Serves {@code content} like a CDN: whole, or from a requested offset with 206. */
    public void serve(String path, byte[] content) {
        behaviours.put(path, (exchange, number) -> sendHonouringRange(exchange, content));
    }

    /** Serves {@code content} whole every time, as servers without range support do. */
    public void serveIgnoringRange(String path, byte[] content) {
        behaviours.put(path, (exchange, number) -> sendWhole(exchange, content));
    }

    /** The first response announces the full length but the connection drops after {@code cutAt} bytes. */
    public void serveCutOnce(String path, byte[] content, int cutAt) {
        behaviours.put(path, (exchange, number) -> {
            if (number > 1) {
                sendHonouringRange(exchange, content);
                return;
            }
            exchange.sendResponseHeaders(200, content.length);
            OutputStream body = exchange.getResponseBody();
            body.write(content, 0, cutAt);
            body.flush();
            // Closing with bytes missing makes the JDK server drop the connection.
            exchange.close();
        });
    }

    /**
     * The first response sends {@code cutAt} bytes, then goes silent until {@code resume} opens
     * (or the server stops), then sends the rest.
     */
    public void serveStallingOnce(String path, byte[] content, int cutAt, CountDownLatch resume) {
        behaviours.put(path, (exchange, number) -> {
            if (number > 1) {
                sendHonouringRange(exchange, content);
                return;
            }
            exchange.sendResponseHeaders(200, content.length);
            OutputStream body = exchange.getResponseBody();
            body.write(content, 0, cutAt);
            body.flush();
            try {
                while (!resume.await(50, TimeUnit.MILLISECONDS)) {
                    if (shutdown.getCount() == 0) {
                        exchange.close();
                        return;
                    }
                }
                body.write(content, cutAt, content.length - cutAt);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
    }

    /**
     * Sends {@code content}, then zeros for ever (a chunked body without a length), as a broken mirror
     * did; stops when the client hangs up or the server closes. Counts what it sent in {@code sent}.
     */
    public void serveEndless(String path, byte[] content, AtomicLong sent) {
        behaviours.put(path, (exchange, number) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            byte[] zeros = new byte[1 << 16];
            try {
                body.write(content);
                sent.addAndGet(content.length);
                while (shutdown.getCount() > 0) {
                    body.write(zeros);
                    sent.addAndGet(zeros.length);
                }
            } catch (IOException clientHungUp) {
                // What the downloader does once it has had enough.
            } finally {
                exchange.close();
            }
        });
    }

    /** Announces {@code announced} bytes as the length, then sends {@code content} and hangs up. */
    public void serveAnnouncing(String path, byte[] content, long announced) {
        behaviours.put(path, (exchange, number) -> {
            exchange.sendResponseHeaders(200, announced);
            try {
                exchange.getResponseBody().write(content);
            } catch (IOException clientHungUp) {
                // Expected: the downloader refuses the announced length without reading on.
            } finally {
                exchange.close();
            }
        });
    }

    public void redirect(String path, String target) {
        behaviours.put(path, (exchange, number) -> {
            exchange.getResponseHeaders().set("Location", url(target).toString());
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    public void status(String path, int status) {
        behaviours.put(path, (exchange, number) -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsFor(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Range")));
        int number = counts.computeIfAbsent(path, unused -> new AtomicInteger()).incrementAndGet();
        Behaviour behaviour = behaviours.get(path);
        if (behaviour == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        behaviour.answer(exchange, number);
    }

    private static void sendHonouringRange(HttpExchange exchange, byte[] content) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher matcher = range == null ? null : RANGE.matcher(range);
        if (matcher == null || !matcher.matches()) {
            sendWhole(exchange, content);
            return;
        }
        int start = Integer.parseInt(matcher.group(1));
        if (start >= content.length) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
            exchange.sendResponseHeaders(416, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Range",
                "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        exchange.sendResponseHeaders(206, content.length - start);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content, start, content.length - start);
        }
    }

    private static void sendWhole(HttpExchange exchange, byte[] content) throws IOException {
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content);
        }
    }

    @Override
    public void close() {
        shutdown.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
