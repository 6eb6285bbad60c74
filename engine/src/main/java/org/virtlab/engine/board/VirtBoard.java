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
import org.virtlab.engine.cpu.Hart;
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
import org.virtlab.engine.devices.virtio.blk.VirtioBlk;
import org.virtlab.engine.devices.virtio.console.VirtioConsole;
import org.virtlab.engine.devices.virtio.rng.VirtioRng;
import org.virtlab.engine.firmware.BuiltinSbi;
import org.virtlab.engine.firmware.SbiPlatform;
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
    private VirtioBlk blk;
    private VirtioRng rng;
    private VirtioConsole virtioConsole;
    private BuiltinSbi sbi;
    private volatile boolean resetRequested;

    private VirtBoard(BoardConfig config, BootLayout layout, IntConsumer console) {
        this.config = config;
        this.layout = layout;
        this.console = console;
        this.machine = new Machine(config.machineConfig());
        HartInterruptPins pins = (hart, bit, level) -> machine.hart(hart).setInterruptLine(bit, level);

        clint = new Clint(config.harts(), machine::time, pins);
        plic = new Plic(config.harts(), pins);
        uart = new Uart16550(console, plic.source(UART0_IRQ));
        rtc = new GoldfishRtc(machine::time, RtcClock.fromMachineTime(config.rtcEpochNanos()), plic.source(RTC_IRQ));
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
                case BLOCK -> blk = new VirtioBlk(config.disk());
                case ENTROPY -> rng = new VirtioRng(config.rngSeed());
                case CONSOLE -> virtioConsole = new VirtioConsole(console);
            };
            VirtioMmio transport = new VirtioMmio(machine.ram(), device, config.legacyVirtio(),
                    plic.source(VirtMemoryMap.virtioIrq(slot)));
            machine.bus().map("virtio" + slot, VirtMemoryMap.virtioBase(slot), VirtMemoryMap.VIRTIO_SIZE, transport);
            // Only the console is fed from the host; the others need no slice-boundary call.
            if (device == virtioConsole) machine.addClocked(transport);
            virtio.add(transport);
        }
        // Empty slots answer with device ID 0 as on QEMU, so a guest may probe all eight.
        for (int slot = slots.size(); slot < VirtMemoryMap.VIRTIO_SLOTS; slot++)
            machine.bus().map("virtio" + slot, VirtMemoryMap.virtioBase(slot), VirtMemoryMap.VIRTIO_SIZE,
                    VirtioMmio.empty(machine.ram(), config.legacyVirtio()));
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
        BootLayout layout = BootLayout.plan(config);
        VirtBoard board = new VirtBoard(config, layout, console);
        board.load();
        return board;
    }

    private void load() {
        if (layout.firmware() != null) write(layout.firmware());
        if (layout.kernel() != null) {
            write(layout.kernel());
            Long tohost = layout.kernel().symbol("tohost");
            if (tohost != null) Htif.attach(machine, tohost, layout.kernel().symbol("fromhost"), console);
        }
        if (layout.hasInitrd()) machine.ram().writeBytes(layout.initrdStart(), config.initrd(), 0, config.initrd().length);
        machine.ram().writeBytes(layout.fdtAddress(), layout.dtb(), 0, layout.dtb().length);
        machine.bus().mapRom("mrom", MROM_BASE, BootRom.build(layout.romStart(), layout.fdtAddress(),
                layout.kernelEntry(), 0));
        for (int h = 0; h < machine.hartCount(); h++) machine.hart(h).reset(MROM_BASE);
        if (config.firmware() == BoardConfig.Firmware.BUILTIN) {
            sbi = new BuiltinSbi(machine, new Platform());
            sbi.boot(0, layout.kernelEntry(), layout.fdtAddress());
        }
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
        if (virtioConsole != null) virtioConsole.receive(data, off, len);
        return uart.receive(data, off, len);
    }

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
