package org.virtlab.engine.board;

import static org.virtlab.engine.board.VirtMemoryMap.CLINT_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.CLINT_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.MROM_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.PLIC_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.PLIC_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.RTC_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.RTC_IRQ;
import static org.virtlab.engine.board.VirtMemoryMap.RTC_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.TEST_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.TEST_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.UART0_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.UART0_IRQ;
import static org.virtlab.engine.board.VirtMemoryMap.UART0_SIZE;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.devices.HartInterruptPins;
import org.virtlab.engine.devices.PowerControl;
import org.virtlab.engine.devices.clint.Clint;
import org.virtlab.engine.devices.finisher.TestFinisher;
import org.virtlab.engine.devices.plic.Plic;
import org.virtlab.engine.devices.rtc.GoldfishRtc;
import org.virtlab.engine.devices.rtc.RtcClock;
import org.virtlab.engine.devices.uart.Uart16550;
import org.virtlab.engine.devices.virtio.VirtioDevice;
import org.virtlab.engine.devices.virtio.VirtioMmio;
import org.virtlab.engine.devices.uart.UartState;
import org.virtlab.engine.devices.virtio.VirtioMmioState;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.VirtioBlk;
import org.virtlab.engine.devices.virtio.console.VirtioConsole;
import org.virtlab.engine.devices.virtio.rng.VirtioRng;
import org.virtlab.engine.firmware.BuiltinSbi;
import org.virtlab.engine.firmware.SbiPlatform;
import org.virtlab.engine.hypervisor.DomainConsoles;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.image.BootImage;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Htif;
import org.virtlab.engine.machine.Machine;

/**
 * A powered-on QEMU-compatible {@code virt} board: a {@link Machine} with every device wired at
 * its {@link VirtMemoryMap} address, the images placed by {@link BootLayout}, the generated
 * device tree in RAM, the boot ROM at 0x1000, and the firmware ready to run.
 *
 * <pre>
 *   CLINT  mtime = machine time; MSIP/MTIP into each hart's mip
 *   PLIC   context 2h -> hart h MEIP, 2h+1 -> SEIP
 *   UART0  PLIC source 10; output to the console sink, input through {@link #receive}
 *   RTC    PLIC source 11; the time of day follows machine time from a fixed epoch
 *   test   power off -> machine.powerOff(code); reset -> {@link #resetRequested()}
 *   virtio slot i at 0x1000_1000 + i * 0x1000, PLIC source 1 + i, in the order of
 *          {@link BoardConfig#virtioSlots()}: disk, entropy, console; empty slots show
 *          device ID 0 and are left out of the device tree
 * </pre>
 *
 * Every hart starts in M-mode at the boot ROM, which jumps to the firmware (or, with no
 * firmware, the kernel) with a0 = hart id, a1 = device tree, a2 = fw_dynamic_info. With the
 * built-in SBI the Java firmware instead takes M-mode and enters the kernel in S-mode on hart 0.
 *
 * <p>A board is not reset in place: a reset request (test finisher 0x7777, SBI SRST reboot)
 * stops the machine and {@link BoardRunner} builds a fresh board from the same
 * {@link BoardConfig}, through the same code as the first boot.
 *
 * <p>Snapshots (docs/snapshots.md): {@link #save} captures the board between runs;
 * {@link #restore} builds a board from a {@link BoardSnapshot} through the same constructor as
 * {@link #boot} — each device is made from its saved state instead of its reset state, RAM is
 * shared copy-on-write with the snapshot, and nothing is loaded.
 */
public final class VirtBoard {

    private final BoardConfig config;
    private final BootLayout layout;
    private final Machine machine;
    private final Clint clint;
    private final Plic plic;
    private final Uart16550 uart;
    private final GoldfishRtc rtc;
    private final TestFinisher finisher;
    private final IntConsumer console;
    private final List<VirtioMmio> virtio = new ArrayList<>();
    /** The transports of the empty slots (saved too: a probing guest may write their status). */
    private final List<VirtioMmio> emptyVirtio = new ArrayList<>();
    private VirtioBlk blk;
    private VirtioRng rng;
    private VirtioConsole virtioConsole;
    private BuiltinSbi sbi;
    private Hypervisor hypervisor;
    /** The domains' consoles on this board's one console, under the hypervisor stack. */
    private DomainConsoles consoles;
    /** The domain that console input goes to, under the hypervisor stack. */
    private volatile int inputDomain;
    private volatile boolean resetRequested;

