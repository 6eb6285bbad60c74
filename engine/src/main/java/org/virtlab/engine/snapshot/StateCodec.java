package org.virtlab.engine.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.cpu.HartState;
import org.virtlab.engine.devices.clint.ClintState;
import org.virtlab.engine.devices.plic.PlicState;
import org.virtlab.engine.devices.rtc.GoldfishRtcState;
import org.virtlab.engine.devices.uart.UartState;
import org.virtlab.engine.devices.virtio.VirtioMmioState;
import org.virtlab.engine.devices.virtio.VirtqueueState;
import org.virtlab.engine.devices.virtio.blk.VirtioBlkState;
import org.virtlab.engine.devices.virtio.console.VirtioConsoleState;
import org.virtlab.engine.devices.virtio.rng.VirtioRngState;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.machine.Htif;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.MachineSnapshot;
import org.virtlab.engine.memory.RamImage;
import org.virtlab.engine.memory.RamPage;

/**
 * The body of a snapshot file: every saved record field by field, big-endian, in the order
 * docs/snapshots.md lists. Each part starts with a 4-byte tag so that a reader out of step
 * fails at once with the part's name. Reading validates every length before allocating and
 * lets the records' own constructors check consistency; any failure becomes a
 * {@link SnapshotException} in {@link SnapshotFormat}.
 */
final class StateCodec {
    static final int TAG_MACHINE_CONFIG = 0x4D43_4647;   // "MCFG"
    static final int TAG_BOARD_CONFIG = 0x4243_4647;     // "BCFG"
    static final int TAG_MACHINE = 0x4D41_4348;          // "MACH"
    static final int TAG_HART = 0x4841_5254;             // "HART"
    static final int TAG_DEVICES = 0x4445_5653;          // "DEVS"
    static final int TAG_PAGES = 0x5041_4745;            // "PAGE"
    static final int TAG_END = 0x454E_4421;              // "END!"

    /** Largest image (kernel, firmware, initrd) or byte string accepted on reading. */
    private static final int MAX_BLOB = 1 << 30;

    private StateCodec() { }

    // ---- writing ---------------------------------------------------------------------------------

    static void writeMachineConfig(DataOutputStream out, MachineConfig c) throws IOException {
        out.writeInt(TAG_MACHINE_CONFIG);
        out.writeInt(c.harts());
        out.writeLong(c.memoryBytes());
        out.writeBoolean(c.hExtension());
        out.writeInt(c.sliceInstructions());
        out.writeInt(c.instructionsPerTick());
    }

    /** Machine time, power, HTIF and every hart; the pages are written separately, last. */
    static void writeMachineState(DataOutputStream out, MachineSnapshot m) throws IOException {
        out.writeInt(TAG_MACHINE);
        out.writeLong(m.cycles());
        out.writeBoolean(m.poweredOff());
        out.writeInt(m.exitCode());
        out.writeBoolean(m.htif() != null);
        if (m.htif() != null) {
            Htif.State h = m.htif();
            out.writeLong(h.tohostAddress());
            out.writeBoolean(h.fromhostAddress() != null);
            if (h.fromhostAddress() != null) out.writeLong(h.fromhostAddress());
            out.writeLong(h.tohost());
            out.writeLong(h.fromhost());
        }
        for (HartState h : m.harts()) writeHart(out, h);
    }

    private static void writeHart(DataOutputStream out, HartState h) throws IOException {
        out.writeInt(TAG_HART);
        out.writeInt(h.id());
        out.writeBoolean(h.hExtension());
        out.writeLong(h.pc());
        out.writeInt(h.privilege());
        out.writeBoolean(h.virtualMode());
        for (long v : h.x()) out.writeLong(v);
        longs(out, h.csrs());
        out.writeBoolean(h.waiting());
        out.writeBoolean(h.halted());
        out.writeBoolean(h.reserved());
        out.writeLong(h.reservation());
        out.writeLong(h.retiredBefore());
        longs(out, h.counters());
    }

    static void writeBoardConfig(DataOutputStream out, BoardConfig c, BoardSnapshot.Disk disk) throws IOException {
        writeBoardConfig(out, c, disk, null);
    }

