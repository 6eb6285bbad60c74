package org.virtlab.engine.board.fdt;

import static org.virtlab.engine.board.VirtMemoryMap.*;

import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.devices.HartInterruptPins;

/**
 * Generates the device tree of a configured {@code virt} board, describing exactly the
 * devices in {@link org.virtlab.engine.board.VirtMemoryMap} and the harts, RAM, kernel
 * command line and initrd of a {@link BoardDescription}. The bindings are the Linux kernel's
 * (Documentation/devicetree/bindings: riscv/cpus.yaml, sifive,plic-1.0.0.yaml,
 * sifive,clint.yaml, serial/8250.yaml, virtio/mmio.yaml, power/reset/syscon-*.yaml,
 * rtc/trivial-rtc.yaml), laid out as QEMU's virt board lays them out so the same
 * firmware and kernels find the same nodes.
 */
public final class VirtBoardDeviceTree {

    /** Single-letter extensions every hart has, in canonical order (ISA manual, "ISA Naming Conventions"). */
    private static final List<String> BASE_LETTERS = List.of("i", "m", "a", "c");
    private static final List<String> MULTI_LETTER = List.of("zicsr", "zifencei", "zicntr", "sstc");

    private VirtBoardDeviceTree() { }

    /** The {@code riscv,isa} string: "rv64imac[h]_zicsr_zifencei_zicntr_sstc". */
    public static String isaString(boolean hExtension) {
        StringBuilder sb = new StringBuilder("rv64");
        for (String l : BASE_LETTERS) sb.append(l);
        if (hExtension) sb.append('h');                 // H sorts after C among single letters
        for (String ext : MULTI_LETTER) sb.append('_').append(ext);
        return sb.toString();
    }

    /** The {@code riscv,isa-extensions} list. */
    public static List<String> isaExtensions(boolean hExtension) {
        List<String> out = new ArrayList<>(BASE_LETTERS);
        if (hExtension) out.add("h");
        out.addAll(MULTI_LETTER);
        return out;
    }

    /** The path of the console UART, for /chosen/stdout-path. */
    public static String uartPath() {
        return "/soc/serial@" + Long.toHexString(UART0_BASE);
    }

    /** The device tree of the board {@code board}. */
    public static DeviceTree build(BoardDescription board) {
        DeviceTree dt = new DeviceTree();
        DtNode root = dt.root()
                .propU32("#address-cells", 2)
                .propU32("#size-cells", 2)
                .prop("compatible", "riscv-virtio")
                .prop("model", "riscv-virtio,qemu");

        int[] intc = cpus(root, board);
        memory(root, board);
        reservedMemory(root, board);

        DtNode soc = root.node("soc")
                .propU32("#address-cells", 2)
                .propU32("#size-cells", 2)
                .prop("compatible", "simple-bus")
                .flag("ranges");

        int[] clintCells = new int[4 * board.harts()];
        int[] plicCells = new int[4 * board.harts()];
        for (int h = 0; h < board.harts(); h++) {
            clintCells[4 * h] = intc[h];
            clintCells[4 * h + 1] = HartInterruptPins.MSIP;
            clintCells[4 * h + 2] = intc[h];
            clintCells[4 * h + 3] = HartInterruptPins.MTIP;
            // Context 2h is M-mode (MEIP), 2h+1 is S-mode (SEIP): the order of these pairs
            // is what numbers the PLIC's contexts.
            plicCells[4 * h] = intc[h];
            plicCells[4 * h + 1] = HartInterruptPins.MEIP;
            plicCells[4 * h + 2] = intc[h];
            plicCells[4 * h + 3] = HartInterruptPins.SEIP;
        }
        soc.node(unit("clint", CLINT_BASE))
                .prop("compatible", "sifive,clint0", "riscv,clint0")
                .reg(CLINT_BASE, CLINT_SIZE)
                .propU32("interrupts-extended", clintCells);

        DtNode plic = soc.node(unit("plic", PLIC_BASE))
                .propU32("#address-cells", 0)
                .propU32("#interrupt-cells", 1)
                .prop("compatible", "sifive,plic-1.0.0", "riscv,plic0")
                .flag("interrupt-controller")
                .reg(PLIC_BASE, PLIC_SIZE)
                .propU32("riscv,ndev", PLIC_NDEV)
                .propU32("interrupts-extended", plicCells);
        int plicPhandle = plic.phandle();

        soc.node(unit("serial", UART0_BASE))
                .prop("compatible", "ns16550a")
                .reg(UART0_BASE, UART0_SIZE)
                .propU32("clock-frequency", UART0_CLOCK_HZ)
                .propU32("interrupt-parent", plicPhandle)
                .propU32("interrupts", UART0_IRQ);

        for (int slot : board.virtioSlots()) {
            soc.node(unit("virtio_mmio", virtioBase(slot)))
                    .prop("compatible", "virtio,mmio")
                    .reg(virtioBase(slot), VIRTIO_SIZE)
                    .propU32("interrupt-parent", plicPhandle)
                    .propU32("interrupts", virtioIrq(slot));
        }

        DtNode test = soc.node(unit("test", TEST_BASE))
                .prop("compatible", "sifive,test1", "sifive,test0", "syscon")
                .reg(TEST_BASE, TEST_SIZE);
        int testPhandle = test.phandle();
        root.node("poweroff")
                .prop("compatible", "syscon-poweroff")
                .propU32("regmap", testPhandle)
                .propU32("offset", 0)
                .propU32("value", 0x5555);
        root.node("reboot")
                .prop("compatible", "syscon-reboot")
                .propU32("regmap", testPhandle)
                .propU32("offset", 0)
                .propU32("value", 0x7777);

        soc.node(unit("rtc", RTC_BASE))
                .prop("compatible", "google,goldfish-rtc")
                .reg(RTC_BASE, RTC_SIZE)
                .propU32("interrupt-parent", plicPhandle)
                .propU32("interrupts", RTC_IRQ);

        root.node("aliases").prop("serial0", uartPath());
        DtNode chosen = root.node("chosen");
        if (board.bootargs() != null) chosen.prop("bootargs", board.bootargs());
        chosen.prop("stdout-path", uartPath());
        if (board.initrdStart().isPresent()) {
            chosen.propU64("linux,initrd-start", board.initrdStart().getAsLong());
            chosen.propU64("linux,initrd-end", board.initrdEnd().getAsLong());
        }
        return dt;
    }

