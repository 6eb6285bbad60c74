package org.virtlab.engine.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.machine.MachineConfig;

/**
 * Everything a user chooses about a {@code virt} board before it powers on: the machine (harts,
 * memory, H extension), the firmware, the kernel, the initrd, the kernel command line and how
 * guest time relates to wall time. Immutable; {@link Builder#build} refuses impossible choices
 * with a message phrased for the command line, e.g. "--harts must be 1..16, not 17".
 * Whether the images fit in memory is checked when the board is built ({@link BootLayout}).
 *
 * <p>Virtio devices fill the virtio-mmio slots from 0 in a fixed order: the disk (if any),
 * then the entropy device (always), then the console (if asked for). The disk is a
 * {@link BlockBackend} shared by every board built from this configuration, so what the guest
 * wrote survives a guest reset, as on a real disk.
 */
public final class BoardConfig {

    /** What runs in M-mode below the kernel (shared/DESIGN.md section 2, "Firmware"). */
    public enum Firmware {
        /** The SBI written in Java owns M-mode; the kernel starts in S-mode at 0x8020_0000. */
        BUILTIN,
        /** No firmware: the kernel starts in M-mode at 0x8000_0000, like QEMU's {@code -bios none}. */
        NONE,
        /** A firmware file (e.g. OpenSBI fw_dynamic) at 0x8000_0000, entered from the boot ROM. */
        EXTERNAL
    }

    /** The kinds of virtio device the board can carry. */
    public enum VirtioKind {
        /** virtio-blk over {@link #disk()}. */
        BLOCK,
        /** virtio-rng, seeded with {@link #rngSeed()}. */
        ENTROPY,
        /** virtio-console on the board's console. */
        CONSOLE
    }

    /** The entropy device's seed unless told otherwise: runs repeat exactly. */
    public static final long DEFAULT_RNG_SEED = 0x5669_7274_4c61_6221L;

    /** 2024-01-01T00:00:00Z: what the RTC says at machine time 0 unless told otherwise. */
    public static final long DEFAULT_RTC_EPOCH_NANOS = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

    private final int harts;
    private final long memoryBytes;
    private final boolean hExtension;
    private final Firmware firmware;
    private final byte[] firmwareImage;
    private final String firmwareName;
    private final byte[] kernel;
    private final String kernelName;
    private final byte[] initrd;
    private final String initrdName;
    private final String bootargs;
    private final boolean pacing;
    private final long rtcEpochNanos;
    private final int sliceInstructions;
    private final int translationThreshold;
    private final BlockBackend disk;
    private final boolean virtioConsole;
    private final long rngSeed;
    private final boolean legacyVirtio;
    private final HypervisorConfig hypervisor;

    private BoardConfig(Builder b) {
        harts = b.harts;
        memoryBytes = b.memoryBytes;
        hExtension = b.hExtension;
        firmware = b.firmware;
        firmwareImage = b.firmwareImage;
        firmwareName = b.firmwareName;
        kernel = b.kernel;
        kernelName = b.kernelName;
        initrd = b.initrd;
        initrdName = b.initrdName;
        bootargs = b.bootargs;
        pacing = b.pacing;
        rtcEpochNanos = b.rtcEpochNanos;
        sliceInstructions = b.sliceInstructions;
        translationThreshold = b.translationThreshold;
        disk = b.disk;
        virtioConsole = b.virtioConsole;
        rngSeed = b.rngSeed;
        legacyVirtio = b.legacyVirtio;
        hypervisor = b.hypervisor;
    }

    public static Builder builder() { return new Builder(); }

    public int harts() { return harts; }

    public long memoryBytes() { return memoryBytes; }

    public boolean hExtension() { return hExtension; }

    public Firmware firmware() { return firmware; }

    /** The firmware file's bytes with {@link Firmware#EXTERNAL}, else null. Not a copy: do not change it. */
    public byte[] firmwareImage() { return firmwareImage; }

    public String firmwareName() { return firmwareName; }

    /** The kernel file's bytes, or null for a board with no kernel (external firmware alone). */
    public byte[] kernel() { return kernel; }

    public String kernelName() { return kernelName; }

    /** The initial ramdisk's bytes, or null. */
    public byte[] initrd() { return initrd; }

    public String initrdName() { return initrdName; }

    /** The kernel command line for /chosen/bootargs, or null. */
    public String bootargs() { return bootargs; }

    /** Whether guest time is paced to wall time (interactive labs) instead of jumping ahead. */
    public boolean pacing() { return pacing; }