    /**
     * Wires a board: the machine and every device at its address. With {@code saved} null every
     * part starts in its reset state (boot); otherwise in the saved one (restore). The machine's
     * state, time included, is in place before any device is built, so devices that drive
     * interrupt lines from their state (CLINT, PLIC, UART) drive the saved levels.
     */
    private VirtBoard(BoardConfig config, BootLayout layout, IntConsumer console, BoardSnapshot saved) {
        this.config = config;
        this.layout = layout;
        this.console = console;
        this.machine = new Machine(config.machineConfig(), saved == null ? null : saved.machine());
        HartInterruptPins pins = (hart, bit, level) -> machine.hart(hart).setInterruptLine(bit, level);

        clint = saved == null ? new Clint(config.harts(), machine::time, pins) : new Clint(saved.clint(), machine::time, pins);
        plic = saved == null ? new Plic(config.harts(), pins) : new Plic(saved.plic(), pins);
        uart = new Uart16550(saved == null ? UartState.reset() : saved.uart(), Uart16550.DEFAULT_INPUT_CAPACITY, console,
                plic.source(UART0_IRQ));
        RtcClock clock = RtcClock.fromMachineTime(config.rtcEpochNanos());
        rtc = saved == null ? new GoldfishRtc(machine::time, clock, plic.source(RTC_IRQ))
                : new GoldfishRtc(saved.rtc(), machine::time, clock, plic.source(RTC_IRQ));
        finisher = new TestFinisher(new PowerControl() {
            @Override
            public void powerOff(int exitCode) { machine.powerOff(exitCode); }

            @Override
            public void reset() { requestReset(); }
        });
        machine.bus().map("test", TEST_BASE, TEST_SIZE, finisher);
        machine.bus().map("rtc", RTC_BASE, RTC_SIZE, rtc);
        machine.bus().map("clint", CLINT_BASE, CLINT_SIZE, clint);
        machine.bus().map("plic", PLIC_BASE, PLIC_SIZE, plic);
        machine.bus().map("uart0", UART0_BASE, UART0_SIZE, uart);
        List<BoardConfig.VirtioKind> slots = config.virtioSlots();
        for (int slot = 0; slot < slots.size(); slot++) {
            VirtioDevice device = switch (slots.get(slot)) {
                case BLOCK -> blk = saved == null ? new VirtioBlk(config.disk()) : new VirtioBlk(saved.blk(), config.disk());
                case ENTROPY -> rng = saved == null ? new VirtioRng(config.rngSeed()) : new VirtioRng(saved.rng());
                case CONSOLE -> virtioConsole = saved == null ? new VirtioConsole(console)
                        : new VirtioConsole(saved.virtioConsole(), VirtioConsole.DEFAULT_INPUT_CAPACITY, console);
            };
            VirtioMmio transport = saved == null
                    ? new VirtioMmio(machine.ram(), device, config.legacyVirtio(), plic.source(VirtMemoryMap.virtioIrq(slot)))
                    : new VirtioMmio(saved.virtio().get(slot), machine.ram(), device, plic.source(VirtMemoryMap.virtioIrq(slot)));
            machine.bus().map("virtio" + slot, VirtMemoryMap.virtioBase(slot), VirtMemoryMap.VIRTIO_SIZE, transport);
            // Only the console is fed from the host; the others need no slice-boundary call.
            if (device == virtioConsole) machine.addClocked(transport);
            virtio.add(transport);
        }
        // Empty slots answer with device ID 0 as on QEMU, so a guest may probe all eight.
        for (int slot = slots.size(); slot < VirtMemoryMap.VIRTIO_SLOTS; slot++) {
            VirtioMmio empty = saved == null ? VirtioMmio.empty(machine.ram(), config.legacyVirtio())
                    : VirtioMmio.empty(saved.virtio().get(slot), machine.ram());
            machine.bus().map("virtio" + slot, VirtMemoryMap.virtioBase(slot), VirtMemoryMap.VIRTIO_SIZE, empty);
            emptyVirtio.add(empty);
        }
        machine.addClocked(clint);
        machine.addClocked(uart);
        machine.addClocked(rtc);
        machine.setHtifConsole(console);
    }

    /**
     * Builds and boots a board: plans the layout (refusing what does not fit before anything
     * is built), wires the devices, writes the images, the device tree and the boot ROM, and
     * puts every hart at its first instruction.
     *
     * @param console receives every byte the guest writes to its console (UART, SBI, HTIF)
     * @throws org.virtlab.engine.image.ImageException an image is malformed or does not fit
     */
    public static VirtBoard boot(BoardConfig config, IntConsumer console) {
        BootLayout layout = config.hypervisor() == null ? BootLayout.plan(config) : null;
        VirtBoard board = new VirtBoard(config, layout, console, null);
        board.load();
        return board;
    }

