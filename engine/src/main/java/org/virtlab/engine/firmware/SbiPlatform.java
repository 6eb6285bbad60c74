package org.virtlab.engine.firmware;

/**
 * What the built-in SBI needs from the board: a console and power control. The board (virt)
 * implements it over its UART and power-off logic; tests implement it with buffers.
 */
public interface SbiPlatform {

    /** Writes one byte to the console. */
    void consoleWrite(int b);

    /** The next input byte, or -1 when there is none. Never blocks. */
    int consoleRead();

    /**
     * Powers the machine off (SRST shutdown, legacy shutdown, a fatal firmware error). Exit code
     * 0 is a normal shutdown, 1 the SRST reason "system failure" or a fatal trap. Not expected
     * to return to the guest: the machine should be off when it returns.
     */
    void shutdown(int exitCode);

    /**
     * Resets the machine and boots it again (SRST cold or warm reboot). Not expected to return
     * to the guest: when it returns, the calling hart should already have been reset.
     */
    void reboot();
}
