package org.virtlab.server.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.Tracer;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.FileDisk;
import org.virtlab.engine.hypervisor.DomainSnapshot;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.SnapshotFormat;

/**
 * {@code virtlab run}: builds a {@code virt} board from the options — or, with {@code --restore},
 * from a snapshot file, bare or hypervisor stack alike (docs/snapshots.md) — puts its console on
 * this terminal and exits with the guest's status.
 */
final class RunCommand {
    static final int EXIT_BUDGET = 124;
    static final int EXIT_DEADLOCK = 125;

    private final RunOptions options;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    RunCommand(RunOptions options, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.options = options;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    int run() throws UsageException {
        BlockBackend disk = openDisk();
        try {
            return run(disk);
        } finally {
            if (disk != null) {
                try {
                    disk.close();
                } catch (IOException e) {
                    err.println("virtlab: closing --disk " + options.disk + ": " + e.getMessage());
                }
            }
        }
    }

    private int run(BlockBackend disk) throws UsageException {
        // PrintStream: writes never throw on the machine thread; flushed after every stretch of guest code
        PrintStream console = new PrintStream(new BufferedOutputStream(out, 8192), false);
        BoardRunner runner;
        if (options.restore != null) {
            runner = restored(disk, console);
        } else {
            BoardConfig bootConfig = config(disk);
            try {
                runner = new BoardRunner(bootConfig, console::write, options.trace ? new Tracer(err) : null);
            } catch (ImageException | IllegalArgumentException e) {
                throw new UsageException("run: " + e.getMessage());
            }
        }
        BoardConfig config = runner.board().config();
        runner.afterChunk(() -> flush(console));

        TerminalMode raw = terminal ? TerminalMode.enter() : null;
        if (terminal) err.println("virtlab: " + config + " -- Ctrl-A X quits, Ctrl-A H helps");
        SnapshotSaver snapshots = new SnapshotSaver(options.snapshotDir == null ? null : Path.of(options.snapshotDir),
                runner, err);
        ConsoleInput input = new ConsoleInput(in, runner, err, snapshots::request);
        Thread inputThread = new Thread(input, "virtlab-console-input");
        inputThread.setDaemon(true);
        inputThread.start();
        BoardRunner.Outcome outcome;
        try {
            outcome = runner.run(options.budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new BoardRunner.Outcome(BoardRunner.Stop.STOPPED, 0, 0, 0);
        } finally {
            flush(console);
            if (raw != null) raw.close();
        }
        return status(outcome, input);
    }

    private int status(BoardRunner.Outcome outcome, ConsoleInput input) {
        switch (outcome.stop()) {
            case POWER_OFF:
                int code = outcome.exitCode();
                return code != 0 && (code & 0xff) == 0 ? 1 : code & 0xff;   // a process status has 8 bits
            case BUDGET:
                err.println("virtlab: stopped after " + outcome.instructions() + " instructions (--budget)");
                return EXIT_BUDGET;
            case DEADLOCK:
                err.println("virtlab: the guest waits for input or an interrupt that can never come (stdin has ended)");
                return EXIT_DEADLOCK;
            default:
                err.println(input.quitRequested() ? "virtlab: quit (Ctrl-A X)" : "virtlab: stopped");
                return 0;
        }
    }

    /**
     * The disk of {@code --disk}: by default a copy-on-write overlay over the file opened
     * read-only, so the file never changes; {@code ,writable} writes through; {@code ,readonly}
     * shows the guest a read-only disk.
     */
    private BlockBackend openDisk() throws UsageException {
        if (options.disk == null) return null;
        Path path = Path.of(options.disk);
        if (Files.isDirectory(path)) throw new UsageException("run: --disk " + options.disk + ": is a directory, not a disk image");
        if (!Files.exists(path)) throw new UsageException("run: --disk " + options.disk + ": no such file");
        boolean writable = options.diskMode == RunOptions.DiskMode.WRITABLE;
        FileDisk file;
        try {
            file = FileDisk.open(path, writable);
        } catch (IOException e) {
            throw new UsageException("run: --disk " + options.disk + ": cannot open it" + (writable ? " for writing" : "")
                    + " (" + e.getMessage() + ")" + (writable ? "; drop ',writable' to write into a copy in memory" : ""));
        }
        if (file.size() < 512) {
            try {
                file.close();
            } catch (IOException e) {
                // nothing was written; the message below is what matters
            }
            throw new UsageException("run: --disk " + options.disk + ": " + file.size()
                    + " bytes is less than one 512-byte sector; a disk image holds whole sectors");
        }
        // With --restore the file is the base under the snapshot's own overlay (opened read-only).
        return options.diskMode == RunOptions.DiskMode.COPY_ON_WRITE && options.restore == null ? new CopyOnWriteDisk(file) : file;
    }

    /**
     * Whether guest time follows wall time. At a terminal it does by default: someone is typing,
     * and a guest's {@code sleep 2} should take two seconds (shared/DESIGN.md section 5, "Interactive
     * labs add pacing"). Otherwise — pipes, scripts, tests — time comes from retired instructions
     * and runs are reproducible.
     */
    static boolean pacing(RunOptions options, boolean terminal) {
        return options.pacing || (terminal && !options.noPacing);
    }

    /** Flags that describe the machine, which a restored machine takes from its snapshot instead. */
    private static final List<String> MACHINE_FLAGS = List.of("--image", "--kernel", "--bios", "--initrd", "--append",
            "--harts", "--mem", "--no-h-extension", "--virtio-console", "--pacing", "--no-pacing", "--stack", "--technique",
            "--domains", "--vcpus");

    /** {@code --restore FILE}: a runner that continues the saved board exactly where it was. */
    private BoardRunner restored(BlockBackend disk, PrintStream console) throws UsageException {
        for (String flag : MACHINE_FLAGS) {
            if (options.given.contains(flag))
                throw new UsageException("run: --restore continues a saved machine with its own configuration; drop " + flag);
        }
        if (options.diskMode == RunOptions.DiskMode.WRITABLE)
            throw new UsageException("run: --restore keeps the disk's changes in the snapshot; drop ',writable' from --disk");
        BoardSnapshot snapshot;
        try {
            snapshot = SnapshotFormat.read(Path.of(options.restore)).requireBoard(options.restore);
        } catch (SnapshotException e) {
            throw new UsageException("run: --restore " + e.getMessage());
        }
        String savedDisk = savedDiskName(snapshot);
        if (savedDisk != null && disk == null)
            throw new UsageException("run: --restore " + options.restore + ": the saved machine has the disk "
                    + savedDisk + "; give its image with --disk FILE");
        if (savedDisk == null && disk != null)
            throw new UsageException("run: --restore " + options.restore + ": the saved machine has no disk; drop --disk");
        try {
            return new BoardRunner(disk == null ? snapshot : snapshot.withDiskBase(disk), console::write,
                    options.trace ? new Tracer(err) : null);
        } catch (ImageException | IllegalArgumentException e) {
            throw new UsageException("run: --restore " + options.restore + ": " + e.getMessage());
        }
    }

    /**
     * The name of the disk a saved machine needs an image for, or null: the board's own disk, or
     * under the hypervisor stack a domain's (the command line gives every domain a copy-on-write
     * view of the one {@code --disk} image, so one image serves them all: {@code withDiskBase}).
     */
    private static String savedDiskName(BoardSnapshot snapshot) {
        if (snapshot.disk() != null) return snapshot.disk().name();
        if (snapshot.hypervisor() == null) return null;
        for (DomainSnapshot d : snapshot.hypervisor().domains()) {
            if (d.disk() != null) return d.disk().name() + " (of domain " + d.spec().name() + ")";
        }
        return null;
    }

    private BoardConfig config(BlockBackend disk) throws UsageException {
        if (options.stack.equals("hypervisor")) return hypervisorConfig(disk);
        return guestConfig(disk, options.harts);
    }

    /**
     * {@code --stack hypervisor}: the machine has {@code --harts} physical harts and the
     * hypervisor boots {@code --domains} domains, each with {@code --vcpus} vCPUs, {@code --mem}
     * of RAM and the same image (and a copy-on-write view of the same disk).
     */
    private BoardConfig hypervisorConfig(BlockBackend disk) throws UsageException {
        Technique technique = Technique.parse(options.technique == null ? "full" : options.technique);
        // A paravirtualized domain needs a PV kernel: the teaching OS's PV build unless one is named.
        if (technique == Technique.PARA && options.image == null && options.kernel == null) options.image = "virtlab-os-pv";
        if (options.image == null && options.kernel == null)
            throw new UsageException("run: --stack hypervisor needs the guest's image: --image NAME or --kernel FILE");
        if (disk != null && options.domains > 1 && options.diskMode == RunOptions.DiskMode.WRITABLE)
            throw new UsageException("run: " + options.domains + " domains cannot all write through to one disk file; drop ',writable'");
        List<DomainSpec> domains = new java.util.ArrayList<>();
        for (int i = 0; i < options.domains; i++) {
            BlockBackend d = disk;
            if (i > 0 && disk instanceof CopyOnWriteDisk cow) d = new CopyOnWriteDisk(cow.base());
            domains.add(new DomainSpec("dom" + i, guestConfig(d, options.vcpus), technique, 1));
        }
        try {
            HypervisorConfig hc = HypervisorConfig.of(domains);
            return BoardConfig.builder().harts(options.harts).hExtension(options.hExtension)
                    .memoryBytes(hc.hostMemoryBytes()).pacing(pacing(options, terminal))
                    .translationThreshold(options.translation).hypervisor(hc).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("run: " + e.getMessage());
        }
    }

    private BoardConfig guestConfig(BlockBackend disk, int harts) throws UsageException {
        BoardConfig.Builder b = BoardConfig.builder()
                .disk(disk)
                .virtioConsole(options.virtioConsole)
                .harts(harts)
                .memoryBytes(options.memoryBytes)
                .hExtension(options.hExtension)
                .pacing(pacing(options, terminal))
                .translationThreshold(options.translation)
                .bootargs(options.append);
        switch (options.bios) {
            case "builtin" -> b.builtinFirmware();
            case "none" -> b.noFirmware();
            default -> b.externalFirmware(read("--bios", options.bios), fileName(options.bios));
        }
        if (options.image != null) {
            if (options.kernel != null) throw new UsageException("run: --image and --kernel both name a kernel; give one");
            BuiltinImages.Image image = BuiltinImages.find(options.image).orElseThrow(() -> new UsageException(
                    "run: --image " + options.image + ": no such built-in image (available: "
                            + String.join(", ", BuiltinImages.names()) + ")"));
            b.kernel(image.kernel(), image.kernelName());
            if (image.initrd() != null && options.initrd == null) b.initrd(image.initrd(), image.initrdName());
        }
        if (options.kernel != null) b.kernel(read("--kernel", options.kernel), fileName(options.kernel));
        if (options.initrd != null) b.initrd(read("--initrd", options.initrd), fileName(options.initrd));
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("run: " + e.getMessage());
        }
    }

    private byte[] read(String flag, String file) throws UsageException {
        Path path = Path.of(file);
        try {
            if (Files.isDirectory(path)) throw new UsageException("run: " + flag + " " + file + ": is a directory, not a file");
            long size = Files.size(path);
            if (size > options.memoryBytes)
                throw new UsageException(String.format("run: %s %s: %s of %d MiB does not fit in %s of RAM; raise --mem",
                        flag, file, flag.equals("--initrd") ? "initrd" : "image", (size + (1 << 20) - 1) >> 20,
                        BoardConfig.describeSize(options.memoryBytes)));
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UsageException("run: " + flag + " " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException("run: " + flag + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static String fileName(String file) {
        Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }

    private static void flush(PrintStream console) {
        console.flush();                          // a PrintStream swallows errors: a gone terminal stops nothing
    }
}
