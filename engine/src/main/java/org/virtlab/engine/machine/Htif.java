package org.virtlab.engine.machine;

import java.util.function.IntConsumer;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The host-target interface of the standard RISC-V test programs: the guest writes a command to
 * the 64-bit word {@code tohost}. Device 0 with the low bit set means exit, with status
 * {@code payload >> 1} (0 = pass); device 1 command 1 writes one character to the console.
 * VirtLab maps the words as a device over RAM when an ELF defines the symbols, so test binaries
 * run unmodified.
 */
public final class Htif implements MmioDevice {
    /**
     * What HTIF saves in a snapshot: where the two words are mapped and what they hold.
     *
     * @param fromhostAddress null when the image defines no separate {@code fromhost}
     */
    public record State(long tohostAddress, Long fromhostAddress, long tohost, long fromhost) { }

    private final Machine machine;
    private long tohostAddress;
    private Long fromhostAddress;
    private final IntConsumer console;
    private long tohost;
    private long fromhost;
    private final boolean isFromhost;
    private final Htif peer;

    private Htif(Machine machine, IntConsumer console, boolean isFromhost, Htif peer) {
        this.machine = machine;
        this.console = console;
        this.isFromhost = isFromhost;
        this.peer = peer;
    }

    /** Maps tohost (and fromhost, when given) on the machine's bus. */
    public static void attach(Machine machine, long tohostAddress, Long fromhostAddress, IntConsumer console) {
        attach(machine, new State(tohostAddress, fromhostAddress, 0, 0), console);
    }

    /** Maps tohost (and fromhost) as {@code state} describes them, holding its values (boot and restore). */
    public static void attach(Machine machine, State state, IntConsumer console) {
        Htif to = new Htif(machine, console, false, null);
        to.tohostAddress = state.tohostAddress();
        to.tohost = state.tohost();
        to.fromhost = state.fromhost();
        Long fromhostAddress = state.fromhostAddress();
        machine.bus().map("htif-tohost", state.tohostAddress(), 8, to);
        if (fromhostAddress != null && fromhostAddress != state.tohostAddress()) {
            to.fromhostAddress = fromhostAddress;
            machine.bus().map("htif-fromhost", fromhostAddress, 8, new Htif(machine, console, true, to));
        }
        machine.htif = to;
    }

    /** The mailbox words and where they are mapped. */
    public State save() {
        return new State(tohostAddress, fromhostAddress, tohost, fromhost);
    }

    @Override
    public long read(long offset, int size) {
        Htif self = isFromhost ? peer : this;
        long word = isFromhost ? self.fromhost : self.tohost;
        return (word >>> (8 * offset)) & (size == 8 ? -1L : (1L << (8 * size)) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (offset < 0 || offset + size > 8) return;
        long mask = size == 8 ? -1L : ((1L << (8 * size)) - 1) << (8 * offset);
        if (isFromhost) {
            peer.fromhost = (peer.fromhost & ~mask) | ((value << (8 * offset)) & mask);
            return;
        }
        tohost = (tohost & ~mask) | ((value << (8 * offset)) & mask);
        if (offset + size == 8 || size == 8) command(tohost);   // the word is complete when its high half is written
    }

    private void command(long cmd) {
        if (cmd == 0) return;
        int device = (int) (cmd >>> 56);
        int command = (int) (cmd >>> 48) & 0xFF;
        long payload = cmd & ((1L << 48) - 1);
        if (device == 0 && (payload & 1) != 0) {
            machine.powerOff((int) (payload >>> 1));
        } else if (device == 1 && command == 1) {
            console.accept((int) (payload & 0xFF));
            fromhost = (1L << 56) | (1L << 48);
        }
        tohost = 0;
    }
}
