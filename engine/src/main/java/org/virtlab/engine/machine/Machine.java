package org.virtlab.engine.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.HartSnapshots;
import org.virtlab.engine.cpu.HartState;
import org.virtlab.engine.cpu.PlatformTrapHandler;
import org.virtlab.engine.cpu.Reservations;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.memory.Bus;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.memory.RamImage;

/**
 * An emulated computer: harts, RAM and devices on one bus, and machine time.
 *
 * <p>A machine owns no thread. {@link #run} executes on the caller's thread until a budget of
 * instructions is spent, every hart waits, or the guest powers off — and returns why. Harts take
 * turns in slices of {@link MachineConfig#sliceInstructions()}; machine time (mtime) advances
 * with the instructions of each round, never with the wall clock, so the same image and input
 * always give the same execution (shared/DESIGN.md section 5).
 *
 * <p>Snapshots: {@link #save} between runs captures everything architectural
 * ({@link MachineSnapshot}); {@link #Machine(MachineConfig, MachineSnapshot)} builds a machine
 * through the same constructor as boot and puts the saved state in (docs/snapshots.md).
 */
public final class Machine {
    public static final long DRAM_BASE = 0x8000_0000L;

    private final MachineConfig config;
    private final Ram ram;
    private final Bus bus;
    private final Hart[] harts;
    private final List<Clocked> clocked = new ArrayList<>();

    /** Machine time in instruction units; mtime = cycles / instructionsPerTick. */
    private long cycles;
    private boolean poweredOff;
    private int exitCode;
    private volatile boolean stopRequested;
    private final java.util.TreeSet<Long> breakpoints = new java.util.TreeSet<>();
    /** The hart that stopped the last run at a breakpoint, or -1. */
    private int breakpointHart = -1;
    private IntConsumer htifConsole = c -> System.out.write(c);

    /** HTIF, once an image has attached it; set by {@link Htif#attach}. */
    Htif htif;

    public Machine(MachineConfig config) {
        this(config, null);
    }

    /**
     * Builds a machine and, when {@code saved} is not null, puts a saved state in: RAM (shared
     * copy-on-write with the snapshot), machine time, power state, every hart and HTIF. The
     * snapshot must be of a machine with the same harts, memory and H extension; slice length
     * and timebase come from {@code config}.
     *
     * @throws IllegalArgumentException the snapshot does not fit this configuration or is inconsistent
     */
    public Machine(MachineConfig config, MachineSnapshot saved) {
        this.config = config;
        this.ram = new Ram(DRAM_BASE, config.memoryBytes());
        this.bus = new Bus(ram);
        Reservations reservations = new Reservations(config.harts());
        this.harts = new Hart[config.harts()];
        for (int i = 0; i < harts.length; i++) {
            harts[i] = new Hart(i, bus, reservations, config.hExtension());
            harts[i].setTranslationThreshold(config.translationThreshold());
        }
        if (saved != null) restore(saved);
    }

    private void restore(MachineSnapshot s) {
        MachineConfig c = s.config();
        if (c.harts() != config.harts() || c.memoryBytes() != config.memoryBytes() || c.hExtension() != config.hExtension())
            throw new IllegalArgumentException("the snapshot is of a machine with " + c + ", not " + config);
        ram.restore(s.ram());
        cycles = s.cycles();
        poweredOff = s.poweredOff();
        exitCode = s.exitCode();
        for (int i = 0; i < harts.length; i++) HartSnapshots.restore(harts[i], s.harts().get(i));
        if (s.htif() != null) Htif.attach(this, s.htif(), c2 -> htifConsole.accept(c2));
    }

    /**
     * Captures the whole machine. Call between runs, on the thread that runs the machine (a
     * board's runner does this at slice boundaries); RAM is copied, so the machine may go on.
     */
    public MachineSnapshot save() {
        List<HartState> hs = new ArrayList<>();
        for (Hart h : harts) hs.add(HartSnapshots.save(h));
        RamImage image = ram.capture();
        // The captured pages are now copy-on-write: no hart may keep one behind its store fast path.
        for (Hart h : harts) h.flushTranslations();
        return new MachineSnapshot(config, cycles, poweredOff, exitCode, hs, htif == null ? null : htif.save(), image);
    }

    public MachineConfig config() {
        return config;
    }

    public Bus bus() {
        return bus;
    }

    public Ram ram() {
        return ram;
    }

    public Hart hart(int i) {
        return harts[i];
    }

    public int hartCount() {
        return harts.length;
    }

    /** Machine time: ticks of the 10 MHz timebase. */
    public long time() {
        return cycles / config.instructionsPerTick();
    }

    /** Jumps machine time forward (never back), e.g. to the next deadline while every hart waits. */
    public void advanceTimeTo(long mtime) {
        long c = mtime * config.instructionsPerTick();
        if (c > cycles) cycles = c;
    }

    public void addClocked(Clocked device) {
        clocked.add(device);
    }

    /** Java code standing in M-mode (or HS-mode) on every hart. */
    public void setPlatformOwner(int privilege, PlatformTrapHandler handler) {
        for (Hart h : harts) h.setPlatformOwner(privilege, handler);
    }

    /** Where characters written through HTIF's console go (default: standard output). */
    public void setHtifConsole(IntConsumer console) {
        this.htifConsole = console;
    }

    /** The guest turned the machine off (test finisher, HTIF, SBI shutdown). */
    public void powerOff(int status) {
        if (poweredOff) return;
        poweredOff = true;
        exitCode = status;
        for (Hart h : harts) h.requestExit();
    }

