package org.virtlab.engine.devices.uart;

import java.util.function.IntConsumer;
import org.virtlab.engine.devices.HostInput;
import org.virtlab.engine.devices.InterruptLine;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.memory.MmioDevice;

/**
 * An NS16550A UART as QEMU's {@code virt} board has it (register shift 0, one byte per
 * register). Register semantics follow the National Semiconductor / TI PC16550D datasheet.
 *
 * <pre>
 *   off  read (DLAB=0 / DLAB=1)   write (DLAB=0 / DLAB=1)
 *   0    RBR / DLL                THR / DLL
 *   1    IER / DLM                IER / DLM
 *   2    IIR                      FCR
 *   3    LCR                      LCR      bit 7 = DLAB
 *   4    MCR                      MCR      bit 4 = loopback
 *   5    LSR                      -
 *   6    MSR                      -
 *   7    SCR                      SCR
 * </pre>
 *
 * An access of any size acts on the one register at its offset (low byte of the value);
 * offsets 8..0xff read 0. Transmission is instant: a byte written to THR goes straight to the
 * output sink, so LSR always shows THRE and TEMT and the THR-empty interrupt re-arms at once.
 * Interrupt identification, highest priority first: line status (overrun), received data
 * (FIFO at or above the trigger level), character timeout (FIFO holds fewer bytes — reported
 * at once rather than after four character times), THR empty. Modem-status interrupts are
 * never raised. The IRQ output is high whenever IIR shows an interrupt.
 *
 * <p>Host input: {@link #receive} (thread-safe, any thread) appends to a bounded input queue;
 * the UART moves bytes from it into the receive FIFO as room appears — at
 * {@link #advanceTo} (every slice boundary, on the machine thread) and whenever the guest
 * reads RBR or LSR. Input is thus flow-controlled: the guest never sees an overrun, and bytes
 * beyond the queue's capacity are dropped and counted. Everything else is machine-thread only.
 */
public final class Uart16550 implements MmioDevice, Clocked {

    public static final int FIFO_SIZE = 16;
    public static final int DEFAULT_INPUT_CAPACITY = 4096;

    // Register offsets.
    private static final int RBR_THR_DLL = 0, IER_DLM = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;

    // IER bits.
    private static final int IER_RDA = 0x01, IER_THRE = 0x02, IER_RLS = 0x04;
    // IIR values.
    private static final int IIR_NONE = 0x01, IIR_RLS = 0x06, IIR_RDA = 0x04, IIR_TIMEOUT = 0x0C, IIR_THRE = 0x02,
            IIR_FIFOS = 0xC0;
    // LSR bits.
    private static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    private static final int LCR_DLAB = 0x80;
    private static final int MCR_LOOP = 0x10;
    // MSR with no modem attached: carrier, data set ready and clear to send all asserted.
    private static final int MSR_IDLE = 0xB0;

    private final IntConsumer output;
    private final InterruptLine irq;
    private final UartMetrics metrics = new UartMetrics();

    private int ier, lcr, mcr, scr, dll, dlm;
    private boolean fifoEnabled;
    private int rxTrigger;
    private int lineStatusErrors;
    private boolean thrEmptyInterrupt;
    private final byte[] rx = new byte[FIFO_SIZE];
    private int rxHead, rxCount;
    private boolean irqLevel;

    /** Host input not yet in the FIFO. */
    private final HostInput input;

    /**
     * A UART in its reset state.
     *
     * @param output receives every byte the guest transmits (0..255), on the machine thread
     * @param irq    the interrupt output (PLIC source 10 on the virt board)
     */
    public Uart16550(IntConsumer output, InterruptLine irq) {
        this(UartState.reset(), DEFAULT_INPUT_CAPACITY, output, irq);
    }

    /** A UART in a saved state, with room for {@code inputCapacity} bytes of host input. */
    public Uart16550(UartState state, int inputCapacity, IntConsumer output, InterruptLine irq) {
        this.input = new HostInput(inputCapacity, state.hostInput(), "UART");
        this.output = output;
        this.irq = irq;
        ier = state.ier() & 0x0f;
        lcr = state.lcr() & 0xff;
        mcr = state.mcr() & 0x1f;
        scr = state.scr() & 0xff;
        dll = state.dll() & 0xff;
        dlm = state.dlm() & 0xff;
        fifoEnabled = state.fifoEnabled();
        rxTrigger = state.rxTrigger();
        lineStatusErrors = state.lineStatusErrors() & LSR_OE;
        thrEmptyInterrupt = state.thrEmptyInterrupt();
        byte[] fifo = state.rxFifo();
        System.arraycopy(fifo, 0, rx, 0, fifo.length);
        rxCount = fifo.length;
        irqLevel = pendingInterrupt() != IIR_NONE;
        irq.set(irqLevel);
    }

    public UartState save() {
        byte[] fifo = new byte[rxCount];
        for (int i = 0; i < rxCount; i++) fifo[i] = rx[(rxHead + i) % FIFO_SIZE];
        return new UartState(ier, lcr, mcr, scr, dll, dlm, fifoEnabled, rxTrigger, lineStatusErrors, thrEmptyInterrupt,
                fifo, input.pending());
    }

    public UartMetrics metrics() { return metrics; }

    // ---- host side ----------------------------------------------------------------------

    /**
     * Queues bytes typed at the console for the guest. Thread-safe. The guest sees them after
     * the next {@link #advanceTo} or its next read of RBR/LSR.
     *
     * @return how many bytes were queued; the rest did not fit and were dropped
     */
    public int receive(byte[] data) {
        return receive(data, 0, data.length);
    }

