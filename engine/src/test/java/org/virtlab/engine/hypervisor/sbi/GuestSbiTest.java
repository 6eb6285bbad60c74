package org.virtlab.engine.hypervisor.sbi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.firmware.SbiError;

/** The guest SBI over a {@link FakeDomain} of four vCPUs (vCPU 0 running, 1-3 stopped). */
class GuestSbiTest {
    private static final long BASE = 0x10, TIME = 0x54494D45L, IPI = 0x735049L, RFENCE = 0x52464E43L,
            HSM = 0x48534DL, SRST = 0x53525354L, DBCN = 0x4442434EL;
    private static final long RAM = FakeDomain.GUEST_RAM, RAM_END = RAM + FakeDomain.RAM_SIZE;

    private final FakeDomain d = new FakeDomain(4);
    private final GuestSbi sbi = new GuestSbi(d);

    /** An ecall by {@code vcpu} with a7 = eid, a6 = fid, a0.. = args (the rest 0). */
    private SbiResult call(int vcpu, long eid, long fid, long... args) {
        long[] a = {0, 0, 0, 0, 0, 0, fid, eid};
        System.arraycopy(args, 0, a, 0, args.length);
        return sbi.call(vcpu, a);
    }

    private static void assertOk(long value, SbiResult r) {
        assertEquals(new SbiResult(true, SbiError.SUCCESS, value, true), r, "expected success with value " + value);
    }

    private static void assertError(long error, SbiResult r) {
        assertEquals(new SbiResult(true, error, 0, true), r, "expected error " + error);
    }

    /** A legacy result: a0 only, a1 left alone. */
    private static void assertLegacy(long a0, SbiResult r) {
        assertEquals(new SbiResult(true, a0, 0, false), r, "expected legacy a0 = " + a0 + " and a1 untouched");
    }

    private static void assertNoReturn(SbiResult r) {
        assertFalse(r.returnsToGuest(), "the call must not return to the guest: " + r);
    }

    // ---- BASE -----------------------------------------------------------------------------

    @Test
    void baseReportsVersionImplementationAndVirtualHartIds() {
        assertOk(0x0200_0000L, call(0, BASE, 0));
        assertOk(0x564C_4142L, call(0, BASE, 1));
        assertOk(0x1_0000L, call(0, BASE, 2));
        assertOk(0, call(0, BASE, 4));
        assertOk(0, call(0, BASE, 5));
        assertOk(0, call(0, BASE, 6));
    }

    @Test
    void probeExtensionFindsEveryImplementedExtensionAndNoOther() {
        for (long eid : new long[] {BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN, 0, 1, 2, 3, 4, 5, 6, 7, 8})
            assertOk(1, call(0, BASE, 3, eid));
        for (long eid : new long[] {9, 0xF, 0x53555350L /* SUSP */, 0x504D55L /* PMU */, -1, 0x4E41434CL})
            assertOk(0, call(0, BASE, 3, eid));
    }

    // ---- unsupported calls ------------------------------------------------------------------

    @Test
    void unknownExtensionsAndFunctionsAreNotSupportedAndCountedApart() {
        assertError(SbiError.NOT_SUPPORTED, call(0, 0x53555350L, 0));    // SUSP: not implemented
        assertError(SbiError.NOT_SUPPORTED, call(0, 0x09, 0));           // reserved legacy EID
        assertError(SbiError.NOT_SUPPORTED, call(0, -1, 0));
        assertError(SbiError.NOT_SUPPORTED, call(0, BASE, 7));
        assertError(SbiError.NOT_SUPPORTED, call(0, HSM, -1));
        assertError(SbiError.NOT_SUPPORTED, call(0, TIME, 1));
        assertError(SbiError.NOT_SUPPORTED, call(0, DBCN, 3));
        assertEquals(7, sbi.counters().unsupportedCalls());
        assertEquals(0, sbi.counters().totalCalls(), "unsupported calls must not count as function calls");
        assertEquals(List.of(), d.log);
    }