    /** The board configuration, its images through {@code images} (format 2) or inline when that is null. */
    static void writeBoardConfig(DataOutputStream out, BoardConfig c, BoardSnapshot.Disk disk, ImageTable images)
            throws IOException {
        out.writeInt(TAG_BOARD_CONFIG);
        out.writeInt(c.firmware().ordinal());
        string(out, c.firmwareName());
        image(out, c.firmwareImage(), images);
        string(out, c.kernelName());
        image(out, c.kernel(), images);
        string(out, c.initrdName());
        image(out, c.initrd(), images);
        string(out, c.bootargs());
        out.writeBoolean(c.pacing());
        out.writeLong(c.rtcEpochNanos());
        out.writeBoolean(c.virtioConsole());
        out.writeLong(c.rngSeed());
        out.writeBoolean(c.legacyVirtio());
        out.writeBoolean(disk != null);
        if (disk != null) {
            string(out, disk.name());
            out.writeLong(disk.size());
            out.writeBoolean(disk.readOnly());
            out.writeBoolean(disk.copyOnWrite());
            out.writeInt(disk.overlay().size());
            for (Map.Entry<Long, byte[]> e : disk.overlay().entrySet()) {
                out.writeLong(e.getKey());
                out.write(e.getValue());
            }
        }
    }

    static void writeDevices(DataOutputStream out, BoardSnapshot b) throws IOException {
        out.writeInt(TAG_DEVICES);
        writeDeviceStates(out, b.clint(), b.plic(), b.uart(), b.rtc(), b.virtio(), b.blk(), b.rng(), b.virtioConsole());
    }

    /** The device records of a board, physical or a domain's virtual one (no tag: the caller's section). */
    static void writeDeviceStates(DataOutputStream out, ClintState clint, PlicState p, UartState u, GoldfishRtcState r,
            List<VirtioMmioState> virtio, VirtioBlkState blk, VirtioRngState rng, VirtioConsoleState console)
            throws IOException {
        out.writeInt(clint.harts());
        for (boolean m : clint.msip()) out.writeBoolean(m);
        for (long t : clint.mtimecmp()) out.writeLong(t);
        out.writeLong(clint.timeOffset());
        out.writeInt(p.harts());
        ints(out, p.priority());
        ints(out, p.level());
        ints(out, p.pending());
        ints(out, p.claimed());
        ints(out, p.enable());
        ints(out, p.threshold());
        for (int v : new int[] {u.ier(), u.lcr(), u.mcr(), u.scr(), u.dll(), u.dlm()}) out.writeInt(v);
        out.writeBoolean(u.fifoEnabled());
        out.writeInt(u.rxTrigger());
        out.writeInt(u.lineStatusErrors());
        out.writeBoolean(u.thrEmptyInterrupt());
        blob(out, u.rxFifo());
        blob(out, u.hostInput());
        out.writeLong(r.timeOffset());
        out.writeLong(r.alarm());
        out.writeBoolean(r.alarmRunning());
        out.writeBoolean(r.irqPending());
        out.writeBoolean(r.irqEnabled());
        out.writeInt(r.timeHighLatch());
        out.writeInt(virtio.size());
        for (VirtioMmioState t : virtio) {
            out.writeBoolean(t.legacy());
            out.writeInt(t.status());
            out.writeInt(t.deviceFeaturesSel());
            out.writeInt(t.driverFeaturesSel());
            out.writeLong(t.driverFeatures());
            out.writeInt(t.queueSel());
            out.writeInt(t.interruptStatus());
            out.writeInt(t.configGeneration());
            out.writeLong(t.guestPageSize());
            out.writeInt(t.queues().size());
            for (VirtqueueState q : t.queues()) {
                out.writeInt(q.size());
                out.writeBoolean(q.ready());
                out.writeLong(q.descAddr());
                out.writeLong(q.availAddr());
                out.writeLong(q.usedAddr());
                out.writeLong(q.legacyPfn());
                out.writeInt(q.legacyAlign());
                out.writeInt(q.lastAvail());
                out.writeInt(q.usedIdx());
                out.writeInt(q.signalledUsed());
            }
        }
        out.writeBoolean(blk != null);
        if (blk != null) {
            out.writeLong(blk.capacitySectors());
            out.writeBoolean(blk.readOnly());
        }
        out.writeBoolean(rng.secure());
        out.writeLong(rng.generator());
        out.writeBoolean(console != null);
        if (console != null) blob(out, console.hostInput());
    }

