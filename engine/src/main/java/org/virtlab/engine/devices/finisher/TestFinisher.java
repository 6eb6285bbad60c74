package org.virtlab.engine.devices.finisher;

import org.virtlab.engine.devices.PowerControl;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The SiFive test finisher ("sifive,test0"), the {@code virt} board's power switch: a store to
 * offset 0 whose low 16 bits say what to do and whose high 16 bits carry an exit code.
 *
 * <pre>
 *   0x5555               pass: power off, exit code 0
 *   (code << 16) | 0x3333  fail: power off, exit code {@code code} (as QEMU: code 0 exits 0)
 *   0x7777               reset
 * </pre>
 *
 * Stores of 2, 4 or 8 bytes at offset 0 count (only the low 32 bits of an 8-byte store);
 * anything else is ignored and reads return 0. Linux's syscon-poweroff/-reboot drivers and
 * OpenSBI's "sifive,test" reset driver use 32-bit stores.
 */
public final class TestFinisher implements MmioDevice {

    public static final int PASS = 0x5555;
    public static final int FAIL = 0x3333;
    public static final int RESET = 0x7777;

    private final PowerControl power;
    private final TestFinisherMetrics metrics = new TestFinisherMetrics();

    public TestFinisher(PowerControl power) {
        this(new TestFinisherState(), power);
    }

    public TestFinisher(TestFinisherState state, PowerControl power) {
        this.power = power;
    }

    public TestFinisherState save() {
        return new TestFinisherState();
    }

    public TestFinisherMetrics metrics() { return metrics; }

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        metrics.accesses.ignored();
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (offset != 0 || (size != 2 && size != 4 && size != 8)) {
            metrics.accesses.ignored();
            return;
        }
        int v = size == 2 ? (int) value & 0xffff : (int) value;
        int status = v & 0xffff;
        int code = v >>> 16;
        switch (status) {
            case PASS -> {
                metrics.powerOffs++;
                power.powerOff(0);
            }
            case FAIL -> {
                metrics.powerOffs++;
                power.powerOff(code);
            }
            case RESET -> {
                metrics.resets++;
                power.reset();
            }
            default -> metrics.accesses.ignored();
        }
    }
}
