package org.virtlab.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.virtlab.server.Config;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.console.FrameSink;
import org.virtlab.server.console.Viewer;
import org.virtlab.server.labs.Lab;

/**
 * The classroom load benchmark (docs/performance.md, "Classrooms"), shared by the full run
 * ({@link ClassroomLoadBench}) and its smoke test ({@link ClassroomLoadSmokeTest}).
 *
 * <p><b>Broadcast.</b> N members watch the stage over WebSockets (Tyrus clients, one account
 * each). The instructor types {@code echo mKz} S times, one sample at a time at an interactive
 * pace; a probe viewer inside the server notes when the stage's console publishes the output
 * line, and each client notes when it arrives. Output latency = arrival − publication, over
 * every client and sample (p50, p99, max); keystroke-to-screen = arrival − the instructor's
 * send, which adds the guest's own time.
 *
 * <p><b>Hand-out.</b> M members in a second classroom; the instructor hands out the stage. Measured:
 * the hand-out request (snapshot at the next slice boundary, M labs created and started), the
 * time until every fork has run its first slice, and until every fork answered an {@code echo}
 * typed right after the hand-out.
 *
 * <p>Server and clients share one JVM (and the machine's cores): the numbers include the
 * clients' own work.
 */
final class ClassroomLoad {
    record Result(int viewers, int samples, double p50Millis, double p99Millis, double maxMillis,
                  double typedP50Millis, double typedP99Millis, int resyncs,
                  int students, long handoutMillis, long snapshotMillis, long allRunningMillis, long allAnsweredMillis,
                  double heapMiBPerFork, double loadAverage) {
        String table() {
            return String.format(java.util.Locale.ROOT, """
                    | measure | value |
                    |---|---|
                    | viewers of the stage | %d |
                    | samples (echo lines) | %d |
                    | output latency to viewers, p50 | %.1f ms |
                    | output latency to viewers, p99 | %.1f ms |
                    | output latency to viewers, max | %.1f ms |
                    | keystroke to every viewer's screen, p50 | %.1f ms |
                    | keystroke to every viewer's screen, p99 | %.1f ms |
                    | viewer resyncs | %d |
                    | hand-out to N students | %d |
                    | hand-out request (snapshot, N labs created and started) | %d ms |
                    | of which the stage's snapshot (to the slice boundary, save) | %d ms |
                    | until all N forks run | %d ms |
                    | until all N forks answered `echo` | %d ms |
                    | heap per fork (after GC) | %.2f MiB |
                    | machine load average at the end (other processes included) | %.1f |
                    """, viewers, samples, p50Millis, p99Millis, maxMillis, typedP50Millis, typedP99Millis, resyncs,
                    students, handoutMillis, snapshotMillis, allRunningMillis, allAnsweredMillis, heapMiBPerFork, loadAverage);
        }
    }

    private ClassroomLoad() { }

