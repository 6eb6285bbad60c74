package org.virtlab.engine.hypervisor;

import static org.virtlab.engine.board.VirtMemoryMap.CLINT_BASE;
import static org.virtlab.engine.board.VirtMemoryMap.CLINT_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.DRAM_BASE;
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
import static org.virtlab.engine.board.VirtMemoryMap.VIRTIO_SIZE;
import static org.virtlab.engine.board.VirtMemoryMap.VIRTIO_SLOTS;
import static org.virtlab.engine.board.VirtMemoryMap.virtioBase;
import static org.virtlab.engine.board.VirtMemoryMap.virtioIrq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.devices.HartInterruptPins;
import org.virtlab.engine.devices.PowerControl;
import org.virtlab.engine.devices.clint.Clint;
import org.virtlab.engine.devices.finisher.TestFinisher;
import org.virtlab.engine.devices.plic.Plic;
import org.virtlab.engine.devices.rtc.GoldfishRtc;
import org.virtlab.engine.devices.rtc.RtcClock;
import org.virtlab.engine.devices.uart.Uart16550;
import org.virtlab.engine.devices.uart.UartState;
import org.virtlab.engine.devices.virtio.VirtioDevice;
import org.virtlab.engine.devices.virtio.VirtioMmio;
import org.virtlab.engine.devices.virtio.VirtioMmioState;
import org.virtlab.engine.devices.virtio.blk.VirtioBlk;
import org.virtlab.engine.devices.virtio.console.VirtioConsole;
import org.virtlab.engine.devices.virtio.rng.VirtioRng;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.memory.MmioDevice;
import org.virtlab.engine.memory.MmioRegion;

/**
 * A domain's own {@code virt} board: the same devices at the same addresses as the physical
 * board ({@link org.virtlab.engine.board.VirtMemoryMap}, wired as
 * {@link org.virtlab.engine.board.VirtBoard} wires them), but reached by the hypervisor instead
 * of the bus. A guest load or store to a device address faults; the hypervisor decodes it
 * ({@link MmioAccess}) and calls {@link #read} or {@link #write} here with the guest-physical
 * address (shared/DESIGN.md section 3, "full": devices are emulated).
 *
 * <pre>
 *   CLINT  mtime = the injected machine time; MSIP/MTIP into vCPU v's virtual mip
 *   PLIC   context 2v -> vCPU v MEIP, 2v+1 -> SEIP
 *   UART0  PLIC source 10; output to the domain's console, input through {@link #receive}
 *   RTC    PLIC source 11; the time of day follows machine time from the configured epoch
 *   test   power off / reset -> the domain's {@link PowerControl}
 *   virtio slot i at 0x1000_1000 + i * 0x1000, PLIC source 1 + i, in the order of
 *          {@link BoardConfig#virtioSlots()}; empty slots answer device ID 0
 * </pre>
 *
 * Interrupts go to the domain's vCPUs: the {@link HartInterruptPins} given here number harts
 * by vCPU index, and the hypervisor routes them into virtual mip lines, never into a physical
 * hart. Virtio DMA goes through {@link GuestRam}, so it reaches the domain's RAM only.
 *
 * <p>There is no boot ROM, firmware or HTIF here: {@link DomainImage} places the images and the
 * hypervisor starts the vCPUs itself. The board is a {@link Clocked}: the hypervisor calls
 * {@link #advanceTo} when it schedules the domain and must not let the domain run past
 * {@link #nextDeadline} without calling it again. Every MMIO access is counted per device
 * ({@link #mmioCounts}: "MMIO exits by device", DESIGN.md section 4).
 *
 * <p>Everything runs on the thread that runs the domain, except {@link #receive}.
 */
public final class VirtualBoard implements Clocked {

    /** MMIO accesses to one device window, reads and writes. */
    public record MmioCount(long reads, long writes) {
        public long total() {
            return reads + writes;
        }
    }

    private final BoardConfig config;
    private final GuestRam ram;
    private final Clint clint;
    private final Plic plic;
    private final Uart16550 uart;
    private final GoldfishRtc rtc;
    private final TestFinisher finisher;
    private final List<VirtioMmio> virtio = new ArrayList<>();
    private VirtioBlk blk;
    private VirtioRng rng;
    private VirtioConsole virtioConsole;

    private final List<MmioRegion> regionList = new ArrayList<>();
    /** The windows in address order (the order they are mapped in), and their access counts. */
    private final MmioRegion[] regions;
    private final long[] reads;
    private final long[] writes;
    private final List<Clocked> clocked = new ArrayList<>();