    /** The blob of {@link #build}. */
    public static byte[] dtb(BoardDescription board) {
        return build(board).toDtb();
    }

    /** Builds /cpus; returns each hart's interrupt-controller phandle. */
    private static int[] cpus(DtNode root, BoardDescription board) {
        DtNode cpus = root.node("cpus")
                .propU32("#address-cells", 1)
                .propU32("#size-cells", 0)
                .propU32("timebase-frequency", (int) TIMEBASE_HZ);
        int[] intc = new int[board.harts()];
        int[] cpuPhandles = new int[board.harts()];
        String isa = isaString(board.hExtension());
        String[] extensions = isaExtensions(board.hExtension()).toArray(String[]::new);
        for (int h = 0; h < board.harts(); h++) {
            DtNode cpu = cpus.node("cpu@" + h)
                    .prop("device_type", "cpu")
                    .propU32("reg", h)
                    .prop("status", "okay")
                    .prop("compatible", "riscv")
                    .prop("riscv,isa", isa)
                    .prop("riscv,isa-base", "rv64i")
                    .prop("riscv,isa-extensions", extensions)
                    .prop("mmu-type", "riscv,sv39");
            cpuPhandles[h] = cpu.phandle();
            DtNode ic = cpu.node("interrupt-controller")
                    .propU32("#address-cells", 0)
                    .propU32("#interrupt-cells", 1)
                    .flag("interrupt-controller")
                    .prop("compatible", "riscv,cpu-intc");
            intc[h] = ic.phandle();
        }
        DtNode cluster = cpus.node("cpu-map").node("cluster0");
        for (int h = 0; h < board.harts(); h++) cluster.node("core" + h).propU32("cpu", cpuPhandles[h]);
        return intc;
    }

    private static void memory(DtNode root, BoardDescription board) {
        root.node(unit("memory", board.ramBase()))
                .prop("device_type", "memory")
                .reg(board.ramBase(), board.ramSize());
    }

    private static void reservedMemory(DtNode root, BoardDescription board) {
        if (board.firmwareBase().isEmpty()) return;
        long base = board.firmwareBase().getAsLong();
        root.node("reserved-memory")
                .propU32("#address-cells", 2)
                .propU32("#size-cells", 2)
                .flag("ranges")
                .node(unit("mmode_resv0", base))
                .reg(base, board.firmwareSize())
                .flag("no-map");
    }

    private static String unit(String name, long address) {
        return name + "@" + Long.toHexString(address);
    }
}
