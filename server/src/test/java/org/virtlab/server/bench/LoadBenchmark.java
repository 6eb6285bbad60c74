package org.virtlab.server.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.tyrus.client.ClientManager;
import org.virtlab.server.App;
import org.virtlab.server.Config;
import org.virtlab.server.accounts.AccountSettings;
import org.virtlab.server.logging.LogSettings;

/**
 * The web server's load benchmark (docs/performance.md, "Web server"). Not part of
 * {@code mvn verify}: run it with {@code scripts/bench-server.sh} on a quiet machine.
 *
 * <p>It starts the server in this JVM (so it can read the heap) with {@code --runners} runner
 * threads, signs students up over HTTP and boots their {@code virtlab-os-bare} labs to the shell
 * prompt, then measures:
 * <ol>
 * <li><b>heap per idle lab</b>: heap in use after full GCs with {@code --idle} labs at the
 *     prompt, minus the heap before the first lab, over the number of labs; and the CPU the idle
 *     labs cost (process CPU time over 10 s);
 * <li><b>keystroke-to-echo latency</b> (p50/p90/p99) while {@code --busy} of those labs run
 *     {@code cpubench} over and over: one Tyrus console client per busy lab types and times its
 *     echoes, and {@code --typists} more clients type into labs idle at their prompt (a student
 *     at a shell while the others compute), for {@code --seconds} after a 10 s warm-up;
 * <li>with {@code --capacity}: boots idle labs in batches of ten until the heap in use after GC
 *     passes 90% of {@code -Xmx}, a batch does not reach its prompts within two minutes, the
 *     runner threads are busier than 90% with every lab idle, or {@code --minutes} pass.
 * </ol>
 * Every student owns one lab (the runner pool shares its threads per user), except in the
 * capacity run (two labs each, the default limit of running labs). {@code --hold S} waits S
 * seconds after the first measurement, with the idle labs up, to take a heap histogram.
 */
public final class LoadBenchmark {
    private record Options(int idle, int busy, int typists, int seconds, int runners, boolean capacity, int minutes, int hold) { }

    private final Options o;
    private final App app;
    private final String base;
    private final ClientManager ws = ClientManager.createClient();
    private final List<Student> students = new ArrayList<>();
    private final List<String> labs = new ArrayList<>();
    private final List<Student> owners = new ArrayList<>();

    private LoadBenchmark(Options o, Path data) {
        this.o = o;
        Config c = new Config(0, data, null, true, 1000, 2, o.runners, false, List.of(),
                org.virtlab.server.snapshots.SnapshotSettings.defaults(), AccountSettings.defaults());
        this.app = App.create(c).start();
        this.base = "http://localhost:" + app.port();
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        LogSettings.set(LogSettings.Format.TEXT, org.slf4j.event.Level.WARN);
        Path data = Files.createTempDirectory("virtlab-load");
        System.out.println(conditions(o));
        LoadBenchmark b = new LoadBenchmark(o, data);
        try {
            if (o.capacity) b.capacity();
            else {
                b.idleHeap();
                b.latency();
            }
        } finally {
            b.app.close();
            deleteTree(data);
        }
        System.out.println("after: load average " + loadAverage());
        System.exit(0);
    }

