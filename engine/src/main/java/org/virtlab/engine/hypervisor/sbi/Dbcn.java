package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * Debug Console extension, EID 0x4442434E "DBCN" (SBI spec v2.0, chapter "Debug Console
 * Extension"): console_write(num_bytes, base_addr_lo, base_addr_hi), console_read(num_bytes,
 * base_addr_lo, base_addr_hi), console_write_byte(byte), on the domain's console.
 *
 * <p>Buffers are guest-physical and must lie wholly in the domain's RAM ({@link DomainMemory}):
 * a buffer that reaches outside it, into a device region or nothing, or whose address needs
 * more than 64 bits (base_addr_hi != 0), is refused with SBI_ERR_INVALID_PARAM and nothing is
 * read or written — the rule the machine firmware's DBCN follows ("Shared memory physical
 * address range parameter"). Zero bytes succeed at once, whatever the address. The console
 * never refuses bytes, so write writes them all; read returns at once with the bytes already
 * typed (possibly none).
 */
final class Dbcn extends GuestExtension {
    static final long EID = 0x4442434EL;

    /** Bytes copied out of guest RAM at a time, so a large write needs no large array. */
    private static final int CHUNK = 4096;

    Dbcn() {
        super("DBCN", EID, "console_write", "console_read", "console_write_byte");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        switch (function) {
            case 0: return write(c.platform(), c.arg(0), c.arg(1), c.arg(2));
            case 1: return read(c.platform(), c.arg(0), c.arg(1), c.arg(2));
            default:
                c.platform().consoleWrite((int) (c.arg(0) & 0xFF));
                return SbiResult.ok();
        }
    }

    private static SbiResult write(GuestSbiPlatform p, long n, long lo, long hi) {
        if (n == 0) return SbiResult.ok(0);
        long host = hostAddress(p.memory(), n, lo, hi);
        if (host < 0) return SbiResult.error(SbiError.INVALID_PARAM);
        Ram ram = p.memory().hostRam();
        byte[] chunk = new byte[(int) Math.min(n, CHUNK)];
        for (long done = 0; done < n; ) {
            int len = (int) Math.min(chunk.length, n - done);
            ram.readBytes(host + done, chunk, 0, len);
            for (int i = 0; i < len; i++) p.consoleWrite(chunk[i] & 0xFF);
            done += len;
        }
        return SbiResult.ok(n);
    }

    private static SbiResult read(GuestSbiPlatform p, long n, long lo, long hi) {
        if (n == 0) return SbiResult.ok(0);
        long host = hostAddress(p.memory(), n, lo, hi);
        if (host < 0) return SbiResult.error(SbiError.INVALID_PARAM);
        Ram ram = p.memory().hostRam();
        long count = 0;
        while (count < n) {
            int b = p.consoleRead();
            if (b < 0) break;
            ram.write(host + count, 1, b);
            count++;
        }
        return SbiResult.ok(count);
    }

    /** Host address of the buffer [hi:lo, +n) when it is wholly domain RAM, else -1. */
    private static long hostAddress(DomainMemory memory, long n, long lo, long hi) {
        return hi == 0 ? memory.hostAddress(lo, n) : -1;
    }
}
