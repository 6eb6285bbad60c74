package org.virtlab.engine.firmware;

import org.virtlab.engine.memory.Ram;

/**
 * Debug Console extension, EID 0x4442434E "DBCN" (SBI spec v2.0, chapter "Debug Console
 * Extension"): write(num_bytes, base_addr_lo, base_addr_hi), read(num_bytes, base_addr_lo,
 * base_addr_hi), write_byte(byte).
 *
 * <p>Buffers are guest physical memory. A buffer that is not wholly in RAM (or ROM, for
 * write), or whose address needs more than 64 bits (base_addr_hi != 0), is refused with
 * SBI_ERR_INVALID_PARAM: that is the error the DBCN function tables give for memory that does
 * not meet the shared-memory requirements. A write of zero bytes writes nothing and succeeds.
 * The console never refuses bytes, so write always writes them all; read returns at once with
 * the bytes already waiting (possibly none).
 */
final class Dbcn extends SbiExtension {
    static final long EID = 0x4442434EL;

    private static final String[] FUNCTIONS = {"console_write", "console_read", "console_write_byte"};

    private final GuestMemory memory;
    private final SbiPlatform platform;

    Dbcn(GuestMemory memory, SbiPlatform platform) {
        super("DBCN", EID, FUNCTIONS);
        this.memory = memory;
        this.platform = platform;
    }

    @Override
    public SbiRet call(SbiCall c) {
        switch ((int) c.fid()) {
            case 0: return write(c.arg(0), c.arg(1), c.arg(2));
            case 1: return read(c.arg(0), c.arg(1), c.arg(2));
            default:
                platform.consoleWrite((int) (c.arg(0) & 0xFF));
                return SbiRet.ok();
        }
    }

    private SbiRet write(long n, long lo, long hi) {
        if (n == 0) return SbiRet.ok(0);
        Ram ram = hi == 0 ? memory.physicalRange(lo, n, false) : null;
        if (ram == null) return SbiRet.error(SbiError.INVALID_PARAM);
        byte[] bytes = new byte[(int) n];
        ram.readBytes(lo, bytes, 0, bytes.length);
        for (byte b : bytes) platform.consoleWrite(b & 0xFF);
        return SbiRet.ok(n);
    }

    private SbiRet read(long n, long lo, long hi) {
        if (n == 0) return SbiRet.ok(0);
        Ram ram = hi == 0 ? memory.physicalRange(lo, n, true) : null;
        if (ram == null) return SbiRet.error(SbiError.INVALID_PARAM);
        long count = 0;
        while (count < n) {
            int b = platform.consoleRead();
            if (b < 0) break;
            ram.write(lo + count, 1, b);
            count++;
        }
        return SbiRet.ok(count);
    }
}