    static Result run(Path data, int viewers, int samples, int students) throws Exception {
        Config config = Config.defaults(data).withPort(0);
        try (TestServer server = new TestServer(config)) {
            TestServer.Client teacher = server.client().signUp("teacher");
            String stage = teacher.createLab();
            teacher.post("/api/labs/" + stage + "/start", "");
            String broadcast = classroom(teacher, "broadcast");
            List<TestServer.Client> members = new ArrayList<>();
            for (int i = 0; i < Math.max(viewers, students); i++) members.add(server.client().signUp("student" + i));
            String code = teacher.get("/api/classrooms/" + broadcast).json().get("joinCode").asText();
            for (int i = 0; i < viewers; i++) members.get(i).post("/api/classrooms/join", "{\"code\":\"" + code + "\"}");
            teacher.put("/api/classrooms/" + broadcast + "/stage", "{\"labId\":\"" + stage + "\"}");
            String console = "/api/labs/" + stage + "/console";
            ConsoleClient t = ConsoleClient.connect(server, console, teacher);
            t.await("$ ");

            // ---- broadcast ----
            Lab lab = server.app.labs().find(stage).orElseThrow();
            ConsoleHub hub = lab.console();
            Sample[] current = new Sample[1];
            Viewer probe = hub.attach(new Probe(bytes -> {
                Sample s = current[0];
                if (s != null && s.publishedAt == 0 && contains(bytes, s.pattern)) s.publishedAt = System.nanoTime();
            }), false);
            List<ConsoleClient> clients = new ArrayList<>();
            List<Matcher> matchers = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                ConsoleClient c = ConsoleClient.connect(server, console, members.get(i));
                Matcher m = new Matcher(current);
                c.onFrame = m;
                clients.add(c);
                matchers.add(m);
            }
            for (ConsoleClient c : clients) c.await("$ ");
            double[] latency = new double[viewers * samples];
            double[] typed = new double[viewers * samples];
            int n = 0;
            for (int k = 0; k < samples; k++) {
                Sample s = new Sample("\r\nm" + k + "z\r\n", viewers);
                current[0] = s;
                s.typedAt = System.nanoTime();
                t.type("echo m" + k + "z\n");
                if (!s.done.await(30, TimeUnit.SECONDS)) throw new AssertionError("sample " + k + ": " + s.done.getCount() + " viewers never got it");
                for (long arrived : s.arrivals.values()) {
                    latency[n] = (arrived - s.publishedAt) / 1e6;
                    typed[n++] = (arrived - s.typedAt) / 1e6;
                }
                Thread.sleep(50);
            }
            current[0] = null;
            int resyncs = hub.viewers().stream().mapToInt(v -> (int) v.resyncs()).sum();
            hub.remove(probe);
            for (ConsoleClient c : clients) c.close();
            Arrays.sort(latency, 0, n);
            Arrays.sort(typed, 0, n);

            // ---- hand-out ----
            String room = classroom(teacher, "hand-out");
            String code2 = teacher.get("/api/classrooms/" + room).json().get("joinCode").asText();
            for (int i = 0; i < students; i++) members.get(i).post("/api/classrooms/join", "{\"code\":\"" + code2 + "\"}");
            teacher.put("/api/classrooms/" + room + "/stage", "{\"labId\":\"" + stage + "\"}");
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            var h = teacher.post("/api/classrooms/" + room + "/handout", "");
            long handout = (System.nanoTime() - start) / 1_000_000;
            if (h.status() != 200) throw new AssertionError("hand-out: " + h.body());
            List<Lab> forks = new ArrayList<>();
            for (var l : h.json().get("labs")) forks.add(server.app.labs().find(l.get("labId").asText()).orElseThrow());
            List<ConsoleClient> forkClients = new ArrayList<>();
            for (int i = 0; i < students; i++) {
                ConsoleClient c = ConsoleClient.connect(server, "/api/labs/" + forks.get(i).record().id() + "/console", members.get(i));
                c.type("echo fork" + i + "\n");
                forkClients.add(c);
            }
            while (forks.stream().anyMatch(f -> f.status().instructions() == 0)) Thread.sleep(1);
            long allRunning = (System.nanoTime() - start) / 1_000_000;
            for (int i = 0; i < students; i++) forkClients.get(i).await("\r\nfork" + i + "\r\n");
            long allAnswered = (System.nanoTime() - start) / 1_000_000;
            long heapAfter = usedHeapAfterGc();
            for (ConsoleClient c : forkClients) c.close();
            t.close();
            return new Result(viewers, samples, percentile(latency, n, 50), percentile(latency, n, 99), latency[n - 1],
                    percentile(typed, n, 50), percentile(typed, n, 99), resyncs,
                    students, handout, h.json().get("snapshotMillis").asLong(), allRunning, allAnswered,
                    (heapAfter - heapBefore) / (1024.0 * 1024.0) / Math.max(1, students),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String classroom(TestServer.Client teacher, String name) {
        var r = teacher.post("/api/classrooms", "{\"name\":\"" + name + "\"}");
        if (r.status() != 201) throw new AssertionError("create classroom: " + r.body());
        return r.json().get("id").asText();
    }

    static double percentile(double[] sorted, int n, int p) {
        return sorted[Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1)];
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** One echo line being measured. */
    static final class Sample {
        final byte[] pattern;
        final CountDownLatch done;
        final ConcurrentHashMap<Object, Long> arrivals = new ConcurrentHashMap<>();
        volatile long typedAt;
        volatile long publishedAt;

        Sample(String pattern, int viewers) {
            this.pattern = pattern.getBytes(StandardCharsets.US_ASCII);
            this.done = new CountDownLatch(viewers);
        }
    }

    /** A client's frame hook: notes when the current sample's line arrives (also split across frames). */
    static final class Matcher implements Consumer<byte[]> {
        private final Sample[] current;
        private byte[] carry = new byte[0];

        Matcher(Sample[] current) {
            this.current = current;
        }

        @Override
        public synchronized void accept(byte[] frame) {
            long now = System.nanoTime();
            byte[] all = new byte[carry.length + frame.length];
            System.arraycopy(carry, 0, all, 0, carry.length);
            System.arraycopy(frame, 0, all, carry.length, frame.length);
            carry = Arrays.copyOfRange(all, Math.max(0, all.length - 32), all.length);
            Sample s = current[0];
            if (s != null && !s.arrivals.containsKey(this) && contains(all, s.pattern)) {
                s.arrivals.put(this, now);
                s.done.countDown();
            }
        }
    }

    /** A viewer inside the server that sees each frame the moment the hub publishes it. */
    private record Probe(Consumer<byte[]> seen) implements FrameSink {
        @Override
        public void sendBinary(ByteBuffer frame, Runnable done, Consumer<Throwable> failed) {
            byte[] b = new byte[frame.remaining()];
            frame.get(b);
            seen.accept(b);
            done.run();
        }

        @Override
        public void close(int code, String reason) { }
    }
}