    /**
     * Builds a board from a snapshot, through the same wiring as {@link #boot}: the machine and
     * every device start in their saved state, RAM is shared copy-on-write with the snapshot
     * (restoring one snapshot many times costs little until the boards write), and the boot ROM
     * and firmware are set up again from the configuration. The snapshot is not changed; the
     * board continues exactly where the saved one was.
     *
     * @param console receives every byte the guest writes to its console
     * @throws IllegalArgumentException the snapshot is inconsistent, or has a disk and no
     *                                  {@link BoardSnapshot#diskBase()} (or one of another size)
     */
    public static VirtBoard restore(BoardSnapshot saved, IntConsumer console) {
        BoardConfig config = saved.config();
        if (saved.disk() != null) config = config.toBuilder().disk(saved.disk().over(saved.diskBase())).build();
        BootLayout layout = config.hypervisor() == null ? BootLayout.plan(config) : null;
        VirtBoard board = new VirtBoard(config, layout, console, saved);
        board.resume(saved);
        return board;
    }

    /**
     * Captures the board between runs, on the thread that runs it: the machine (RAM shared
     * copy-on-write, so the board may go on), every device, and under the hypervisor stack the
     * hypervisor with every domain ({@link Hypervisor#save}; it drops full virtualization's
     * shadow tables, a cache the snapshot does not keep).
     *
     * @throws IllegalStateException the board cannot be captured: a guest reset is pending, or
     *                               a disk writes through to its file (a snapshot could not hold it)
     */
    public BoardSnapshot save() {
        if (resetRequested) throw new IllegalStateException("the guest is resetting the board; take the snapshot after the reset");
        BoardSnapshot.Disk disk = null;
        BlockBackend diskBase = null;
        BlockBackend live = config.disk();
        if (live instanceof CopyOnWriteDisk cow) {
            disk = new BoardSnapshot.Disk(live.name(), live.size(), false, true, cow.overlay());
            diskBase = cow.base();
        } else if (live != null && live.readOnly()) {
            disk = new BoardSnapshot.Disk(live.name(), live.size(), true, false, java.util.Map.of());
            diskBase = live;
        } else if (live != null) {
            throw new IllegalStateException("cannot snapshot a board whose disk " + live.name()
                    + " is written in place (--disk FILE,writable): the file would change under the snapshot; "
                    + "use the default copy-on-write disk");
        }
        // The hypervisor before the machine: it may refuse, and it drops its caches before RAM is captured.
        HypervisorSnapshot hv = hypervisor == null ? null : hypervisor.save().withConsoleLine(consoles.openLine());
        List<VirtioMmioState> transports = new ArrayList<>();
        for (VirtioMmio t : virtio) transports.add(t.save());
        for (VirtioMmio t : emptyVirtio) transports.add(t.save());
        return new BoardSnapshot(config.toBuilder().disk(null).build(), machine.save(), clint.save(), plic.save(),
                uart.save(), rtc.save(), transports, blk == null ? null : blk.save(), rng.save(),
                virtioConsole == null ? null : virtioConsole.save(), disk, diskBase, hv);
    }

    private void load() {
        if (config.hypervisor() != null) {
            startHypervisor(null);
            return;
        }
        if (layout.firmware() != null) write(layout.firmware());
        if (layout.kernel() != null) {
            write(layout.kernel());
            Long tohost = layout.kernel().symbol("tohost");
            if (tohost != null) Htif.attach(machine, tohost, layout.kernel().symbol("fromhost"), console);
        }
        if (layout.hasInitrd()) machine.ram().writeBytes(layout.initrdStart(), config.initrd(), 0, config.initrd().length);
        machine.ram().writeBytes(layout.fdtAddress(), layout.dtb(), 0, layout.dtb().length);
        mapBootRom();
        for (int h = 0; h < machine.hartCount(); h++) machine.hart(h).reset(MROM_BASE);
        if (config.firmware() == BoardConfig.Firmware.BUILTIN) {
            sbi = new BuiltinSbi(machine, new Platform());
            sbi.boot(0, layout.kernelEntry(), layout.fdtAddress());
        }
    }

    /**
     * The hypervisor stack: the hypervisor takes M-mode and the CLINT and boots its domains. With
     * one domain its console is the board's; with several, each line is prefixed with the
     * domain's name.
     */
    private void startHypervisor(HypervisorSnapshot saved) {
        HypervisorConfig hc = config.hypervisor();
        consoles = new DomainConsoles(console, hc.domains().size() > 1, saved == null ? -1 : saved.consoleLine());
        IntFunction<IntConsumer> consoleFor = id -> consoles.forDomain(id, id < hc.domains().size()
                ? hc.domains().get(id).name() : "domain" + id);
        hypervisor = saved == null ? Hypervisor.boot(machine, clint, hc, consoleFor)
                : Hypervisor.restore(machine, clint, hc, saved, consoleFor);
    }