    // ---- TIME -------------------------------------------------------------------------------

    @Test
    void setTimerProgramsTheCallersVirtualTimer() {
        d.running[2] = true;
        assertOk(0, call(2, TIME, 0, 0x1234_5678_9AL));
        assertOk(0, call(0, TIME, 0, -1));
        assertEquals(List.of("timer 2 0x123456789a", "timer 0 0xffffffffffffffff"), d.log);
    }

    // ---- IPI and hart masks ------------------------------------------------------------------

    @Test
    void sendIpiSelectsVcpusFromMaskAndBase() {
        assertOk(0, call(0, IPI, 0, 0b101, 0));
        assertOk(0, call(0, IPI, 0, 0b11, 2));
        assertEquals(List.of("ipi 0", "ipi 2", "ipi 2", "ipi 3"), d.log);
    }

    @Test
    void sendIpiWithBaseMinusOneReachesEveryVcpuAndIgnoresTheMask() {
        assertOk(0, call(0, IPI, 0, 0, -1));
        assertEquals(List.of("ipi 0", "ipi 1", "ipi 2", "ipi 3"), d.log);
    }

    @Test
    void aHartListNamingAMissingVcpuIsInvalidAndSendsNothing() {
        assertError(SbiError.INVALID_PARAM, call(0, IPI, 0, 0b11, 3));          // vCPU 4 does not exist
        assertError(SbiError.INVALID_PARAM, call(0, IPI, 0, 1L << 63 | 1, 0));  // vCPU 63
        assertError(SbiError.INVALID_PARAM, call(0, IPI, 0, 0b100, -2));        // -2 + 2 wraps to 0
        assertError(SbiError.INVALID_PARAM, call(0, IPI, 0, 1, 4));
        assertEquals(List.of(), d.log, "an invalid list must not reach any vCPU, not even the valid ones");
    }

    @Test
    void anEmptyHartMaskSelectsNothingAndSucceeds() {
        assertOk(0, call(0, IPI, 0, 0, 0));
        assertOk(0, call(0, IPI, 0, 0, 1000));
        assertEquals(List.of(), d.log);
    }

    @Test
    void hartMasksWorkBeyondSixtyFourVcpus() {
        FakeDomain big = new FakeDomain(100);
        GuestSbi bigSbi = new GuestSbi(big);
        assertOk(0, bigSbi.call(0, new long[] {0b11, 98, 0, 0, 0, 0, 0, IPI}));
        assertEquals(List.of("ipi 98", "ipi 99"), big.log);
        assertOk(0, bigSbi.call(0, new long[] {0, -1, 0, 0, 0, 0, 0, IPI}));
        assertEquals(102, big.log.size());
    }

    // ---- RFENCE -----------------------------------------------------------------------------

    @Test
    void remoteFencesReachTheSelectedVcpusWithTheirRanges() {
        assertOk(0, call(0, RFENCE, 0, 0b10, 0, 0xAAAA, 0xBBBB));
        assertOk(0, call(0, RFENCE, 1, 0b1, 3, 0x1000, 0x2000, 0x77));
        assertOk(0, call(0, RFENCE, 2, 0b11, 0, 0x4000, 0x1000, 5));
        assertEquals(List.of(
                "fence 1 FENCE_I 0x0 0x0 0x0",
                "fence 3 SFENCE_VMA 0x1000 0x2000 0x0",
                "fence 0 SFENCE_VMA_ASID 0x4000 0x1000 0x5",
                "fence 1 SFENCE_VMA_ASID 0x4000 0x1000 0x5"), d.log);
    }

    @Test
    void remoteFenceWithBaseMinusOneReachesEveryVcpu() {
        assertOk(0, call(0, RFENCE, 1, 0, -1, 0, 0));
        assertEquals(4, d.log.size());
    }