    /** As {@link #receive(byte[])}, for {@code len} bytes of {@code data} from {@code off}. */
    public int receive(byte[] data, int off, int len) {
        int n = input.offer(data, off, len);
        if (n < len) metrics.inputDropped += len - n;
        return n;
    }

    /** Whether host input is waiting for room in the FIFO. Thread-safe. */
    public boolean inputWaiting() {
        return !input.isEmpty();
    }

    /** Moves host input into the receive FIFO; raises the interrupt if that changes IIR. */
    @Override
    public void advanceTo(long mtime) {
        pump();
        updateIrq();
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    // ---- guest side ---------------------------------------------------------------------

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        if (offset < 0 || offset > SCR) {
            metrics.accesses.ignored();
            return 0;
        }
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch ((int) offset) {
            case RBR_THR_DLL: return dlab ? dll : readRbr();
            case IER_DLM: return dlab ? dlm : ier;
            case IIR_FCR: return readIir();
            case LCR: return lcr;
            case MCR: return mcr;
            case LSR: return readLsr();
            case MSR: return readMsr();
            default: return scr;
        }
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (offset < 0 || offset > SCR) {
            metrics.accesses.ignored();
            return;
        }
        int v = (int) value & 0xff;
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch ((int) offset) {
            case RBR_THR_DLL -> { if (dlab) dll = v; else writeThr(v); }
            case IER_DLM -> { if (dlab) dlm = v; else writeIer(v); }
            case IIR_FCR -> writeFcr(v);
            case LCR -> lcr = v;
            case MCR -> mcr = v & 0x1f;
            case SCR -> scr = v;
            default -> metrics.accesses.ignored();           // LSR and MSR are read-only here
        }
    }

    private int readRbr() {
        pump();
        if (rxCount == 0) return 0;
        int b = rx[rxHead] & 0xff;
        rxHead = (rxHead + 1) % FIFO_SIZE;
        rxCount--;
        metrics.received++;
        pump();
        updateIrq();
        return b;
    }

    private int readIir() {
        int id = pendingInterrupt();
        // Reading IIR while it reports THR empty clears that interrupt (PC16550D, "IIR").
        if (id == IIR_THRE) {
            thrEmptyInterrupt = false;
            updateIrq();
        }
        return id | (fifoEnabled ? IIR_FIFOS : 0);
    }

    private int readLsr() {
        pump();
        int lsr = (rxCount > 0 ? LSR_DR : 0) | lineStatusErrors | LSR_THRE | LSR_TEMT;
        lineStatusErrors = 0;                                  // error bits clear on read
        updateIrq();
        return lsr;
    }

    private int readMsr() {
        if ((mcr & MCR_LOOP) == 0) return MSR_IDLE;
        // Loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD.
        return ((mcr & 0x01) << 5) | ((mcr & 0x02) << 3) | ((mcr & 0x04) << 4) | ((mcr & 0x08) << 4);
    }

    private void writeThr(int v) {
        if ((mcr & MCR_LOOP) != 0) {
            pushRx(v);
        } else {
            metrics.transmitted++;
            output.accept(v);
        }
        // The byte left at once: THR is empty again, which is itself an interrupt condition.
        thrEmptyInterrupt = true;
        updateIrq();
    }

    private void writeIer(int v) {
        int old = ier;
        ier = v & 0x0f;
        // Enabling the THR-empty interrupt while THR is empty (it always is) raises it.
        if ((ier & IER_THRE) != 0 && (old & IER_THRE) == 0) thrEmptyInterrupt = true;
        updateIrq();
    }

    private void writeFcr(int v) {
        boolean enable = (v & 0x01) != 0;
        if (enable != fifoEnabled || (v & 0x02) != 0) {        // changing FCR0 also resets the FIFOs
            rxHead = 0;
            rxCount = 0;
        }
        fifoEnabled = enable;
        rxTrigger = switch (v >>> 6) {
            case 0 -> 1;
            case 1 -> 4;
            case 2 -> 8;
            default -> 14;
        };
        updateIrq();
    }

    private int capacity() {
        return fifoEnabled ? FIFO_SIZE : 1;
    }

    private void pushRx(int b) {
        if (rxCount >= capacity()) {
            lineStatusErrors |= LSR_OE;
            metrics.overruns++;
            return;
        }
        rx[(rxHead + rxCount) % FIFO_SIZE] = (byte) b;
        rxCount++;
    }

    /** Host input into the FIFO while there is room. In loopback the line is disconnected. */
    private void pump() {
        if ((mcr & MCR_LOOP) != 0 || rxCount >= capacity()) return;
        for (byte b : input.take(capacity() - rxCount)) {
            rx[(rxHead + rxCount) % FIFO_SIZE] = b;
            rxCount++;
        }
    }

    /** The IIR interrupt identification (bits 3:0) for the highest-priority condition. */
    private int pendingInterrupt() {
        if ((ier & IER_RLS) != 0 && lineStatusErrors != 0) return IIR_RLS;
        if ((ier & IER_RDA) != 0 && rxCount > 0)
            return !fifoEnabled || rxCount >= rxTrigger ? IIR_RDA : IIR_TIMEOUT;
        if ((ier & IER_THRE) != 0 && thrEmptyInterrupt) return IIR_THRE;
        return IIR_NONE;
    }

    private void updateIrq() {
        boolean level = pendingInterrupt() != IIR_NONE;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
