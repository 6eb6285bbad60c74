package org.virtlab.engine.devices.clint;

import static org.virtlab.engine.board.VirtMemoryMap.CLINT_MSIP_OFFSET;
import static org.virtlab.engine.board.VirtMemoryMap.CLINT_MTIMECMP_OFFSET;
import static org.virtlab.engine.board.VirtMemoryMap.CLINT_MTIME_OFFSET;

import java.util.function.LongSupplier;
import org.virtlab.engine.devices.HartInterruptPins;
import org.virtlab.engine.devices.RegisterLanes;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The SiFive CLINT (core-local interruptor) as QEMU's {@code virt} board has it: per-hart
 * software interrupt bits and timer comparators, and the shared 64-bit {@code mtime}.
 *
 * <pre>
 *   +0x0000 + 4*h   msip[h]       bit 0 drives hart h's mip.MSIP; other bits read 0
 *   +0x4000 + 8*h   mtimecmp[h]   hart h's mip.MTIP = (mtime >= mtimecmp[h]), unsigned
 *   +0xBFF8         mtime         machine time (10 MHz) + an offset the guest may write
 * </pre>
 *
 * The 64-bit registers take 8-byte accesses and 4-byte accesses to either half (RV32 style,
 * as OpenSBI and xv6 may use); any access inside one register works, an access that straddles
 * two registers or hits a hole is ignored (reads 0). The privileged spec, section 3.2.1
 * "Machine Timer Registers", defines the comparison; the SiFive CLINT layout is QEMU's.
 *
 * <p>MTIP is recomputed whenever mtimecmp or mtime is written and at every
 * {@link #advanceTo}; {@link #nextDeadline} lets the machine end a slice exactly when the next
 * comparator will fire.
 */
public final class Clint implements MmioDevice, Clocked {

    /** The CLINT layout leaves room for 4095 harts; the board supports far fewer. */
    public static final int MAX_HARTS = 4095;

    private final int harts;
    private final LongSupplier machineTime;
    private final HartInterruptPins pins;
    private final boolean[] msip;
    private final long[] mtimecmp;
    private long timeOffset;
    /** The MTIP level last driven into each hart. */
    private final boolean[] mtip;
    private final ClintMetrics metrics = new ClintMetrics();

    /** A CLINT for {@code harts} harts in its reset state. */
    public Clint(int harts, LongSupplier machineTime, HartInterruptPins pins) {
        this(ClintState.reset(harts), machineTime, pins);
    }

    /**
     * A CLINT in a saved state; drives every hart's MSIP and MTIP to match it.
     *
     * @param machineTime machine time in 10 MHz ticks, the clock mtime counts
     */
    public Clint(ClintState state, LongSupplier machineTime, HartInterruptPins pins) {
        this.harts = state.harts();
        this.machineTime = machineTime;
        this.pins = pins;
        this.msip = state.msip();
        this.mtimecmp = state.mtimecmp();
        this.timeOffset = state.timeOffset();
        this.mtip = new boolean[harts];
        for (int h = 0; h < harts; h++) {
            pins.set(h, HartInterruptPins.MSIP, msip[h]);
            mtip[h] = reached(mtime(), mtimecmp[h]);
            pins.set(h, HartInterruptPins.MTIP, mtip[h]);
        }
    }

    public ClintState save() {
        return new ClintState(msip, mtimecmp, timeOffset);
    }

    public ClintMetrics metrics() { return metrics; }

    public int harts() { return harts; }

    /** The guest-visible mtime: machine time plus the offset set by mtime writes. */
    public long mtime() {
        return machineTime.getAsLong() + timeOffset;
    }

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        if (offset >= CLINT_MSIP_OFFSET && offset < CLINT_MSIP_OFFSET + 4L * harts) {
            long rel = offset - CLINT_MSIP_OFFSET;
            if (RegisterLanes.fits(rel & 3, size, 4))
                return RegisterLanes.extract(msip[(int) (rel >>> 2)] ? 1 : 0, rel & 3, size);
        } else if (offset >= CLINT_MTIMECMP_OFFSET && offset < CLINT_MTIMECMP_OFFSET + 8L * harts) {
            long rel = offset - CLINT_MTIMECMP_OFFSET;
            if (RegisterLanes.fits(rel & 7, size, 8))
                return RegisterLanes.extract(mtimecmp[(int) (rel >>> 3)], rel & 7, size);
        } else if (offset >= CLINT_MTIME_OFFSET && offset < CLINT_MTIME_OFFSET + 8) {
            long lane = offset - CLINT_MTIME_OFFSET;
            if (RegisterLanes.fits(lane, size, 8))
                return RegisterLanes.extract(mtime(), lane, size);
        }
        metrics.accesses.ignored();
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (offset >= CLINT_MSIP_OFFSET && offset < CLINT_MSIP_OFFSET + 4L * harts) {
            long rel = offset - CLINT_MSIP_OFFSET;
            if (RegisterLanes.fits(rel & 3, size, 4)) {
                int h = (int) (rel >>> 2);
                // Only bit 0 exists; a write to an upper byte leaves it alone.
                if ((rel & 3) == 0) setMsip(h, (value & 1) != 0);
                return;
            }
        } else if (offset >= CLINT_MTIMECMP_OFFSET && offset < CLINT_MTIMECMP_OFFSET + 8L * harts) {
            long rel = offset - CLINT_MTIMECMP_OFFSET;
            if (RegisterLanes.fits(rel & 7, size, 8)) {
                int h = (int) (rel >>> 3);
                mtimecmp[h] = RegisterLanes.deposit(mtimecmp[h], rel & 7, size, value);
                updateTimer(h, mtime());
                return;
            }
        } else if (offset >= CLINT_MTIME_OFFSET && offset < CLINT_MTIME_OFFSET + 8) {
            long lane = offset - CLINT_MTIME_OFFSET;
            if (RegisterLanes.fits(lane, size, 8)) {
                long now = machineTime.getAsLong();
                long newMtime = RegisterLanes.deposit(now + timeOffset, lane, size, value);
                timeOffset = newMtime - now;
                for (int h = 0; h < harts; h++) updateTimer(h, newMtime);
                return;
            }
        }
        metrics.accesses.ignored();
    }

    @Override
    public void advanceTo(long machineNow) {
        long now = machineNow + timeOffset;
        for (int h = 0; h < harts; h++) updateTimer(h, now);
    }

    /**
     * The machine time at which the earliest comparator that has not fired yet will fire, or
     * Long.MAX_VALUE when none will (every pending comparator is all ones, the reset value).
     */
    @Override
    public long nextDeadline() {
        long machineNow = machineTime.getAsLong();
        long now = machineNow + timeOffset;
        long best = Long.MAX_VALUE;
        for (int h = 0; h < harts; h++) {
            long cmp = mtimecmp[h];
            if (cmp == -1L || reached(now, cmp)) continue;
            long delta = cmp - now;                        // unsigned, > 0
            long deadline = machineNow + delta;
            if (delta < 0 || deadline < machineNow) deadline = Long.MAX_VALUE;  // beyond the end of time
            best = Math.min(best, deadline);
        }
        return best;
    }

    private void setMsip(int h, boolean level) {
        if (level && !msip[h]) metrics.softwareInterrupts++;
        if (level != msip[h]) {
            msip[h] = level;
            pins.set(h, HartInterruptPins.MSIP, level);
        }
    }

    private void updateTimer(int h, long now) {
        boolean level = reached(now, mtimecmp[h]);
        if (level != mtip[h]) {
            if (level) metrics.timerInterrupts++;
            mtip[h] = level;
            pins.set(h, HartInterruptPins.MTIP, level);
        }
    }

    /** mtime >= mtimecmp, both unsigned (privileged spec 3.2.1). */
    private static boolean reached(long mtime, long mtimecmp) {
        return Long.compareUnsigned(mtime, mtimecmp) >= 0;
    }
}