    @Test
    void remoteFenceWithAnInvalidHartListFencesNothing() {
        for (long fid = 0; fid < 3; fid++) assertError(SbiError.INVALID_PARAM, call(0, RFENCE, fid, 0b10001, 0));
        assertEquals(List.of(), d.log);
    }

    @Test
    void hypervisorFencesAreNotSupportedOnVirtualHartsButCounted() {
        for (long fid = 3; fid <= 6; fid++) assertError(SbiError.NOT_SUPPORTED, call(0, RFENCE, fid, 1, 0));
        assertEquals(List.of(), d.log);
        assertEquals(1, sbi.counters().calls("RFENCE", "remote_hfence_gvma_vmid"));
        assertEquals(1, sbi.counters().calls("RFENCE", "remote_hfence_vvma"));
        assertError(SbiError.NOT_SUPPORTED, call(0, RFENCE, 7, 1, 0));
        assertEquals(1, sbi.counters().unsupportedCalls());
    }

    // ---- HSM --------------------------------------------------------------------------------

    @Test
    void hartStartStartsAStoppedVcpuAtItsAddressWithOpaque() {
        assertOk(0, call(0, HSM, 0, 2, RAM + 0x1000, 0x42));
        assertEquals(List.of("start 2 0x80001000 0x42"), d.log);
        assertOk(0, call(0, HSM, 2, 2));
    }

    @Test
    void hartStartOfARunningVcpuIsAlreadyAvailable() {
        assertError(SbiError.ALREADY_AVAILABLE, call(0, HSM, 0, 0, RAM, 0));
        d.running[3] = true;
        assertError(SbiError.ALREADY_AVAILABLE, call(0, HSM, 0, 3, RAM, 0));
        assertEquals(List.of(), d.log);
    }

    @Test
    void hartStartOfAMissingVcpuIsInvalidParam() {
        assertError(SbiError.INVALID_PARAM, call(0, HSM, 0, 4, RAM, 0));
        assertError(SbiError.INVALID_PARAM, call(0, HSM, 0, -1, RAM, 0));
        assertError(SbiError.INVALID_PARAM, call(0, HSM, 0, 1L << 32 | 1, RAM, 0));
        assertEquals(List.of(), d.log);
    }

    @Test
    void hartStartPassesOnThePlatformsVerdictOnTheAddress() {
        assertError(SbiError.INVALID_ADDRESS, call(0, HSM, 0, 1, 0x1000_0000L, 0));
        assertError(SbiError.INVALID_ADDRESS, call(0, HSM, 0, 1, RAM_END, 0));
        d.badStartError = SbiError.FAILED;
        assertError(SbiError.FAILED, call(0, HSM, 0, 1, 0, 0));
        assertFalse(d.running[1]);
    }

    @Test
    void hartStopStopsTheCallerAndDoesNotReturn() {
        d.running[1] = true;
        assertNoReturn(call(1, HSM, 1));
        assertEquals(List.of("stop 1"), d.log);
        assertOk(1, call(0, HSM, 2, 1));
    }

    @Test
    void hartGetStatusReportsStartedStoppedOrInvalid() {
        assertOk(0, call(0, HSM, 2, 0));
        assertOk(1, call(0, HSM, 2, 3));
        assertError(SbiError.INVALID_PARAM, call(0, HSM, 2, 4));
        assertError(SbiError.INVALID_PARAM, call(0, HSM, 2, -1));
    }

    @Test
    void hartSuspendFollowsTheFirmware() {
        assertOk(0, call(0, HSM, 3, 0, 0, 0));
        assertOk(0, call(0, HSM, 3, 0xFFFF_FFFF_0000_0000L, 0, 0));    // only the low 32 bits are the type
        assertError(SbiError.NOT_SUPPORTED, call(0, HSM, 3, 0x8000_0000L, RAM, 0));
        for (long reserved : new long[] {1, 0x0FFF_FFFFL, 0x1000_0000L, 0x7FFF_FFFFL, 0x8000_0001L, 0x9000_0000L, 0xFFFF_FFFFL})
            assertError(SbiError.INVALID_PARAM, call(0, HSM, 3, reserved, RAM, 0));
        assertEquals(List.of(), d.log);
    }

