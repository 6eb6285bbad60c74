package org.virtlab.engine.board;

import java.io.PrintStream;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.Decoder;
import org.virtlab.engine.cpu.Disassembler;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.HartCounters;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.memory.Ram;

/**
 * A readable trace of every instruction and trap, for {@code run --trace}.
 *
 * <p>Tracing must cost nothing when it is off (shared/STYLE.md rule 7), so the hart has no
 * trace hook: {@link BoardRunner} runs a traced machine one instruction per hart at a time and
 * calls {@link #before} and {@link #after} around each step. The instruction is read from
 * memory at pc when pc is a physical address (M-mode, or S/U with satp bare); with paging on,
 * only pc is printed. A trap shows up as a change in the hart's trap counters.
 *
 * <pre>
 *   h0 M  0x0000000000001000  00000297  auipc t0, 0x0
 *   h0    trap at 0x0000000080200010: environment call from S-mode -> S at 0x0000000080200014 (handled by the platform)
 * </pre>
 */
public final class Tracer {
    private final PrintStream out;
    private long[] pcs = new long[0];
    private long[] traps = new long[0];
    private long[] platformTraps = new long[0];
    private long[][] exceptionsBefore = new long[0][];
    private long[][] interruptsBefore = new long[0][];

    public Tracer(PrintStream out) {
        this.out = out;
    }

    /** Prints the instruction each running hart is about to execute. */
    public void before(Machine machine) {
        int n = machine.hartCount();
        if (pcs.length != n) {
            pcs = new long[n];
            traps = new long[n];
            platformTraps = new long[n];
            exceptionsBefore = new long[n][];
            interruptsBefore = new long[n][];
        }
        StringBuilder line = new StringBuilder(96);
        for (int h = 0; h < n; h++) {
            Hart hart = machine.hart(h);
            pcs[h] = hart.pc();
            traps[h] = trapCount(hart.counters());
            platformTraps[h] = hart.counters().platformTraps;
            exceptionsBefore[h] = hart.counters().exceptions.clone();
            interruptsBefore[h] = hart.counters().interrupts.clone();
            if (hart.isHalted() || hart.isWaiting()) continue;
            line.setLength(0);
            line.append('h').append(h).append(' ')
                    .append(String.format("%-2s", Privilege.name(hart.privilege(), hart.virtualMode())))
                    .append(String.format(" 0x%016x  ", hart.pc()));
            appendInstruction(machine, hart, line);
            out.println(line);
        }
    }

    /** Prints the traps taken during the step. */
    public void after(Machine machine) {
        for (int h = 0; h < Math.min(machine.hartCount(), traps.length); h++) {
            Hart hart = machine.hart(h);
            HartCounters c = hart.counters();
            if (trapCount(c) == traps[h]) continue;
            boolean platform = c.platformTraps != platformTraps[h];
            long cause = causeTaken(c, exceptionsBefore[h], interruptsBefore[h]);
            out.printf("h%d    trap at 0x%016x: %s -> %s at 0x%016x%s%n", h, pcs[h],
                    cause == Long.MIN_VALUE ? "trap" : Cause.name(cause),
                    Privilege.name(hart.privilege(), hart.virtualMode()), hart.pc(),
                    platform ? " (handled by the platform)" : "");
        }
    }

    /** Prints a line that is not an instruction (e.g. a reset). */
    public void note(String text) {
        out.println("-- " + text);
    }

    private static long trapCount(HartCounters c) {
        long sum = c.platformTraps;
        for (long e : c.exceptions) sum += e;
        for (long i : c.interrupts) sum += i;
        return sum;
    }

    /** The cause whose counter moved during the step (the trap taken); MIN_VALUE if none did. */
    private static long causeTaken(HartCounters c, long[] exceptionsBefore, long[] interruptsBefore) {
        for (int i = 0; i < c.interrupts.length; i++)
            if (c.interrupts[i] != interruptsBefore[i]) return Cause.INTERRUPT | i;
        for (int e = 0; e < c.exceptions.length; e++)
            if (c.exceptions[e] != exceptionsBefore[e]) return e;
        return Long.MIN_VALUE;
    }

    private static void appendInstruction(Machine machine, Hart hart, StringBuilder line) {
        boolean physical = hart.privilege() == Privilege.M
                || (!hart.virtualMode() && (hart.mmu().satp() >>> 60) == 0);
        if (!physical) {
            line.append("(paged)");
            return;
        }
        long pc = hart.pc();
        Ram mem = machine.bus().memoryAt(pc, 2);
        if (mem == null) {
            line.append("(no memory)");
            return;
        }
        int low = (int) mem.read(pc, 2);
        int raw = low;
        if ((low & 3) == 3) {
            Ram mem4 = machine.bus().memoryAt(pc, 4);
            if (mem4 == null) {
                line.append("(no memory)");
                return;
            }
            raw = (int) mem4.read(pc, 4);
            line.append(String.format("%08x  ", raw));
        } else {
            line.append(String.format("%04x      ", low));
        }
        line.append(Disassembler.format(Decoder.decode(raw)));
    }
}
