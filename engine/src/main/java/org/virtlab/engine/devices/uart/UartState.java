package org.virtlab.engine.devices.uart;

/**
 * Everything in a 16550: its registers, the receive FIFO's contents (oldest first), the
 * pending THR-empty interrupt, and the host input not yet taken into the FIFO. Byte arrays
 * are copied in and out.
 *
 * @param lineStatusErrors LSR error bits (overrun, 0x02) not yet read by the guest
 * @param rxTrigger        the receive FIFO trigger level: 1, 4, 8 or 14 bytes
 */
public record UartState(int ier, int lcr, int mcr, int scr, int dll, int dlm, boolean fifoEnabled, int rxTrigger,
        int lineStatusErrors, boolean thrEmptyInterrupt, byte[] rxFifo, byte[] hostInput) {

    public UartState {
        if (rxFifo.length > Uart16550.FIFO_SIZE)
            throw new IllegalArgumentException("UART state: " + rxFifo.length + " bytes in a " + Uart16550.FIFO_SIZE + "-byte FIFO");
        if (rxTrigger != 1 && rxTrigger != 4 && rxTrigger != 8 && rxTrigger != 14)
            throw new IllegalArgumentException("UART state: receive trigger level " + rxTrigger + " is not 1, 4, 8 or 14");
        rxFifo = rxFifo.clone();
        hostInput = hostInput.clone();
    }

    /** The state after reset: FIFOs off and empty, no interrupts enabled, 9600 baud divisor. */
    public static UartState reset() {
        return new UartState(0, 0, 0, 0, 12, 0, false, 1, 0, false, new byte[0], new byte[0]);
    }

    @Override public byte[] rxFifo() { return rxFifo.clone(); }

    @Override public byte[] hostInput() { return hostInput.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof UartState s && ier == s.ier && lcr == s.lcr && mcr == s.mcr && scr == s.scr && dll == s.dll
                && dlm == s.dlm && fifoEnabled == s.fifoEnabled && rxTrigger == s.rxTrigger
                && lineStatusErrors == s.lineStatusErrors && thrEmptyInterrupt == s.thrEmptyInterrupt
                && java.util.Arrays.equals(rxFifo, s.rxFifo) && java.util.Arrays.equals(hostInput, s.hostInput);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(ier, lcr, mcr, scr, dll, dlm, fifoEnabled, rxTrigger, lineStatusErrors,
                thrEmptyInterrupt, java.util.Arrays.hashCode(rxFifo), java.util.Arrays.hashCode(hostInput));
    }

    @Override
    public String toString() {
        return "UartState[ier=" + ier + ", lcr=" + lcr + ", mcr=" + mcr + ", scr=" + scr + ", dll=" + dll + ", dlm=" + dlm
                + ", fifoEnabled=" + fifoEnabled + ", rxTrigger=" + rxTrigger + ", lineStatusErrors=" + lineStatusErrors
                + ", thrEmptyInterrupt=" + thrEmptyInterrupt + ", rxFifo=" + rxFifo.length + " bytes, hostInput="
                + hostInput.length + " bytes]";
    }
}