    // ---- SRST -------------------------------------------------------------------------------

    @Test
    void systemResetShutsDownWithTheReasonsExitCodeOrReboots() {
        assertNoReturn(call(0, SRST, 0, 0, 0));
        assertNoReturn(call(0, SRST, 0, 0, 1));
        assertNoReturn(call(0, SRST, 0, 1, 0));
        assertNoReturn(call(0, SRST, 0, 2, 1));
        assertNoReturn(call(0, SRST, 0, 0xFFFF_FFFF_0000_0000L, 0));       // type 0 in the low 32 bits
        assertEquals(List.of("shutdown 0", "shutdown 1", "reboot", "reboot", "shutdown 0"), d.log);
    }

    @Test
    void systemResetWithAReservedTypeOrReasonIsInvalidAndDoesNothing() {
        assertError(SbiError.INVALID_PARAM, call(0, SRST, 0, 3, 0));
        assertError(SbiError.INVALID_PARAM, call(0, SRST, 0, 0xF000_0000L, 0));
        assertError(SbiError.INVALID_PARAM, call(0, SRST, 0, 0, 2));
        assertError(SbiError.INVALID_PARAM, call(0, SRST, 0, 1, 0xE000_0000L));
        assertEquals(List.of(), d.log);
    }

    // ---- DBCN -------------------------------------------------------------------------------

    @Test
    void consoleWriteSendsABufferInDomainRam() {
        d.poke(RAM + 0x100, "hello");
        assertOk(5, call(0, DBCN, 0, 5, RAM + 0x100, 0));
        assertEquals("hello", d.console.toString());
    }

    @Test
    void consoleWriteReachesTheLastByteOfRamAndCrossesPages() {
        String text = "x".repeat(0x2000 - 3) + "end";
        d.poke(RAM_END - 0x2000, text);
        assertOk(0x2000, call(0, DBCN, 0, 0x2000, RAM_END - 0x2000, 0));
        assertEquals(text, d.console.toString());
    }

    @Test
    void consoleWriteRefusesBuffersOutsideOrStraddlingDomainRam() {
        long[][] bad = {
                {16, RAM_END - 8, 0},          // straddles the end of RAM
                {16, RAM - 8, 0},              // straddles the start
                {4, RAM_END, 0},               // just past RAM
                {4, 0x1000_0000L, 0},          // the UART: a device region
                {4, RAM + 0x10, 1},            // above 2^64
                {FakeDomain.RAM_SIZE + 1, RAM, 0},
                {-1, RAM, 0},                  // 2^64 - 1 bytes
                {32, -16, 0},                  // wraps around 2^64
        };
        for (long[] b : bad) assertError(SbiError.INVALID_PARAM, call(0, DBCN, 0, b[0], b[1], b[2]));
        assertEquals("", d.console.toString());
    }

    @Test
    void consoleWriteOfZeroBytesSucceedsAnywhere() {
        assertOk(0, call(0, DBCN, 0, 0, 0x1000_0000L, 7));
        assertEquals("", d.console.toString());
    }

    @Test
    void consoleReadFillsTheBufferWithWhatIsWaiting() {
        d.type("hi");
        assertOk(2, call(0, DBCN, 1, 8, RAM + 0x200, 0));
        assertEquals("hi", d.peek(RAM + 0x200, 2));
        assertOk(0, call(0, DBCN, 1, 8, RAM + 0x200, 0));
    }