    /**
     * Builds the board of one domain, every device in its reset state.
     *
     * @param domain  the domain's board: harts = vCPUs, memory = the domain's size, disk,
     *                virtio console, rng seed, legacy virtio, RTC epoch (firmware and kernel
     *                are {@link DomainImage}'s business)
     * @param memory  the domain's RAM; it must start at 0x8000_0000 and have the size of
     *                {@code domain.memoryBytes()}
     * @param mtime   machine time in 10 MHz ticks (what the CLINT's mtime and the RTC count)
     * @param vcpus   the vCPUs' interrupt inputs, hart index = vCPU index
     * @param console receives every byte the domain writes to its UART or virtio console
     * @param power   what the test finisher asks for: power off or reset of the domain
     * @throws IllegalArgumentException the memory does not match the configuration
     */
    public VirtualBoard(BoardConfig domain, DomainMemory memory, LongSupplier mtime, HartInterruptPins vcpus,
            IntConsumer console, PowerControl power) {
        this(domain, memory, mtime, vcpus, console, power, null);
    }

    /**
     * Builds the board of one domain: with {@code saved} null every device in its reset state
     * (boot), otherwise each device from its saved state and the MMIO counts where they were
     * (restore: docs/snapshots.md). The parameters are as for the booting constructor.
     *
     * @throws IllegalArgumentException the memory or the saved state does not match the configuration
     */
    public VirtualBoard(BoardConfig domain, DomainMemory memory, LongSupplier mtime, HartInterruptPins vcpus,
            IntConsumer console, PowerControl power, VirtualBoardState saved) {
        if (memory.guestBase() != DRAM_BASE)
            throw new IllegalArgumentException(String.format("a domain's RAM must start at 0x%x, not 0x%x", DRAM_BASE,
                    memory.guestBase()));
        if (memory.size() != domain.memoryBytes())
            throw new IllegalArgumentException("the domain is configured with " + BoardConfig.describeSize(domain.memoryBytes())
                    + " but given " + BoardConfig.describeSize(memory.size()) + " of RAM");
        if (saved != null) checkFits(domain, saved);
        this.config = domain;
        this.ram = new GuestRam(memory);

        clint = saved == null ? new Clint(domain.harts(), mtime, vcpus) : new Clint(saved.clint(), mtime, vcpus);
        plic = saved == null ? new Plic(domain.harts(), vcpus) : new Plic(saved.plic(), vcpus);
        uart = new Uart16550(saved == null ? UartState.reset() : saved.uart(), Uart16550.DEFAULT_INPUT_CAPACITY, console,
                plic.source(UART0_IRQ));
        RtcClock clock = RtcClock.fromMachineTime(domain.rtcEpochNanos());
        rtc = saved == null ? new GoldfishRtc(mtime, clock, plic.source(RTC_IRQ))
                : new GoldfishRtc(saved.rtc(), mtime, clock, plic.source(RTC_IRQ));
        finisher = new TestFinisher(power);
        map("test", TEST_BASE, TEST_SIZE, finisher);
        map("rtc", RTC_BASE, RTC_SIZE, rtc);
        map("clint", CLINT_BASE, CLINT_SIZE, clint);
        map("plic", PLIC_BASE, PLIC_SIZE, plic);
        map("uart0", UART0_BASE, UART0_SIZE, uart);
        List<BoardConfig.VirtioKind> slots = domain.virtioSlots();
        for (int slot = 0; slot < VIRTIO_SLOTS; slot++) {
            VirtioMmio transport;
            if (slot < slots.size()) {
                VirtioDevice device = switch (slots.get(slot)) {
                    case BLOCK -> blk = saved == null ? new VirtioBlk(domain.disk()) : new VirtioBlk(saved.blk(), domain.disk());
                    case ENTROPY -> rng = saved == null ? new VirtioRng(domain.rngSeed()) : new VirtioRng(saved.rng());
                    case CONSOLE -> virtioConsole = saved == null ? new VirtioConsole(console)
                            : new VirtioConsole(saved.virtioConsole(), VirtioConsole.DEFAULT_INPUT_CAPACITY, console);
                };
                transport = saved == null ? new VirtioMmio(ram, device, domain.legacyVirtio(), plic.source(virtioIrq(slot)))
                        : new VirtioMmio(saved.virtio().get(slot), ram, device, plic.source(virtioIrq(slot)));
                // Only the console is fed from the host; the others need no slice-boundary call.
                if (device == virtioConsole) clocked.add(transport);
                virtio.add(transport);
            } else {
                // Empty slots answer with device ID 0 as on QEMU, so a guest may probe all eight.
                transport = saved == null ? VirtioMmio.empty(ram, domain.legacyVirtio())
                        : VirtioMmio.empty(saved.virtio().get(slot), ram);
            }
            map("virtio" + slot, virtioBase(slot), VIRTIO_SIZE, transport);
        }
        clocked.add(clint);
        clocked.add(uart);
        clocked.add(rtc);
        regions = regionList.toArray(new MmioRegion[0]);
        reads = new long[regions.length];
        writes = new long[regions.length];
        if (saved != null) {
            long[] r = saved.mmioReads(), w = saved.mmioWrites();
            if (r.length != regions.length)
                throw new IllegalArgumentException("virtual board state: MMIO counts for " + r.length + " windows, the board has "
                        + regions.length);
            System.arraycopy(r, 0, reads, 0, r.length);
            System.arraycopy(w, 0, writes, 0, w.length);
        }
    }