    /** Distinct pages first (each 4096 bytes once), then every page index with its distinct page. */
    static void writePages(DataOutputStream out, RamImage image) throws IOException {
        RamImage ram = image.deduplicated();
        out.writeInt(TAG_PAGES);
        java.util.IdentityHashMap<byte[], Integer> ids = new java.util.IdentityHashMap<>();
        for (int i = 0; i < ram.pageCount(); i++) ids.putIfAbsent(ram.page(i), ids.size());
        byte[][] distinct = new byte[ids.size()][];
        ids.forEach((page, id) -> distinct[id] = page);
        out.writeInt(distinct.length);
        for (byte[] page : distinct) out.write(page);
        out.writeInt(ram.pageCount());
        for (int i = 0; i < ram.pageCount(); i++) {
            out.writeInt(ram.index(i));
            out.writeInt(ids.get(ram.page(i)));
        }
    }

    static void longs(DataOutputStream out, long[] v) throws IOException {
        out.writeInt(v.length);
        for (long x : v) out.writeLong(x);
    }

    static void ints(DataOutputStream out, int[] v) throws IOException {
        out.writeInt(v.length);
        for (int x : v) out.writeInt(x);
    }

    private static void image(DataOutputStream out, byte[] b, ImageTable images) throws IOException {
        if (images == null) blob(out, b);
        else images.write(out, b);
    }

    private static byte[] image(DataInputStream in, ImageTable images) throws IOException {
        return images == null ? blob(in) : images.read(in);
    }