    /** Nanoseconds since the Unix epoch that the RTC shows at machine time 0. */
    public long rtcEpochNanos() { return rtcEpochNanos; }

    /** The virtio-blk device's disk, or null for none. Shared, not copied. */
    public BlockBackend disk() { return disk; }

    /** Whether the board carries a virtio console. */
    public boolean virtioConsole() { return virtioConsole; }

    /** The seed of the virtio entropy device. */
    public long rngSeed() { return rngSeed; }

    /** Whether the virtio-mmio transports use the legacy (version 1) register layout. */
    public boolean legacyVirtio() { return legacyVirtio; }

    /** The virtio devices by slot: element i sits in virtio-mmio slot i. */
    public List<VirtioKind> virtioSlots() {
        List<VirtioKind> slots = new ArrayList<>();
        if (disk != null) slots.add(VirtioKind.BLOCK);
        slots.add(VirtioKind.ENTROPY);
        if (virtioConsole) slots.add(VirtioKind.CONSOLE);
        if (slots.size() > VirtMemoryMap.VIRTIO_SLOTS) throw new IllegalStateException("more virtio devices than slots");
        return slots;
    }

    /**
     * The hypervisor stack this board runs (shared/DESIGN.md section 3, stack {@code hypervisor}),
     * or null for the {@code bare} stack. With a hypervisor the board loads no kernel of its
     * own: the domains' boards carry the guests' images.
     */
    public HypervisorConfig hypervisor() { return hypervisor; }

    /** The machine this board is built on. */
    public MachineConfig machineConfig() {
        return MachineConfig.builder().harts(harts).memoryBytes(memoryBytes).hExtension(hExtension)
                .sliceInstructions(sliceInstructions).translationThreshold(translationThreshold).build();
    }

    /** Block entries before the harts translate guest code to JVM bytecode; 0: interpret only (docs/translator.md). */
    public int translationThreshold() { return translationThreshold; }

    public Builder toBuilder() {
        Builder b = new Builder().harts(harts).memoryBytes(memoryBytes).hExtension(hExtension).bootargs(bootargs)
                .pacing(pacing).rtcEpochNanos(rtcEpochNanos).sliceInstructions(sliceInstructions)
                .translationThreshold(translationThreshold).disk(disk)
                .virtioConsole(virtioConsole).rngSeed(rngSeed).legacyVirtio(legacyVirtio).hypervisor(hypervisor);
        b.firmware = firmware;
        b.firmwareImage = firmwareImage;
        b.firmwareName = firmwareName;
        b.kernel = kernel;
        b.kernelName = kernelName;
        b.initrd = initrd;
        b.initrdName = initrdName;
        return b;
    }

    @Override
    public String toString() {
        if (hypervisor != null)
            return String.format("virt board: %d hart(s), %s, %s, hypervisor with %d domain(s)", harts,
                    describeSize(memoryBytes), hExtension ? "H extension" : "no H extension", hypervisor.domains().size());
        return String.format("virt board: %d hart(s), %s, %s, firmware %s, kernel %s%s", harts,
                describeSize(memoryBytes), hExtension ? "H extension" : "no H extension",
                firmware == Firmware.EXTERNAL ? firmwareName : firmware.name().toLowerCase(),
                kernelName == null ? "none" : kernelName, initrdName == null ? "" : ", initrd " + initrdName)
                + (disk == null ? "" : ", disk " + disk.name() + (disk.readOnly() ? " (read-only)" : ""));
    }

    public static final class Builder {
        private int harts = 1;
        private long memoryBytes = 128L << 20;
        private boolean hExtension = true;
        private Firmware firmware = Firmware.BUILTIN;
        private byte[] firmwareImage;
        private String firmwareName;
        private byte[] kernel;
        private String kernelName;
        private byte[] initrd;
        private String initrdName;
        private String bootargs;
        private boolean pacing;
        private long rtcEpochNanos = DEFAULT_RTC_EPOCH_NANOS;
        private int sliceInstructions = 10_000;
        private int translationThreshold = org.virtlab.engine.cpu.Hart.DEFAULT_TRANSLATION_THRESHOLD;
        private BlockBackend disk;
        private boolean virtioConsole;
        private long rngSeed = DEFAULT_RNG_SEED;
        private boolean legacyVirtio;
        private HypervisorConfig hypervisor;

        public Builder harts(int n) { harts = n; return this; }

        public Builder memoryBytes(long bytes) { memoryBytes = bytes; return this; }

        public Builder memoryMiB(long mib) { return memoryBytes(mib << 20); }