    /** Refuses a saved state that is not of a board with this configuration. */
    private static void checkFits(BoardConfig domain, VirtualBoardState saved) {
        if (saved.clint().harts() != domain.harts())
            throw new IllegalArgumentException("virtual board state: " + saved.clint().harts() + " vCPUs, the domain has "
                    + domain.harts());
        if ((saved.blk() == null) != (domain.disk() == null))
            throw new IllegalArgumentException("virtual board state: the disk does not match the configuration");
        if ((saved.virtioConsole() == null) == domain.virtioConsole())
            throw new IllegalArgumentException("virtual board state: the virtio console does not match the configuration");
    }

    /** Every device's state and the MMIO counts, between runs (docs/snapshots.md). */
    public VirtualBoardState save() {
        List<VirtioMmioState> transports = new ArrayList<>();
        for (MmioRegion r : regions)
            if (r.device() instanceof VirtioMmio t) transports.add(t.save());
        return new VirtualBoardState(clint.save(), plic.save(), uart.save(), rtc.save(), transports,
                blk == null ? null : blk.save(), rng.save(), virtioConsole == null ? null : virtioConsole.save(),
                reads.clone(), writes.clone());
    }

    private void map(String name, long base, long size, MmioDevice device) {
        regionList.add(new MmioRegion(name, base, size, device));
    }

    // ---- the hypervisor's side: MMIO exits ---------------------------------------------------

    /** Whether guest-physical {@code gpa} lies in one of the board's device register windows. */
    public boolean isDevice(long gpa) {
        return regionIndex(gpa) >= 0;
    }

    /** The name of the device window holding {@code gpa} ("uart0", "plic", "clint", "virtio0", ...), or null. */
    public String deviceName(long gpa) {
        int i = regionIndex(gpa);
        return i < 0 ? null : regions[i].name();
    }

    /**
     * A guest load of {@code size} bytes (1/2/4/8) at device address {@code gpa}: the device's
     * answer, zero-extended (the caller sign-extends as the instruction says). An address that
     * is no device reads 0; callers check {@link #isDevice} first.
     */
    public long read(long gpa, int size) {
        int i = regionIndex(gpa);
        if (i < 0) return 0;
        reads[i]++;
        return regions[i].device().read(gpa - regions[i].base(), size);
    }

    /**
     * A guest store of the low {@code size} bytes (1/2/4/8) of {@code value} at device address
     * {@code gpa}. A store to an address that is no device is dropped.
     */
    public void write(long gpa, int size, long value) {
        int i = regionIndex(gpa);
        if (i < 0) return;
        writes[i]++;
        regions[i].device().write(gpa - regions[i].base(), size, value);
    }

    private int regionIndex(long gpa) {
        for (int i = 0; i < regions.length; i++) if (regions[i].contains(gpa)) return i;
        return -1;
    }

    /** MMIO accesses so far per device window, in address order (every window, even untouched ones). */
    public Map<String, MmioCount> mmioCounts() {
        Map<String, MmioCount> out = new LinkedHashMap<>();
        for (int i = 0; i < regions.length; i++) out.put(regions[i].name(), new MmioCount(reads[i], writes[i]));
        return Collections.unmodifiableMap(out);
    }

    /** The device register windows (name, base, size, device). */
    public List<MmioRegion> regions() {
        return List.copyOf(regionList);
    }

    // ---- time and input ------------------------------------------------------------------

    /** Brings every timed device up to machine time {@code mtime}: timer comparators, UART and console input, RTC alarm. */
    @Override
    public void advanceTo(long mtime) {
        for (Clocked c : clocked) c.advanceTo(mtime);
    }

    /** The earliest machine time at which {@link #advanceTo} must next be called, or Long.MAX_VALUE. */
    @Override
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Clocked c : clocked) next = Math.min(next, c.nextDeadline());
        return next;
    }

    /**
     * Queues console input for the domain (thread-safe); returns how many bytes fit in the
     * UART. With a virtio console the same bytes also go to it: the guest reads whichever
     * console it uses. The guest sees them after the next {@link #advanceTo}.
     */
    public int receive(byte[] data, int off, int len) {
        if (virtioConsole != null) virtioConsole.receive(data, off, len);
        return uart.receive(data, off, len);
    }

    // ---- parts ---------------------------------------------------------------------------

    public BoardConfig config() { return config; }

    /** The domain's RAM at guest-physical addresses: what its devices DMA through. */
    public GuestRam guestRam() { return ram; }

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
}
