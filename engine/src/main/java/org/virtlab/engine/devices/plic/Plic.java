package org.virtlab.engine.devices.plic;

import static org.virtlab.engine.board.VirtMemoryMap.PLIC_MAX_PRIORITY;
import static org.virtlab.engine.board.VirtMemoryMap.PLIC_SOURCES;

import org.virtlab.engine.devices.HartInterruptPins;
import org.virtlab.engine.devices.InterruptLine;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The platform-level interrupt controller of the {@code virt} board (RISC-V PLIC
 * specification v1.0.0; SiFive layout as in QEMU).
 *
 * <pre>
 *   +0x00_0000 + 4*irq              priority[irq]      0..7, source 0 hardwired to 0
 *   +0x00_1000 + 4*w                pending word w     read-only, sources 32w..32w+31
 *   +0x00_2000 + 0x80*ctx + 4*w     enable word w of context ctx
 *   +0x20_0000 + 0x1000*ctx         threshold of ctx   0..7
 *   +0x20_0004 + 0x1000*ctx         claim (read) / complete (write)
 * </pre>
 *
 * Context 2N is hart N's M-mode (drives mip.MEIP), 2N+1 its S-mode (mip.SEIP). Only aligned
 * 32-bit accesses are registers, as in the specification; other accesses are ignored.
 *
 * <p>Sources are level-triggered (spec chapter "Interrupt Gateways"): while a source is not in
 * service its pending bit follows its input line; a claim returns the highest-priority
 * pending, enabled source whose priority exceeds the context's threshold (ties: lowest id),
 * clears its pending bit and puts it in service; while in service the gateway forwards
 * nothing; completion takes it out of service and, if the line is still high, makes it
 * pending again. A completion for a source not enabled for the completing context is ignored,
 * as the specification says (Linux's driver knows this). Every context's output is recomputed
 * after every change.
 */
public final class Plic implements MmioDevice {

    /** Source ids 0..95; 0 is reserved ("no interrupt"). */
    public static final int SOURCES = PLIC_SOURCES;
    /** 32-bit words of one bit per source. */
    public static final int WORDS = (SOURCES + 31) / 32;
    /** The register layout has room for 15872 contexts; the board supports far fewer harts. */
    public static final int MAX_HARTS = 512;

    private static final long PRIORITY_BASE = 0x0;
    private static final long PENDING_BASE = 0x1000;
    private static final long ENABLE_BASE = 0x2000;
    private static final long ENABLE_STRIDE = 0x80;
    private static final long CONTEXT_BASE = 0x20_0000;
    private static final long CONTEXT_STRIDE = 0x1000;

    private final int harts;
    private final int contexts;
    private final HartInterruptPins pins;
    private final int[] priority;
    private final int[] level;
    private final int[] pending;
    private final int[] claimed;
    private final int[] enable;
    private final int[] threshold;
    /** The level last driven into each context's hart pin. */
    private final boolean[] output;
    private final PlicMetrics metrics = new PlicMetrics();

    /** A PLIC for {@code harts} harts (2 contexts each) in its reset state. */
    public Plic(int harts, HartInterruptPins pins) {
        this(PlicState.reset(harts), pins);
    }

    /** A PLIC in a saved state; drives every context's output to match it. */
    public Plic(PlicState state, HartInterruptPins pins) {
        this.harts = state.harts();
        this.contexts = 2 * harts;
        this.pins = pins;
        this.priority = state.priority();
        this.level = state.level();
        this.pending = state.pending();
        this.claimed = state.claimed();
        this.enable = state.enable();
        this.threshold = state.threshold();
        // A saved state passes through the same masks as guest writes.
        priority[0] = 0;
        for (int irq = 1; irq < SOURCES; irq++) priority[irq] &= PLIC_MAX_PRIORITY;
        for (int ctx = 0; ctx < contexts; ctx++) {
            threshold[ctx] &= PLIC_MAX_PRIORITY;
            enable[ctx * WORDS] &= ~1;
            enable[ctx * WORDS + WORDS - 1] &= lastWordMask();
        }
        for (int w = 0; w < WORDS; w++) pending[w] &= ~claimed[w];
        pending[0] &= ~1;
        claimed[0] &= ~1;
        level[0] &= ~1;
        this.output = new boolean[contexts];
        for (int ctx = 0; ctx < contexts; ctx++) {
            output[ctx] = best(ctx) != 0;
            pins.set(ctx / 2, mipBit(ctx), output[ctx]);
        }
    }

    public PlicState save() {
        return new PlicState(harts, priority, level, pending, claimed, enable, threshold);
    }

    public PlicMetrics metrics() { return metrics; }

    public int harts() { return harts; }

    /**
     * The input wire of source {@code irq} (1..95), to hand to a device.
     *
     * @throws IllegalArgumentException for source 0 or a source that does not exist
     */
    public InterruptLine source(int irq) {
        if (irq < 1 || irq >= SOURCES)
            throw new IllegalArgumentException("PLIC source " + irq + " does not exist: sources are 1.." + (SOURCES - 1));
        return lvl -> setLevel(irq, lvl);
    }

    /** Whether source {@code irq} is pending (for tests and the monitor). */
    public boolean isPending(int irq) {
        return irq > 0 && irq < SOURCES && bit(pending, irq);
    }

    private void setLevel(int irq, boolean high) {
        if (bit(level, irq) == high) return;
        setBit(level, irq, high);
        if (!bit(claimed, irq)) {
            setBit(pending, irq, high);
            updateOutputs();
        }
    }

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        if (size != 4 || (offset & 3) != 0) {
            metrics.accesses.ignored();
            return 0;
        }
        if (offset >= PRIORITY_BASE && offset < PRIORITY_BASE + 4L * SOURCES)
            return priority[(int) ((offset - PRIORITY_BASE) >>> 2)];
        if (offset >= PENDING_BASE && offset < PENDING_BASE + 4L * WORDS)
            return pending[(int) ((offset - PENDING_BASE) >>> 2)] & 0xffff_ffffL;
        if (offset >= ENABLE_BASE && offset < ENABLE_BASE + ENABLE_STRIDE * contexts) {
            long rel = offset - ENABLE_BASE;
            int ctx = (int) (rel / ENABLE_STRIDE);
            int w = (int) ((rel % ENABLE_STRIDE) >>> 2);
            if (w < WORDS) return enable[ctx * WORDS + w] & 0xffff_ffffL;
        } else if (offset >= CONTEXT_BASE && offset < CONTEXT_BASE + CONTEXT_STRIDE * contexts) {
            long rel = offset - CONTEXT_BASE;
            int ctx = (int) (rel / CONTEXT_STRIDE);
            long reg = rel % CONTEXT_STRIDE;
            if (reg == 0) return threshold[ctx];
            if (reg == 4) return claim(ctx);
        }
        metrics.accesses.ignored();
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (size != 4 || (offset & 3) != 0) {
            metrics.accesses.ignored();
            return;
        }
        int v = (int) value;
        if (offset >= PRIORITY_BASE && offset < PRIORITY_BASE + 4L * SOURCES) {
            int irq = (int) ((offset - PRIORITY_BASE) >>> 2);
            if (irq != 0) {
                priority[irq] = v & PLIC_MAX_PRIORITY;
                updateOutputs();
                return;
            }
        } else if (offset >= ENABLE_BASE && offset < ENABLE_BASE + ENABLE_STRIDE * contexts) {
            long rel = offset - ENABLE_BASE;
            int ctx = (int) (rel / ENABLE_STRIDE);
            int w = (int) ((rel % ENABLE_STRIDE) >>> 2);
            if (w < WORDS) {
                if (w == 0) v &= ~1;                          // source 0 does not exist
                if (w == WORDS - 1) v &= lastWordMask();
                enable[ctx * WORDS + w] = v;
                updateOutputs();
                return;
            }
        } else if (offset >= CONTEXT_BASE && offset < CONTEXT_BASE + CONTEXT_STRIDE * contexts) {
            long rel = offset - CONTEXT_BASE;
            int ctx = (int) (rel / CONTEXT_STRIDE);
            long reg = rel % CONTEXT_STRIDE;
            if (reg == 0) {
                threshold[ctx] = v & PLIC_MAX_PRIORITY;
                updateOutputs();
                return;
            }
            if (reg == 4) {
                complete(ctx, v);
                return;
            }
        }
        metrics.accesses.ignored();                           // pending bits are read-only
    }

    private long claim(int ctx) {
        int irq = best(ctx);
        if (irq == 0) {
            metrics.emptyClaims++;
            return 0;
        }
        metrics.claims++;
        setBit(pending, irq, false);
        setBit(claimed, irq, true);
        updateOutputs();
        return irq;
    }

    private void complete(int ctx, int irq) {
        if (irq <= 0 || irq >= SOURCES || !bit(claimed, irq) || !enabled(ctx, irq)) {
            metrics.ignoredCompletions++;
            return;
        }
        metrics.completions++;
        setBit(claimed, irq, false);
        if (bit(level, irq)) {
            setBit(pending, irq, true);
            updateOutputs();
        }
    }

    /** The source a claim by {@code ctx} would return now, or 0. */
    private int best(int ctx) {
        int bestIrq = 0;
        int bestPriority = threshold[ctx];
        for (int w = 0; w < WORDS; w++) {
            int bits = pending[w] & enable[ctx * WORDS + w];
            while (bits != 0) {
                int irq = 32 * w + Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (priority[irq] > bestPriority) {            // strict: ties go to the lowest id
                    bestPriority = priority[irq];
                    bestIrq = irq;
                }
            }
        }
        return bestIrq;
    }

    private void updateOutputs() {
        for (int ctx = 0; ctx < contexts; ctx++) {
            boolean high = best(ctx) != 0;
            if (high != output[ctx]) {
                output[ctx] = high;
                pins.set(ctx / 2, mipBit(ctx), high);
            }
        }
    }

    private boolean enabled(int ctx, int irq) {
        return (enable[ctx * WORDS + irq / 32] & (1 << (irq % 32))) != 0;
    }

    private static int mipBit(int ctx) {
        return (ctx & 1) == 0 ? HartInterruptPins.MEIP : HartInterruptPins.SEIP;
    }

    private static int lastWordMask() {
        int bitsInLast = SOURCES - 32 * (WORDS - 1);
        return bitsInLast == 32 ? -1 : (1 << bitsInLast) - 1;
    }

    private static boolean bit(int[] words, int irq) {
        return (words[irq >>> 5] & (1 << (irq & 31))) != 0;
    }

    private static void setBit(int[] words, int irq, boolean on) {
        if (on) words[irq >>> 5] |= 1 << (irq & 31);
        else words[irq >>> 5] &= ~(1 << (irq & 31));
    }
}
