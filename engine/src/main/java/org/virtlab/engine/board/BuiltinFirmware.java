package org.virtlab.engine.board;

import org.virtlab.engine.firmware.SbiPlatform;
import org.virtlab.engine.machine.Machine;

/**
 * Starts the built-in SBI ({@code org.virtlab.engine.firmware.BuiltinSbi}) on a board:
 * {@code new BuiltinSbi(machine, platform).boot(hart, entry, fdt)}.
 */
final class BuiltinFirmware {
    private static final String CLASS = "org.virtlab.engine.firmware.BuiltinSbi";

    private BuiltinFirmware() { }

    static boolean available() {
        try {
            Class.forName(CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static void requireAvailable() {
        if (!available())
            throw new UnsupportedOperationException("the built-in SBI firmware is not part of this build;"
                    + " use --bios none or --bios FILE");
    }

    // The firmware is written alongside the board; until it is committed it is looked up by
    // name so that the board compiles either way. Replace with a direct call once it is.
    static void boot(Machine machine, SbiPlatform platform, int bootHart, long entry, long fdt) {
        try {
            Class<?> c = Class.forName(CLASS);
            Object sbi = c.getConstructor(Machine.class, SbiPlatform.class).newInstance(machine, platform);
            c.getMethod("boot", int.class, long.class, long.class).invoke(sbi, bootHart, entry, fdt);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException("the built-in SBI firmware does not have the expected API: " + e, e);
        }
    }
}