    /**
     * After a restore: what boot sets up outside RAM and the harts (HTIF came back with the
     * machine). Under the hypervisor stack, the hypervisor takes M-mode again and rebuilds its
     * domains from their saved state; their consoles are this board's, as at boot.
     */
    private void resume(BoardSnapshot saved) {
        if (config.hypervisor() != null) {
            startHypervisor(saved.hypervisor());
            return;
        }
        mapBootRom();
        if (config.firmware() == BoardConfig.Firmware.BUILTIN) {
            sbi = new BuiltinSbi(machine, new Platform());
            // The harts already hold the firmware's M-mode state; the firmware only takes M-mode again.
            machine.setPlatformOwner(Privilege.M, sbi);
        }
    }

    /** The boot ROM is read-only and follows from the layout, so it is rebuilt, never saved. */
    private void mapBootRom() {
        machine.bus().mapRom("mrom", MROM_BASE, BootRom.build(layout.romStart(), layout.fdtAddress(),
                layout.kernelEntry(), 0));
    }

    private void write(BootImage image) {
        for (ElfImage.Segment s : image.segments()) {
            machine.ram().writeBytes(s.address(), s.data(), 0, s.data().length);
            long zeros = s.memorySize() - s.data().length;
            for (long off = 0; off < zeros; off += 1 << 16) {
                int n = (int) Math.min(1 << 16, zeros - off);
                machine.ram().writeBytes(s.address() + s.data().length + off, new byte[n], 0, n);
            }
        }
    }

    /** Stops the machine so that the runner can build a fresh board; harts stop at once. */
    private void requestReset() {
        resetRequested = true;
        for (int h = 0; h < machine.hartCount(); h++) machine.hart(h).setHalted(true);
        machine.requestStop();
    }

    /**
     * Queues console input for the guest (thread-safe); returns how many bytes fit in the
     * UART. With a virtio console the same bytes also go to it: the guest reads whichever
     * console it uses.
     */
    public int receive(byte[] data, int off, int len) {
        if (hypervisor != null) return hypervisor.receive(inputDomain, data, off, len);
        if (virtioConsole != null) virtioConsole.receive(data, off, len);
        return uart.receive(data, off, len);
    }

    /** Under the hypervisor stack: sends console input to domain {@code id} from now on. */
    public void setInputDomain(int id) {
        this.inputDomain = id;
    }

    /** The hypervisor, or null on the bare stack. */
    public Hypervisor hypervisor() { return hypervisor; }

    /** Whether the guest asked for a reset (the machine has stopped; build a new board). */
    public boolean resetRequested() { return resetRequested; }

    public BoardConfig config() { return config; }

    public BootLayout layout() { return layout; }

    public Machine machine() { return machine; }

    public Clint clint() { return clint; }

    public Plic plic() { return plic; }

    public Uart16550 uart() { return uart; }

    public GoldfishRtc rtc() { return rtc; }

    public TestFinisher finisher() { return finisher; }

    /** The populated virtio-mmio transports, slot 0 first. */
    public List<VirtioMmio> virtio() { return List.copyOf(virtio); }

    /** The virtio-blk device, or null without a disk. */
    public VirtioBlk virtioBlk() { return blk; }

    /** The virtio entropy device. */
    public VirtioRng virtioRng() { return rng; }

    /** The virtio console, or null without one. */
    public VirtioConsole virtioConsole() { return virtioConsole; }

    /** The built-in SBI and its counters, or null with other firmware. */
    public BuiltinSbi sbi() { return sbi; }

    /** The hart the kernel boots on. */
    public Hart bootHart() { return machine.hart(0); }

    /** The console and power switch the built-in SBI uses: the UART's sink and input, and this board. */
    private final class Platform implements SbiPlatform {
        private static final int RBR = 0, LCR = 3, LSR = 5, LSR_DR = 1, LCR_DLAB = 0x80;

        @Override
        public void consoleWrite(int b) {
            console.accept(b & 0xff);
        }

        /** Reads as a guest driver would, so SBI input and UART input are one queue. */
        @Override
        public int consoleRead() {
            if ((uart.read(LCR, 1) & LCR_DLAB) != 0) return -1;
            if ((uart.read(LSR, 1) & LSR_DR) == 0) return -1;
            return (int) uart.read(RBR, 1) & 0xff;
        }

        @Override
        public void shutdown(int exitCode) {
            machine.powerOff(exitCode);
        }

        @Override
        public void reboot() {
            requestReset();
        }
    }
}