    static void blob(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) out.write(b);
    }

    static void string(DataOutputStream out, String s) throws IOException {
        blob(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    // ---- reading ---------------------------------------------------------------------------------

    static MachineConfig readMachineConfig(DataInputStream in) throws IOException {
        expect(in, TAG_MACHINE_CONFIG, "machine configuration");
        return MachineConfig.builder().harts(in.readInt()).memoryBytes(in.readLong())
                .hExtension(in.readBoolean()).sliceInstructions(in.readInt()).instructionsPerTick(in.readInt()).build();
    }

    static MachineParts readMachineState(DataInputStream in, MachineConfig config) throws IOException {
        expect(in, TAG_MACHINE, "machine state");
        long cycles = in.readLong();
        boolean poweredOff = in.readBoolean();
        int exitCode = in.readInt();
        Htif.State htif = null;
        if (in.readBoolean()) {
            long to = in.readLong();
            Long from = in.readBoolean() ? in.readLong() : null;
            htif = new Htif.State(to, from, in.readLong(), in.readLong());
        }
        List<HartState> harts = new ArrayList<>();
        for (int i = 0; i < config.harts(); i++) harts.add(readHart(in));
        return new MachineParts(config, cycles, poweredOff, exitCode, harts, htif);
    }

    /** The machine's parts read before its pages (which come last in the file). */
    record MachineParts(MachineConfig config, long cycles, boolean poweredOff, int exitCode,
            List<HartState> harts, Htif.State htif) {
        MachineSnapshot with(RamImage ram) {
            return new MachineSnapshot(config, cycles, poweredOff, exitCode, harts, htif, ram);
        }
    }

    private static HartState readHart(DataInputStream in) throws IOException {
        expect(in, TAG_HART, "hart state");
        int id = in.readInt();
        boolean h = in.readBoolean();
        long pc = in.readLong();
        int priv = in.readInt();
        boolean virt = in.readBoolean();
        long[] x = new long[32];
        for (int i = 0; i < 32; i++) x[i] = in.readLong();
        long[] csrs = longs(in, HartState.CSR_NAMES.size(), "hart CSRs");
        return new HartState(id, h, pc, priv, virt, x, csrs, in.readBoolean(), in.readBoolean(), in.readBoolean(),
                in.readLong(), in.readLong(), longs(in, HartState.COUNTER_NAMES.size(), "hart counters"));
    }

    /** The board configuration, with the machine's parameters; its disk is described, not opened. */
    record BoardParts(BoardConfig config, BoardSnapshot.Disk disk) { }

    static BoardParts readBoardConfig(DataInputStream in, MachineConfig machine) throws IOException {
        return readBoardConfig(in, machine, null, null);
    }

    /**
     * Like {@link #readBoardConfig(DataInputStream, MachineConfig)}, for a board that runs
     * {@code hypervisor} (or null), its images through {@code images} (format 2) or inline.
     */
    static BoardParts readBoardConfig(DataInputStream in, MachineConfig machine, HypervisorConfig hypervisor,
            ImageTable images) throws IOException {
        expect(in, TAG_BOARD_CONFIG, "board configuration");
        int kind = in.readInt();
        BoardConfig.Firmware[] kinds = BoardConfig.Firmware.values();
        if (kind < 0 || kind >= kinds.length) throw new IOException("unknown firmware kind " + kind);
        String firmwareName = string(in);
        byte[] firmware = image(in, images);
        BoardConfig.Builder b = BoardConfig.builder().harts(machine.harts()).memoryBytes(machine.memoryBytes())
                .hExtension(machine.hExtension()).sliceInstructions(machine.sliceInstructions());
        switch (kinds[kind]) {
            case BUILTIN -> b.builtinFirmware();
            case NONE -> b.noFirmware();
            case EXTERNAL -> b.externalFirmware(firmware, firmwareName);
        }
        String kernelName = string(in);
        byte[] kernel = image(in, images);
        if (kernel != null) b.kernel(kernel, kernelName);
        String initrdName = string(in);
        byte[] initrd = image(in, images);
        if (initrd != null) b.initrd(initrd, initrdName);
        b.bootargs(string(in)).pacing(in.readBoolean()).rtcEpochNanos(in.readLong()).virtioConsole(in.readBoolean())
                .rngSeed(in.readLong()).legacyVirtio(in.readBoolean());
        BoardSnapshot.Disk disk = null;
        if (in.readBoolean()) {
            String name = string(in);
            long size = in.readLong();
            boolean readOnly = in.readBoolean();
            boolean cow = in.readBoolean();
            int sectors = in.readInt();
            if (sectors < 0 || (long) sectors * 512 > size) throw new IOException("disk overlay of " + sectors + " sectors");
            Map<Long, byte[]> overlay = new TreeMap<>();
            for (int i = 0; i < sectors; i++) {
                long sector = in.readLong();
                byte[] data = new byte[512];
                in.readFully(data);
                overlay.put(sector, data);
            }
            disk = new BoardSnapshot.Disk(name, size, readOnly, cow, overlay);
        }
        return new BoardParts(b.hypervisor(hypervisor).build(), disk);
    }

    /** The device states, read before the RAM pages that complete the machine. */
    record DeviceParts(ClintState clint, PlicState plic, UartState uart, GoldfishRtcState rtc,
            List<VirtioMmioState> virtio, VirtioBlkState blk, VirtioRngState rng, VirtioConsoleState console) {
        BoardSnapshot with(BoardParts board, MachineSnapshot machine, HypervisorSnapshot hypervisor) {
            return new BoardSnapshot(board.config(), machine, clint, plic, uart, rtc, virtio, blk, rng, console,
                    board.disk(), null, hypervisor);
        }
    }

    static DeviceParts readDevices(DataInputStream in, MachineConfig config) throws IOException {
        expect(in, TAG_DEVICES, "device states");
        return readDeviceStates(in, config.harts());
    }

    /** What {@link #writeDeviceStates} wrote, for a board of {@code expectedHarts} harts (or vCPUs). */
    static DeviceParts readDeviceStates(DataInputStream in, int expectedHarts) throws IOException {
        int harts = in.readInt();
        if (harts != expectedHarts) throw new IOException("CLINT for " + harts + " harts, expected " + expectedHarts);
        boolean[] msip = new boolean[harts];
        for (int i = 0; i < harts; i++) msip[i] = in.readBoolean();
        long[] mtimecmp = new long[harts];
        for (int i = 0; i < harts; i++) mtimecmp[i] = in.readLong();
        ClintState clint = new ClintState(msip, mtimecmp, in.readLong());
        int plicHarts = in.readInt();
        if (plicHarts != harts) throw new IOException("PLIC for " + plicHarts + " harts");
        PlicState plic = new PlicState(plicHarts, ints(in), ints(in), ints(in), ints(in), ints(in), ints(in));
        int ier = in.readInt(), lcr = in.readInt(), mcr = in.readInt(), scr = in.readInt(), dll = in.readInt(), dlm = in.readInt();
        UartState uart = new UartState(ier, lcr, mcr, scr, dll, dlm, in.readBoolean(), in.readInt(), in.readInt(),
                in.readBoolean(), nonNull(blob(in)), nonNull(blob(in)));
        GoldfishRtcState rtc = new GoldfishRtcState(in.readLong(), in.readLong(), in.readBoolean(), in.readBoolean(),
                in.readBoolean(), in.readInt());
        int slots = in.readInt();
        if (slots < 0 || slots > 64) throw new IOException(slots + " virtio-mmio slots");
        List<VirtioMmioState> virtio = new ArrayList<>();
        for (int s = 0; s < slots; s++) {
            boolean legacy = in.readBoolean();
            int status = in.readInt(), dfs = in.readInt(), drfs = in.readInt();
            long driverFeatures = in.readLong();
            int queueSel = in.readInt(), interruptStatus = in.readInt(), configGeneration = in.readInt();
            long guestPageSize = in.readLong();
            int queues = in.readInt();
            if (queues < 0 || queues > 64) throw new IOException(queues + " virtqueues");
            List<VirtqueueState> qs = new ArrayList<>();
            for (int q = 0; q < queues; q++) {
                qs.add(new VirtqueueState(in.readInt(), in.readBoolean(), in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
            }
            virtio.add(new VirtioMmioState(legacy, status, dfs, drfs, driverFeatures, queueSel, interruptStatus,
                    configGeneration, guestPageSize, qs));
        }
        VirtioBlkState blk = in.readBoolean() ? new VirtioBlkState(in.readLong(), in.readBoolean()) : null;
        VirtioRngState rng = new VirtioRngState(in.readBoolean(), in.readLong());
        VirtioConsoleState console = in.readBoolean() ? new VirtioConsoleState(nonNull(blob(in))) : null;
        return new DeviceParts(clint, plic, uart, rtc, virtio, blk, rng, console);
    }

    static RamImage readPages(DataInputStream in, MachineConfig config) throws IOException {
        expect(in, TAG_PAGES, "RAM pages");
        long pageCount = config.memoryBytes() >>> RamPage.SHIFT;
        int distinct = in.readInt();
        if (distinct < 0 || distinct > pageCount) throw new IOException(distinct + " distinct pages in " + pageCount);
        byte[][] pages = new byte[distinct][];
        for (int i = 0; i < distinct; i++) {
            pages[i] = new byte[RamPage.SIZE];
            in.readFully(pages[i]);
        }
        int count = in.readInt();
        if (count < 0 || count > pageCount) throw new IOException(count + " pages in " + pageCount);
        int[] indices = new int[count];
        byte[][] data = new byte[count][];
        for (int i = 0; i < count; i++) {
            indices[i] = in.readInt();
            int id = in.readInt();
            if (id < 0 || id >= distinct) throw new IOException("page " + indices[i] + " refers to page " + id + " of " + distinct);
            data[i] = pages[id];
        }
        return new RamImage(org.virtlab.engine.machine.Machine.DRAM_BASE, config.memoryBytes(), indices, data);
    }

    static void expect(DataInputStream in, int tag, String what) throws IOException {
        int got = in.readInt();
        if (got != tag) throw new IOException("expected the " + what + " section, found tag 0x" + Integer.toHexString(got));
    }

    static long[] longs(DataInputStream in, int expected, String what) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException(what + ": " + n + " values, expected " + expected);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = in.readLong();
        return v;
    }

    static int[] ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 4096) throw new IOException("an array of " + n + " registers");
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = in.readInt();
        return v;
    }

    static byte[] blob(DataInputStream in) throws IOException {
        return blob(in, in.readInt());
    }

    /** The byte string whose length {@code n} has been read already. */
    static byte[] blob(DataInputStream in, int n) throws IOException {
        if (n == -1) return null;
        if (n < 0 || n > MAX_BLOB) throw new IOException("a byte string of " + n + " bytes");
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static byte[] nonNull(byte[] b) throws IOException {
        if (b == null) throw new IOException("a missing byte string");
        return b;
    }

    static String string(DataInputStream in) throws IOException {
        byte[] b = blob(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