    @Test
    void consoleReadStopsAtTheBufferSize() {
        d.type("abcdef");
        assertOk(4, call(0, DBCN, 1, 4, RAM_END - 4, 0));
        assertEquals("abcd", d.peek(RAM_END - 4, 4));
        assertEquals(2, d.input.size());
    }

    @Test
    void consoleReadRefusesBuffersOutsideOrStraddlingDomainRamAndConsumesNothing() {
        d.type("abc");
        assertError(SbiError.INVALID_PARAM, call(0, DBCN, 1, 8, RAM_END - 4, 0));
        assertError(SbiError.INVALID_PARAM, call(0, DBCN, 1, 8, 0x1000_0000L, 0));
        assertError(SbiError.INVALID_PARAM, call(0, DBCN, 1, 8, RAM, 1));
        assertError(SbiError.INVALID_PARAM, call(0, DBCN, 1, 8, RAM - 4, 0));
        assertEquals(3, d.input.size(), "a refused read must not swallow input");
        assertEquals("\0\0\0\0", d.peek(RAM_END - 4, 4));
    }

    @Test
    void consoleWriteByteWritesTheLowByte() {
        assertOk(0, call(0, DBCN, 2, 0x141));
        assertEquals("A", d.console.toString());
    }

    // ---- legacy -----------------------------------------------------------------------------

    @Test
    void legacySetTimerAndConsoleAnswerInA0Only() {
        assertLegacy(0, call(1, 0, 0, 0x500));
        assertLegacy(0, call(0, 1, 99, 0x142));                          // a6 ignored
        d.type("z");
        assertLegacy('z', call(0, 2, 0));
        assertLegacy(-1, call(0, 2, 0));
        assertEquals(List.of("timer 1 0x500"), d.log);
        assertEquals("B", d.console.toString());
    }

    @Test
    void legacyClearIpiTellsWhetherAnIpiWasPending() {
        d.ssip[1] = true;
        assertLegacy(1, call(1, 3, 0));
        assertFalse(d.ssip[1]);
        assertLegacy(0, call(1, 3, 0));
    }

    @Test
    void legacySendIpiReadsTheMaskThroughTheGuestsAddressSpace() {
        d.virtualLongs.put(0xFFFF_FFC0_0000_1000L, 0b1010L | 1L << 40);     // bit 40: no such vCPU, ignored
        assertLegacy(0, call(0, 4, 0, 0xFFFF_FFC0_0000_1000L));
        assertEquals(List.of("ipi 1", "ipi 3"), d.log);
    }

    @Test
    void legacyRemoteFencesCarryTheirRanges() {
        d.virtualLongs.put(0x3000L, 0b1L);
        assertLegacy(0, call(0, 5, 0, 0x3000, 0x11, 0x22, 0x33));
        assertLegacy(0, call(0, 6, 0, 0x3000, 0x1000, 0x2000, 0x33));
        assertLegacy(0, call(0, 7, 0, 0x3000, 0x1000, 0x2000, 0x33));
        assertEquals(List.of(
                "fence 0 FENCE_I 0x0 0x0 0x0",
                "fence 0 SFENCE_VMA 0x1000 0x2000 0x0",
                "fence 0 SFENCE_VMA_ASID 0x1000 0x2000 0x33"), d.log);
    }

    @Test
    void aFaultReadingALegacyHartMaskGoesToTheGuestAndTheCallDoesNotReturn() {
        for (long eid = 4; eid <= 7; eid++) assertNoReturn(call(2, eid, 0, 0x5000));
        assertEquals(List.of("fault 2 0x5000", "fault 2 0x5000", "fault 2 0x5000", "fault 2 0x5000"), d.log);
    }

    @Test
    void legacyShutdownPowersOffWithExitCodeZero() {
        assertNoReturn(call(0, 8, 0));
        assertEquals(List.of("shutdown 0"), d.log);
    }

    // ---- counters and trace names --------------------------------------------------------------