        public Builder hExtension(boolean enabled) { hExtension = enabled; return this; }

        /** The built-in SBI firmware (the default). */
        public Builder builtinFirmware() {
            return firmware(Firmware.BUILTIN, null, null);
        }

        /** No firmware: the kernel runs in M-mode from 0x8000_0000. */
        public Builder noFirmware() {
            return firmware(Firmware.NONE, null, null);
        }

        /** A firmware file (ELF, or a raw binary for 0x8000_0000). */
        public Builder externalFirmware(byte[] image, String name) {
            return firmware(Firmware.EXTERNAL, image, name);
        }

        private Builder firmware(Firmware kind, byte[] image, String name) {
            firmware = kind;
            firmwareImage = image;
            firmwareName = name;
            return this;
        }

        public Builder kernel(byte[] image, String name) { kernel = image; kernelName = name; return this; }

        public Builder initrd(byte[] image, String name) { initrd = image; initrdName = name; return this; }

        public Builder bootargs(String args) { bootargs = args; return this; }

        public Builder pacing(boolean on) { pacing = on; return this; }

        public Builder rtcEpochNanos(long nanos) { rtcEpochNanos = nanos; return this; }

        /** Instructions one hart runs before the next hart's turn (see {@link MachineConfig}). */
        public Builder sliceInstructions(int n) { sliceInstructions = n; return this; }
        /** See {@link MachineConfig.Builder#translationThreshold}: 0 interprets only. */
        public Builder translationThreshold(int entries) { translationThreshold = entries; return this; }

        /** A virtio-blk disk in slot 0, or null for none. */
        public Builder disk(BlockBackend backend) { disk = backend; return this; }

        /** Adds a virtio console (after the entropy device). */
        public Builder virtioConsole(boolean on) { virtioConsole = on; return this; }

        public Builder rngSeed(long seed) { rngSeed = seed; return this; }

        /** Legacy (version 1) virtio-mmio transports instead of version 2. */
        public Builder legacyVirtio(boolean on) { legacyVirtio = on; return this; }

        /** Runs the hypervisor stack with these domains instead of one kernel (null: the bare stack). */
        public Builder hypervisor(HypervisorConfig config) { hypervisor = config; return this; }

        public BoardConfig build() {
            if (harts < 1 || harts > MachineConfig.MAX_HARTS)
                throw new IllegalArgumentException("--harts must be 1.." + MachineConfig.MAX_HARTS + ", not " + harts);
            if (memoryBytes < MachineConfig.MIN_MEMORY || memoryBytes > MachineConfig.MAX_MEMORY)
                throw new IllegalArgumentException("--mem must be between 1M and " + (MachineConfig.MAX_MEMORY >> 30)
                        + "G, not " + describeSize(memoryBytes));
            if ((memoryBytes & 0xFFF) != 0)
                throw new IllegalArgumentException("--mem must be a multiple of 4K, not " + memoryBytes + " bytes");
            if (firmware == Firmware.EXTERNAL && firmwareName == null)
                throw new IllegalArgumentException("external firmware needs a name for messages");
            if (firmware == Firmware.EXTERNAL && (firmwareImage == null || firmwareImage.length == 0))
                throw new IllegalArgumentException("--bios " + firmwareName + ": the firmware file is empty");
            if (kernel == null && firmware != Firmware.EXTERNAL && hypervisor == null)
                throw new IllegalArgumentException("--kernel is required with --bios " + firmware.name().toLowerCase());
            if (kernel != null && kernelName == null)
                throw new IllegalArgumentException("the kernel needs a name for messages");
            if (initrd != null && kernel == null)
                throw new IllegalArgumentException("--initrd needs a --kernel to hand it to");
            if (initrd != null && initrdName == null)
                throw new IllegalArgumentException("the initrd needs a name for messages");
            if (bootargs != null && bootargs.indexOf('\0') >= 0)
                throw new IllegalArgumentException("--append must not contain NUL characters");
            try {
                MachineConfig.builder().harts(harts).memoryBytes(memoryBytes).hExtension(hExtension)
                        .sliceInstructions(sliceInstructions).translationThreshold(translationThreshold).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("impossible machine: " + e.getMessage(), e);
            }
            return new BoardConfig(this);
        }
    }

    /** "128 MiB", "1 GiB", or bytes when not a whole number of KiB. */
    public static String describeSize(long bytes) {
        if (bytes > 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + " GiB";
        if (bytes > 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + " MiB";
        if (bytes > 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + " KiB";
        return bytes + " bytes";
    }
}
