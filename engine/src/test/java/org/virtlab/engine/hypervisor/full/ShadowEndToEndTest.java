package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.hypervisor.full.GuestTables.A;
import static org.virtlab.engine.hypervisor.full.GuestTables.D;
import static org.virtlab.engine.hypervisor.full.GuestTables.DOMAIN_HOST;
import static org.virtlab.engine.hypervisor.full.GuestTables.GUEST_RAM;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL_PAGES;
import static org.virtlab.engine.hypervisor.full.GuestTables.R;
import static org.virtlab.engine.hypervisor.full.GuestTables.U;
import static org.virtlab.engine.hypervisor.full.GuestTables.UART;
import static org.virtlab.engine.hypervisor.full.GuestTables.V;
import static org.virtlab.engine.hypervisor.full.GuestTables.W;
import static org.virtlab.engine.hypervisor.full.GuestTables.X;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.mmu.Access;

/**
 * A real hart runs a guest's user program in physical U-mode on a shadow, with a tiny
 * hypervisor in Java owning M-mode: page faults go to {@link ShadowPageTables#handleFault} and
 * the instruction is retried, a load from the guest's UART mapping is emulated, an ecall ends
 * the run. This is the loop the full-virtualization hypervisor runs.
 */
class ShadowEndToEndTest {
    static final long CODE_VA = 0x1000, DATA_VA = 0x2000, DEVICE_VA = 0x3000;
    static final long DATA_GPA = GUEST_RAM + 0x1000;
    static final int LD_X6_0_X5 = 0x0002B303, ADDI_X6_X6_1 = 0x00130313, SD_X6_0_X5 = 0x0062B023;
    static final int LW_X7_0_X8 = 0x00042383, ECALL = 0x00000073;
    static final long DEVICE_VALUE = 0x55;

    Machine machine;
    Hart hart;
    GuestTables g;
    ShadowPageTables spt;
    long satp;
    long dataLeaf;
    final List<Fill.Kind> events = new ArrayList<>();
    boolean done;

    @BeforeEach
    void setUp() {
        machine = new Machine(MachineConfig.builder().memoryMiB(8).build());
        hart = machine.hart(0);
        g = new GuestTables(machine.ram());
        spt = new ShadowPageTables(g.domain, POOL, POOL_PAGES);
        satp = g.newSatp(0);
        g.map(satp, CODE_VA, GUEST_RAM, V | R | X | U | A);
        dataLeaf = g.map(satp, DATA_VA, DATA_GPA, V | R | W | U);               // clean, never accessed
        g.map(satp, DEVICE_VA, UART, V | R | W | U | A | D);
        int[] program = {LD_X6_0_X5, ADDI_X6_X6_1, SD_X6_0_X5, LW_X7_0_X8, ECALL};
        for (int i = 0; i < program.length; i++) machine.ram().write(DOMAIN_HOST + 4L * i, 4, program[i]);
        machine.ram().write(DOMAIN_HOST + 0x1000, 8, 41);
        hart.writeCsr(CsrNames.PMPADDR0, -1L);
        hart.writeCsr(CsrNames.PMPCFG0, 0x1F);
        machine.setPlatformOwner(Privilege.M, this::hypervisor);
    }

    /** The hypervisor's trap handler: only what the shadow needs. */
    private void hypervisor(Hart h, Trap trap) {
        int code = trap.code();
        if (code == Cause.ECALL_FROM_U) {
            done = true;
            h.setHalted(true);
            h.requestExit();
            return;
        }
        int access = code == Cause.INSTRUCTION_PAGE_FAULT ? Access.FETCH
                : code == Cause.LOAD_PAGE_FAULT ? Access.LOAD
                : code == Cause.STORE_PAGE_FAULT ? Access.STORE : -1;
        if (access < 0) throw new AssertionError("unexpected trap: " + trap);
        Fill f = spt.handleFault(satp, ShadowContext.U, false, trap.tval(), access);
        events.add(f.kind());
        if (f.flushedTlb()) h.flushTranslations();
        long resume = trap.pc();
        switch (f.kind()) {
            case FILLED -> { }
            case NOT_RAM -> {                                                   // a device load: emulate it
                assertEquals(UART, f.gpa(), "the device register");
                h.setX(7, DEVICE_VALUE);
                resume += 4;
            }
            default -> throw new AssertionError("guest fault " + f + " at pc 0x" + Long.toHexString(trap.pc()));
        }
        h.setMode(Privilege.U, false);
        h.setPc(resume);
    }

    void runGuest() {
        done = false;
        hart.setHalted(false);
        hart.writeCsr(CsrNames.SATP, ShadowPageTables.SATP_SV39 | (spt.root(satp, ShadowContext.U) >>> 12));
        if (spt.lastRootFlushed()) hart.flushTranslations();
        hart.setX(5, DATA_VA);
        hart.setX(8, DEVICE_VA);
        hart.setMode(Privilege.U, false);
        hart.setPc(CODE_VA);
        for (int slices = 0; slices < 20 && !done; slices++) hart.run(100);
        assertTrue(done, "the guest program did not reach its ecall; events " + events);
    }

    @Test
    void guestUserProgramRunsOnTheShadowWithFaultsFilledAndDeviceEmulated() {
        runGuest();
        assertEquals(List.of(Fill.Kind.FILLED, Fill.Kind.FILLED, Fill.Kind.FILLED, Fill.Kind.NOT_RAM), events,
                "fetch fill, read-only load fill, store upgrade after setting D, device load");
        assertEquals(42, machine.ram().read(DOMAIN_HOST + 0x1000, 8), "the store reached the domain's page");
        assertEquals(DEVICE_VALUE, hart.x(7));
        assertEquals(A | D, g.readGuest(dataLeaf) & (A | D), "the guest sees A and D as hardware would set them");
        assertEquals(3, spt.stats().fills());

        // The guest's SFENCE.VMA x0, x0: shadows emptied, the physical satp still valid.
        events.clear();
        spt.flushAll();
        hart.flushTranslations();
        runGuest();
        assertEquals(List.of(Fill.Kind.FILLED, Fill.Kind.FILLED, Fill.Kind.NOT_RAM), events,
                "the data page is dirty now: writable at the first fill");
        assertEquals(43, machine.ram().read(DOMAIN_HOST + 0x1000, 8));
    }
}