    public boolean isPoweredOff() {
        return poweredOff;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Asks a running {@link #run} to return at its next slice boundary; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Stops {@link #run} with {@link StopReason#BREAKPOINT} when any hart is about to execute
     * the instruction at virtual address {@code pc}. The next run executes that instruction.
     * While breakpoints are set, harts check pc before every instruction (much slower).
     */
    public void setBreakpoint(long pc) {
        breakpoints.add(pc);
        updateBreakpoints();
    }

    public void clearBreakpoint(long pc) {
        breakpoints.remove(pc);
        updateBreakpoints();
    }

    private void updateBreakpoints() {
        long[] pcs = breakpoints.stream().mapToLong(Long::longValue).toArray();
        for (Hart h : harts) h.setBreakpoints(pcs);
    }

    /** After a run that stopped at a breakpoint: the hart that reached it (its pc is the breakpoint); else -1. */
    public int breakpointHart() {
        return breakpointHart;
    }

    /**
     * Loads an ELF executable into RAM: every segment is checked first, so a bad image changes
     * nothing. Every hart then starts at the entry point in M-mode with a0 = its hart id.
     * If the image defines {@code tohost}, HTIF is attached there.
     */
    public void loadElf(ElfImage elf) {
        for (ElfImage.Segment s : elf.segments()) {
            if (!ram.contains(s.address(), s.memorySize()))
                throw new ImageException(String.format(
                        "%s: segment at 0x%x (%d bytes) lies outside RAM 0x%x-0x%x; give the machine more memory or relink the image",
                        elf.name(), s.address(), s.memorySize(), ram.base(), ram.base() + ram.size() - 1));
        }
        for (ElfImage.Segment s : elf.segments()) {
            ram.writeBytes(s.address(), s.data(), 0, s.data().length);
            long zeros = s.memorySize() - s.data().length;
            if (zeros > 0) ram.writeBytes(s.address() + s.data().length, new byte[(int) zeros], 0, (int) zeros);
        }
        for (Hart h : harts) {
            h.reset(elf.entry());
            h.setX(10, h.id());
        }
        Long tohost = elf.symbol("tohost");
        if (tohost != null) Htif.attach(this, tohost, elf.symbol("fromhost"), c -> htifConsole.accept(c));
    }

    /** The earliest machine time after now at which a timer (device or hart comparator) fires. */
    public long nextDeadline() {
        long now = time();
        long d = Long.MAX_VALUE;
        for (Clocked c : clocked) {
            long t = c.nextDeadline();
            if (t > now && t < d) d = t;
        }
        for (Hart h : harts) {
            long t = h.nextTimerDeadline(now);
            if (Long.compareUnsigned(t, d) < 0) d = t;
        }
        return d;
    }

    /** Runs up to {@code maxInstructions} (summed over harts) and says why it stopped. */
    public RunResult run(long maxInstructions) {
        long done = 0;
        int ipt = config.instructionsPerTick();
        breakpointHart = -1;
        while (true) {
            if (poweredOff) return new RunResult(StopReason.POWER_OFF, done, 0, exitCode);
            if (stopRequested) {
                stopRequested = false;
                return new RunResult(StopReason.STOP_REQUESTED, done, 0, 0);
            }
            if (done >= maxInstructions) return new RunResult(StopReason.BUDGET, done, 0, 0);
            long now = time();
            for (Clocked c : clocked) c.advanceTo(now);
            boolean anyRunning = false;
            for (Hart h : harts) {
                h.setSliceStart(cycles, ipt);          // a sleeping hart's comparators see the time too
                anyRunning |= h.wakeIfInterruptPending();
            }
            if (!anyRunning) return new RunResult(StopReason.WAITING, done, nextDeadline(), 0);

            long slice = Math.min(config.sliceInstructions(), maxInstructions - done);
            long deadline = nextDeadline();
            if (deadline != Long.MAX_VALUE) {
                long untilDeadline = deadline * ipt - cycles;
                slice = Math.max(1, Math.min(slice, untilDeadline));
            }
            long longest = 0;
            for (Hart h : harts) {
                long left = maxInstructions - done;
                if (left <= 0) break;                 // the budget is summed over all harts
                h.run((int) Math.min(slice, left));
                int steps = h.lastSliceSteps();
                done += steps;
                longest = Math.max(longest, steps);
                if (h.atBreakpoint() && breakpointHart < 0) breakpointHart = h.id();
                if (poweredOff || breakpointHart >= 0) break;
            }
            if (breakpointHart >= 0 && !poweredOff) {
                cycles += longest;                     // time stands still at the breakpoint
                return new RunResult(StopReason.BREAKPOINT, done, 0, 0);
            }
            cycles += Math.max(1, longest);
        }
    }

    /**
     * Runs until the guest powers off or {@code maxInstructions} are spent; while every hart
     * waits it jumps machine time to the next deadline (no wall-clock pacing).
     */
    public RunResult runToCompletion(long maxInstructions) {
        long done = 0;
        while (true) {
            RunResult r = run(maxInstructions - done);
            done += r.instructions();
            if (r.reason() != StopReason.WAITING || r.nextDeadline() == Long.MAX_VALUE)
                return new RunResult(r.reason(), done, r.nextDeadline(), r.exitCode());
            advanceTimeTo(r.nextDeadline());
        }
    }
}