    @Test
    void countersCountEachFunctionInAFixedOrder() {
        call(0, TIME, 0, 5);
        call(0, TIME, 0, 6);
        call(0, 1, 0, 'a');
        call(0, HSM, 2, 0);
        call(0, 0x12345, 0);
        GuestSbiCounters c = sbi.counters();
        assertEquals(2, c.calls("TIME", "set_timer"));
        assertEquals(1, c.calls("LEGACY", "console_putchar"));
        assertEquals(1, c.calls("HSM", "hart_get_status"));
        assertEquals(0, c.calls("HSM", "hart_start"));
        assertEquals(0, c.calls("NOPE", "set_timer"));
        assertEquals(4, c.totalCalls());
        assertEquals(1, c.unsupportedCalls());
        Map<String, Long> snap = c.snapshot();
        assertEquals(2L, snap.get("TIME.set_timer"));
        List<String> keys = new ArrayList<>(snap.keySet());
        assertEquals(List.of("BASE.get_spec_version", "BASE.get_impl_id", "BASE.get_impl_version",
                "BASE.probe_extension", "BASE.get_mvendorid", "BASE.get_marchid", "BASE.get_mimpid",
                "TIME.set_timer", "IPI.send_ipi",
                "RFENCE.remote_fence_i", "RFENCE.remote_sfence_vma", "RFENCE.remote_sfence_vma_asid",
                "RFENCE.remote_hfence_gvma_vmid", "RFENCE.remote_hfence_gvma", "RFENCE.remote_hfence_vvma_asid",
                "RFENCE.remote_hfence_vvma",
                "HSM.hart_start", "HSM.hart_stop", "HSM.hart_get_status", "HSM.hart_suspend",
                "SRST.system_reset", "DBCN.console_write", "DBCN.console_read", "DBCN.console_write_byte",
                "LEGACY.set_timer", "LEGACY.console_putchar", "LEGACY.console_getchar", "LEGACY.clear_ipi",
                "LEGACY.send_ipi", "LEGACY.remote_fence_i", "LEGACY.remote_sfence_vma",
                "LEGACY.remote_sfence_vma_asid", "LEGACY.shutdown"), keys);
        assertEquals(4L, snap.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void countersBelongToOneDomain() {
        GuestSbi other = new GuestSbi(new FakeDomain(1));
        call(0, TIME, 0, 5);
        assertEquals(0, other.counters().totalCalls());
    }

    @Test
    void describeNamesCallsForTheTrace() {
        assertEquals("SBI TIME.set_timer", GuestSbi.describe(TIME, 0));
        assertEquals("SBI HSM.hart_start", GuestSbi.describe(HSM, 0));
        assertEquals("SBI DBCN.console_write_byte", GuestSbi.describe(DBCN, 2));
        assertEquals("SBI LEGACY.console_putchar", GuestSbi.describe(1, 12345));
        assertEquals("SBI HSM fid 0x9 (not supported)", GuestSbi.describe(HSM, 9));
        assertEquals("SBI eid 0x4e41434c fid 0x0 (not supported)", GuestSbi.describe(0x4E41434CL, 0));
    }

    // ---- the hypervisor's side of the contract ----------------------------------------------------

    @Test
    void callsFromAMissingVcpuOrWithTooFewRegistersAreHypervisorBugs() {
        assertThrows(IllegalArgumentException.class, () -> sbi.call(4, new long[8]));
        assertThrows(IllegalArgumentException.class, () -> sbi.call(-1, new long[8]));
        assertThrows(IllegalArgumentException.class, () -> sbi.call(0, new long[7]));
    }

    @Test
    void theCallersRegistersAreNotModified() {
        long[] a = {5, RAM, 0, 0, 0, 0, 0, DBCN};
        d.type("abcde");
        sbi.call(0, a);
        assertArrayEquals(new long[] {5, RAM, 0, 0, 0, 0, 0, DBCN}, a);
    }
}
