package org.virtlab.engine.firmware;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.PlatformTrapHandler;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.machine.Machine;

/**
 * VirtLab's built-in SBI firmware (SBI spec v2.0): Java code that owns M-mode on every hart.
 *
 * <p>{@link #boot} does what OpenSBI does before it jumps to the kernel: every hart gets the
 * firmware's M-mode state ({@code MachineModeSetup}), the boot hart enters S-mode at the
 * kernel's entry with a0 = hart ID and a1 = the device tree, the other harts stay halted (HSM
 * STOPPED) until the kernel starts them with hart_start. The firmware then owns M-mode: every
 * trap that would enter M-mode calls {@link #handle} with the hart exactly as it trapped.
 *
 * <p>An ecall from S-mode (or VS-mode, should a hypervisor not take it) is an SBI call
 * (SBI spec, "Binary Encoding"): a7 selects the extension, a6 the function, a0..a5 are the
 * arguments; the firmware answers with the error in a0 and the value in a1 (legacy calls: the
 * result in a0 only) and the hart continues after the ecall, in its own mode. Unknown
 * extensions and functions return SBI_ERR_NOT_SUPPORTED. Any other exception is redirected to
 * the supervisor's trap handler as OpenSBI's trap redirection does ({@code TrapRedirect}); a
 * trap that cannot be redirected (an interrupt for M-mode, an instruction fault at the trap
 * vector itself) prints a one-line diagnostic on the console and powers the machine off with
 * exit code 1. Nothing a guest does makes the firmware throw.
 */
public final class BuiltinSbi implements PlatformTrapHandler {
    /** Exit code of a power-off caused by a trap the firmware cannot handle. */
    public static final int FATAL_TRAP_EXIT_CODE = 1;

    private final Machine machine;
    private final SbiPlatform platform;
    private final List<SbiExtension> extensions;
    private final Legacy legacy;
    private final SbiCounters counters;

    public BuiltinSbi(Machine machine, SbiPlatform platform) {
        this.machine = machine;
        this.platform = platform;
        this.legacy = new Legacy(machine, platform);
        this.extensions = List.of(
                new Base(this::implemented),
                new Timer(),
                new Ipi(machine),
                new Rfence(machine),
                new Hsm(machine),
                new Srst(machine, platform),
                new Dbcn(new GuestMemory(machine.bus()), platform),
                legacy);
        this.counters = new SbiCounters(extensions);
    }

    /**
     * Prepares every hart's M-mode state as OpenSBI would, enters S-mode at {@code entry} on
     * hart {@code bootHart} with a0 = hart ID, a1 = {@code fdtAddress}; other harts are halted
     * (HSM STOPPED) until hart_start. Registers itself as the M-mode owner.
     */
    public void boot(int bootHart, long entry, long fdtAddress) {
        if (bootHart < 0 || bootHart >= machine.hartCount())
            throw new IllegalArgumentException("boot hart " + bootHart + " does not exist; the machine has harts 0-"
                    + (machine.hartCount() - 1));
        if (machine.bus().memoryAt(entry, 2) == null)
            throw new IllegalArgumentException(String.format(
                    "the S-mode entry point 0x%x is not in memory; load the kernel into RAM first", entry));
        for (int i = 0; i < machine.hartCount(); i++) {
            Hart h = machine.hart(i);
            if (i == bootHart) {
                MachineModeSetup.enterSupervisor(h, entry, fdtAddress);
                h.setHalted(false);
            } else {
                h.reset(entry);
                MachineModeSetup.apply(h);
                h.setHalted(true);
            }
        }
        machine.setPlatformOwner(Privilege.M, this);
    }

    /** Per-function call counts and the other traps the firmware saw. */
    public SbiCounters counters() {
        return counters;
    }

    @Override
    public void handle(Hart hart, Trap trap) {
        int code = trap.code();
        if (!trap.isInterrupt() && (code == Cause.ECALL_FROM_HS || code == Cause.ECALL_FROM_VS)) {
            ecall(hart, trap);
        } else if (TrapRedirect.canRedirect(hart, trap)) {
            counters.countRedirected();
            TrapRedirect.redirect(hart, trap);
        } else {
            fatal(hart, trap);
        }
    }

    private void ecall(Hart hart, Trap trap) {
        SbiCall call = new SbiCall(hart, trap);
        long eid = call.eid();
        for (int i = 0; i < extensions.size(); i++) {
            SbiExtension ext = extensions.get(i);
            if (!ext.handles(eid)) continue;
            int function = ext.functionIndex(eid, call.fid());
            if (function < 0) break;
            counters.countCall(i, function);
            finish(hart, trap, ext.call(call), ext == legacy);
            return;
        }
        counters.countUnsupported();
        finish(hart, trap, SbiRet.error(SbiError.NOT_SUPPORTED), false);
    }

    /** Puts the result in a0 (and a1) and continues after the ecall, unless the function chose otherwise. */
    private static void finish(Hart hart, Trap trap, SbiRet r, boolean legacyCall) {
        if (!r.returns()) return;
        if (legacyCall) {
            hart.setX(10, r.value());
        } else {
            hart.setX(10, r.error());
            hart.setX(11, r.value());
        }
        hart.setPc(trap.pc() + 4);
    }

    private void fatal(Hart hart, Trap trap) {
        counters.countFatal();
        for (byte b : TrapRedirect.diagnostic(hart, trap).getBytes(StandardCharsets.US_ASCII)) platform.consoleWrite(b);
        hart.setHalted(true);
        platform.shutdown(FATAL_TRAP_EXIT_CODE);
    }

    /** Whether an extension ID is answered (for BASE probe_extension). */
    private boolean implemented(long eid) {
        for (SbiExtension ext : extensions) if (ext.handles(eid)) return true;
        return false;
    }
}