    private static Options parse(String[] args) {
        int idle = 20, busy = 20, typists = 10, seconds = 60, runners = 2, minutes = 10, hold = 0;
        boolean capacity = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--busy" -> busy = Integer.parseInt(args[++i]);
                case "--typists" -> typists = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--runners" -> runners = Integer.parseInt(args[++i]);
                case "--minutes" -> minutes = Integer.parseInt(args[++i]);
                case "--capacity" -> capacity = true;
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --idle N --busy N --typists N --seconds S --runners N --capacity --minutes M --hold S");
            }
        }
        if (busy > idle) idle = busy;
        return new Options(idle, busy, typists, seconds, runners, capacity, minutes, hold);
    }

    // ---- 1. heap per idle lab --------------------------------------------------------------------

    private void idleHeap() throws Exception {
        for (int i = 0; i < o.idle + o.typists; i++) students.add(Student.signUp(base, "student" + i));
        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        bootLabs(o.idle, 1);
        double bootSeconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(5000);                                      // settle: every lab idle at its prompt
        long after = usedHeapAfterGc();
        double perLab = (after - before) / (double) o.idle / (1 << 20);
        double cpu = cpuShareOver(10_000);
        System.out.printf(Locale.ROOT, "idle: %d labs booted to the prompt in %.1f s; heap in use after GC %.1f MiB -> %.1f MiB:"
                        + " %.2f MiB per idle lab; %d idle labs use %.1f%% of one core (%.2f%% each)%n",
                o.idle, bootSeconds, before / 1048576.0, after / 1048576.0, perLab, o.idle, cpu * 100, cpu * 100 / o.idle);
        if (o.hold > 0) {
            System.out.printf("holding %d s with the idle labs, e.g. for: jcmd %d GC.class_histogram%n", o.hold, ProcessHandle.current().pid());
            Thread.sleep(o.hold * 1000L);
        }
    }

    // ---- 2. echo latency under load ----------------------------------------------------------------

    private void latency() throws Exception {
        int idleFrom = labs.size();
        bootLabs(o.typists, 1);                                  // the typists' own labs, idle at the prompt
        Latencies busyEcho = new Latencies();
        Latencies idleEcho = new Latencies();
        List<Typist> typists = new ArrayList<>();
        for (int i = 0; i < o.busy; i++) typists.add(Typist.connect(ws, base, owners.get(i), labs.get(i), true, busyEcho));
        for (int i = 0; i < o.typists; i++)
            typists.add(Typist.connect(ws, base, owners.get(idleFrom + i), labs.get(idleFrom + i), false, idleEcho));
        for (Typist t : typists) t.awaitPrompt(60_000);
        long start = System.nanoTime();
        long measureFrom = start + 10_000_000_000L;
        long end = measureFrom + o.seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (Typist t : typists) {
            Thread th = new Thread(() -> {
                try {
                    t.run(measureFrom, end);
                } catch (Exception e) {
                    System.out.println("typist of " + t.labId + " failed: " + e);
                }
            }, "typist-" + t.labId);
            th.start();
            threads.add(th);
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        long i0 = app.labs().totalInstructions();
        double busy0 = runnerBusySeconds();
        long cpu0 = processCpuNanos();
        long w0 = System.nanoTime();
        for (Thread th : threads) th.join();
        double wall = (System.nanoTime() - w0) / 1e9;
        double mips = (app.labs().totalInstructions() - i0) / wall / 1e6;
        double utilisation = (runnerBusySeconds() - busy0) / wall / o.runners;
        double cpu = (processCpuNanos() - cpu0) / 1e9 / wall;
        long lines = typists.stream().mapToLong(Typist::busyLines).sum();
        System.out.printf(Locale.ROOT, "load: %d busy labs (cpubench x 20 per line, %d lines typed), %d typists in idle labs,"
                        + " %d runner threads, %.0f s measured: guest %.1f MIPS in total, runner threads %.0f%% busy,"
                        + " process %.2f cores%n", o.busy, lines, o.typists, o.runners, wall, mips, utilisation * 100, cpu);
        System.out.println("echo in the busy labs:  " + busyEcho.summary());
        System.out.println("echo in the idle labs:  " + idleEcho.summary());
        System.out.printf(Locale.ROOT, "heap in use after GC under load: %.1f MiB%n", usedHeapAfterGc() / 1048576.0);
    }

    // ---- 3. the most idle labs in the heap ---------------------------------------------------------

    private void capacity() throws Exception {
        long max = Runtime.getRuntime().maxMemory();
        long before = usedHeapAfterGc();
        long deadline = System.currentTimeMillis() + o.minutes * 60_000L;
        System.out.printf(Locale.ROOT, "capacity: -Xmx %.0f MiB, heap in use before any lab %.1f MiB, %d runner threads%n",
                max / 1048576.0, before / 1048576.0, o.runners);
        System.out.println("labs | heap after GC (MiB) | per lab (MiB) | runner threads busy, all idle | batch boot (s)");
        String why = "time limit (" + o.minutes + " min)";
        while (System.currentTimeMillis() < deadline) {
            while (students.size() * 2 < labs.size() + 10) students.add(Student.signUp(base, "student" + students.size()));
            long t0 = System.nanoTime();
            try {
                bootLabs(10, 2);
            } catch (RuntimeException | Error e) {
                why = "a batch did not boot: " + e.getMessage();
                break;
            }
            double boot = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000);
            long used = usedHeapAfterGc();
            double busy0 = runnerBusySeconds();
            Thread.sleep(5000);
            double utilisation = (runnerBusySeconds() - busy0) / 5.0 / o.runners;
            System.out.printf(Locale.ROOT, "%d | %.1f | %.2f | %.0f%% | %.1f%n", labs.size(), used / 1048576.0,
                    (used - before) / (double) labs.size() / 1048576.0, utilisation * 100, boot);
            if (used > 0.9 * max) {
                why = "heap in use after GC over 90% of -Xmx";
                break;
            }
            if (utilisation > 0.9) {
                why = "runner threads over 90% busy with every lab idle (CPU, not memory, is the limit)";
                break;
            }
        }
        System.out.println("capacity: stopped at " + labs.size() + " idle labs: " + why);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Starts {@code n} bare labs, {@code perStudent} per student, and waits until each shows its prompt. */
    private void bootLabs(int n, int perStudent) throws InterruptedException {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Student s = students.get(labs.size() / perStudent);
            String id = s.startLab("virtlab-os-bare");
            labs.add(id);
            owners.add(s);
            started.add(id);
        }
        long deadline = System.currentTimeMillis() + 120_000;
        for (int i = 0; i < started.size(); i++) {
            Student s = owners.get(labs.size() - started.size() + i);
            while (!s.output(started.get(i)).contains("$ ")) {
                if (System.currentTimeMillis() > deadline)
                    throw new IllegalStateException("lab " + started.get(i) + " did not reach its prompt in 120 s (" + s.state(started.get(i)) + ")");
                Thread.sleep(200);
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Cores of CPU the whole process used over {@code millis}. */
    private static double cpuShareOver(long millis) throws InterruptedException {
        long c0 = processCpuNanos();
        long w0 = System.nanoTime();
        Thread.sleep(millis);
        return (processCpuNanos() - c0) / (double) (System.nanoTime() - w0);
    }

    private double runnerBusySeconds() {
        String metrics = Student.metrics(base);
        Matcher m = Pattern.compile("(?m)^virtlab_runner_busy_seconds_total(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String conditions(Options o) {
        return String.format(Locale.ROOT, "VirtLab load benchmark %s; %d cores, java %s, -Xmx %d MiB; load average before: %s",
                o, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    }

    /** The benchmark's data directory (its H2 database) goes when it ends. */
    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
