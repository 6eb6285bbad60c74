package org.virtlab.server.cli;

import java.util.Locale;
import java.util.Set;

/**
 * The flags of {@code virtlab run} (shared/DESIGN.md section 8), parsed but not yet acted on:
 * files are only named here; {@link RunCommand} reads them. Accepts {@code --flag value} and
 * {@code --flag=value}. Flags that belong to later releases are recognised and refused.
 */
public final class RunOptions {
    /** Flags of the full design that this version does not implement yet (each takes a value). */
    static final Set<String> LATER = Set.of();

    String kernel;
    /** A built-in image by name ({@code --image virtlab-os}), or null. */
    String image;
    String bios = "builtin";
    String initrd;
    String append;
    int harts = 1;
    long memoryBytes = 128L << 20;
    boolean hExtension = true;
    /** --pacing: guest time follows wall time. */
    boolean pacing;
    /** --no-pacing: deterministic time even on a terminal. */
    boolean noPacing;
    boolean trace;
    long budget = Long.MAX_VALUE;
    /** The disk image for virtio-blk, or null. */
    String disk;
    /** How the guest may change the disk. */
    DiskMode diskMode = DiskMode.COPY_ON_WRITE;
    boolean virtioConsole;
    /** Where Ctrl-A S writes snapshots, or null. */
    String snapshotDir;
    /** A snapshot file to continue instead of booting, or null. */
    String restore;
    /** --stack: "bare" (one guest on the machine) or "hypervisor". */
    String stack = "bare";
    /** --technique under the hypervisor stack: full, hw or para (null: not given). */
    String technique;
    /** --domains: how many domains the hypervisor boots (each runs the same image). */
    int domains = 1;
    /** --vcpus: vCPUs per domain. */
    int vcpus = 1;
    /** --translation: block entries before hot guest code is translated to JVM bytecode; 0 = off. */
    int translation = org.virtlab.engine.cpu.Hart.DEFAULT_TRANSLATION_THRESHOLD;
    /** Every flag given on the command line (to refuse those a restored machine cannot take). */
    final Set<String> given = new java.util.HashSet<>();

    /** {@code --disk FILE[,writable|,readonly]}. */
    enum DiskMode {
        /** The default: the guest writes into memory; the file never changes. */
        COPY_ON_WRITE,
        /** {@code ,writable}: writes go to the file. */
        WRITABLE,
        /** {@code ,readonly}: the guest sees a read-only disk. */
        READ_ONLY
    }

    public static RunOptions parse(String[] args) throws UsageException {
        RunOptions o = new RunOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            o.given.add(arg);
            switch (arg) {
                case "--no-h-extension" -> o.hExtension = false;
                case "--trace" -> o.trace = true;
                case "--pacing" -> o.pacing = true;
                case "--no-pacing" -> o.noPacing = true;
                case "--virtio-console" -> o.virtioConsole = true;
                default -> {
                    if (!arg.startsWith("--"))
                        throw new UsageException("run: unexpected argument '" + arg + "' (options start with --; try 'virtlab help')");
                    if (!LATER.contains(arg) && !Set.of("--kernel", "--bios", "--initrd", "--append", "--harts", "--mem",
                            "--budget", "--disk", "--image", "--snapshot-dir", "--restore", "--stack", "--technique", "--domains",
                            "--vcpus", "--translation").contains(arg))
                        throw new UsageException("run: unknown option " + arg + " (try 'virtlab help')");
                    if (value == null) {
                        if (i + 1 >= args.length) throw new UsageException("run: " + arg + " needs a value");
                        value = args[++i];
                    }
                    o.set(arg, value);
                }
            }
        }
        if (o.pacing && o.noPacing) throw new UsageException("run: --pacing and --no-pacing contradict each other; give one");
        if (!o.stack.equals("hypervisor") && o.restore == null) {     // with --restore the file names the stack
            for (String f : new String[] {"--technique", "--domains", "--vcpus"}) {
                if (o.given.contains(f))
                    throw new UsageException("run: " + f + " belongs to the hypervisor stack; add --stack hypervisor");
            }
        }
        return o;
    }

    private void set(String flag, String value) throws UsageException {
        if (LATER.contains(flag))
            throw new UsageException("run: " + flag + " is not available yet in this version of VirtLab");
        switch (flag) {
            case "--kernel" -> kernel = value;
            case "--image" -> image = value;
            case "--bios" -> bios = value;
            case "--initrd" -> initrd = value;
            case "--append" -> append = value;
            case "--harts" -> harts = (int) number(flag, value, 1, 16, "1..16");
            case "--mem" -> memoryBytes = size(value);
            case "--budget" -> budget = number(flag, value, 1, Long.MAX_VALUE, "a positive number of instructions");
            case "--disk" -> disk(value);
            case "--snapshot-dir" -> snapshotDir = value;
            case "--restore" -> restore = value;
            case "--stack" -> {
                if (!value.equals("bare") && !value.equals("hypervisor"))
                    throw new UsageException("run: --stack must be bare or hypervisor, not '" + value + "'"
                            + (value.equals("kvm") || value.equals("containers") ? " (the " + value + " stack is not available yet)" : ""));
                stack = value;
            }
            case "--technique" -> {
                if (!value.equals("full") && !value.equals("hw") && !value.equals("para"))
                    throw new UsageException("run: --technique must be full, hw or para, not '" + value + "'");
                technique = value;
            }
            case "--domains" -> domains = (int) number(flag, value, 1, 8, "1..8");
            case "--vcpus" -> vcpus = (int) number(flag, value, 1, 8, "1..8");
            case "--translation" -> translation = value.equals("off") ? 0
                    : (int) number(flag, value, 1, 1_000_000, "off or a number of entries 1..1000000");
            default -> throw new IllegalStateException(flag);
        }
    }

    /** "FILE", "FILE,writable" or "FILE,readonly"; a comma followed by anything else is part of the name. */
    private void disk(String value) throws UsageException {
        int comma = value.lastIndexOf(',');
        String suffix = comma < 0 ? "" : value.substring(comma + 1);
        switch (suffix) {
            case "writable" -> diskMode = DiskMode.WRITABLE;
            case "readonly" -> diskMode = DiskMode.READ_ONLY;
            default -> comma = -1;
        }
        disk = comma < 0 ? value : value.substring(0, comma);
        if (disk.isEmpty()) throw new UsageException("run: --disk needs a file name, e.g. --disk disk.img");
    }

    private static long number(String flag, String value, long min, long max, String allowed) throws UsageException {
        try {
            long v = Long.parseLong(value.replace("_", ""));
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException("run: " + flag + " must be " + allowed + ", not '" + value + "'");
    }

    /** "128M", "1G", "512K", "64MiB"; a plain number means MiB, as with QEMU's -m. */
    static long size(String value) throws UsageException {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.endsWith("IB")) v = v.substring(0, v.length() - 2);
        else if (v.endsWith("B")) v = v.substring(0, v.length() - 1);
        long unit = 1L << 20;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                default -> unit = 0;
            }
            if (unit != 0) v = v.substring(0, v.length() - 1);
            else unit = 1L << 20;
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= (64L << 30) / unit) return n * unit;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException("run: --mem must be a size such as 128M or 1G, not '" + value + "'");
    }
}
