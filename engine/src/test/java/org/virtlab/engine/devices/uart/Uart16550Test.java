package org.virtlab.engine.devices.uart;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.RecordingLine;

class Uart16550Test {

    private static final int RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5,
            MSR = 6, SCR = 7;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final RecordingLine irq = new RecordingLine();
    private final Uart16550 uart = new Uart16550(out::write, irq);

    private int r(int reg) { return (int) uart.read(reg, 1); }
    private void w(int reg, int v) { uart.write(reg, 1, v); }

    @Test
    void transmitsToTheSinkAndThrIsAlwaysEmpty() {
        for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) {
            assertEquals(0x60, r(LSR) & 0x60, "THRE and TEMT");
            w(THR, b);
        }
        assertEquals("hi\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(3, uart.metrics().transmitted());
        assertFalse(irq.level);
    }

    @Test
    void resetRegisters() {
        assertEquals(0x01, r(IIR), "no interrupt, FIFOs off");
        assertEquals(0x60, r(LSR));
        assertEquals(0xB0, r(MSR), "DCD, DSR, CTS: a modem that is always ready");
        assertEquals(0, r(IER));
        assertEquals(0, r(LCR));
    }

    @Test
    void divisorLatchSharesOffsetsWithThrAndIer() {
        w(LCR, 0x83);                                          // DLAB, 8N1
        w(DLL, 0x01);
        w(DLM, 0x02);
        assertEquals(0x01, r(DLL));
        assertEquals(0x02, r(DLM));
        assertEquals(0, out.size(), "a DLL write is not a transmission");
        w(LCR, 0x03);
        assertEquals(0, r(IER));
        w(IER, 0x01);
        w(LCR, 0x83);
        assertEquals(0x02, r(DLM));
        w(LCR, 0x03);
        assertEquals(0x01, r(IER));
        w(SCR, 0x5a);
        assertEquals(0x5a, r(SCR));
    }

    @Test
    void polledReceive() {
        uart.receive("ab".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0x61, r(LSR), "a read of LSR takes waiting input: DR without waiting for a slice");
        assertEquals('a', r(RBR));
        assertEquals('b', r(RBR));
        assertEquals(0, r(LSR) & 1);
        assertEquals(2, uart.metrics().received());
    }

    @Test
    void receiveInterruptWithFifos() {
        w(FCR, 0x87);                                          // enable + clear, trigger 8
        w(IER, 0x01);
        uart.receive("abc".getBytes(StandardCharsets.US_ASCII));
        assertFalse(irq.level, "input reaches the FIFO at the next slice boundary");
        uart.advanceTo(0);
        assertTrue(irq.level);
        assertEquals(0xCC, r(IIR), "fewer than the trigger level: character timeout, FIFOs on");
        uart.receive("defghij".getBytes(StandardCharsets.US_ASCII));
        uart.advanceTo(0);
        assertEquals(0xC4, r(IIR), "at the trigger level: received data available");
        StringBuilder got = new StringBuilder();
        while ((r(LSR) & 1) != 0) got.append((char) r(RBR));
        assertEquals("abcdefghij", got.toString());
        assertFalse(irq.level);
        assertEquals(0xC1, r(IIR));
    }

    @Test
    void fifoHoldsSixteenAndRefillsFromTheHostQueue() {
        w(FCR, 0x01);
        byte[] data = new byte[40];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        assertEquals(40, uart.receive(data));
        uart.advanceTo(0);
        assertEquals(16, uart.save().rxFifo().length);
        assertEquals(24, uart.save().hostInput().length);
        for (int i = 0; i < 40; i++) assertEquals(i, r(RBR));
        assertEquals(0, r(LSR) & 1);
        assertEquals(0, uart.metrics().overruns());
    }

    @Test
    void withoutFifosOneByteAtATime() {
        uart.receive(new byte[] {1, 2});
        uart.advanceTo(0);
        assertEquals(1, uart.save().rxFifo().length);
        w(IER, 0x01);
        assertEquals(0x04, r(IIR));
        assertEquals(1, r(RBR));
        assertEquals(2, r(RBR));
    }

    @Test
    void hostInputQueueIsBounded() {
        Uart16550 small = new Uart16550(UartState.reset(), 8, b -> { }, irq);
        assertEquals(8, small.receive(new byte[12]));
        assertEquals(4, small.metrics().inputDropped());
        assertTrue(small.inputWaiting());
    }

    @Test
    void thrEmptyInterrupt() {
        w(IER, 0x02);
        assertTrue(irq.level, "enabling THRE with THR empty raises it");
        assertEquals(0x02, r(IIR));
        assertFalse(irq.level, "reading IIR acknowledges THRE");
        assertEquals(0x01, r(IIR));
        w(THR, 'x');
        assertTrue(irq.level, "the byte left at once: THR empty again");
        w(IER, 0x00);
        assertFalse(irq.level);
    }

    @Test
    void receivedDataOutranksThrEmpty() {
        w(IER, 0x03);
        uart.receive(new byte[] {'q'});
        uart.advanceTo(0);
        assertEquals(0x04, r(IIR));
        r(RBR);
        assertEquals(0x02, r(IIR));
    }

    @Test
    void loopbackModemBitsAndOverrunLineStatus() {
        w(MCR, 0x10 | 0x0A);                                   // loop, RTS, OUT2
        assertEquals(0x90, r(MSR) & 0xF0, "CTS from RTS, DCD from OUT2: what the 8250 probe checks");
        w(IER, 0x05);                                          // RDA + line status
        w(THR, 'A');
        assertEquals(0, out.size(), "loopback does not reach the line");
        w(THR, 'B');                                           // FIFOs off: one byte holds, this overruns
        assertEquals(1, uart.metrics().overruns());
        assertTrue(irq.level);
        assertEquals(0x06, r(IIR), "line status first");
        assertEquals(0x63, r(LSR), "DR and OE");
        assertEquals(0x04, r(IIR), "OE cleared by the LSR read");
        assertEquals('A', r(RBR));
        assertFalse(irq.level);
    }

    @Test
    void fcrClearsTheReceiveFifo() {
        w(FCR, 0x01);
        uart.receive("xyz".getBytes(StandardCharsets.US_ASCII));
        uart.advanceTo(0);
        w(FCR, 0x03);
        assertEquals(0, uart.save().rxFifo().length);
    }

    @Test
    void anyAccessSizeHitsTheOneRegister() {
        uart.write(THR, 4, 0x1234_5641L);
        assertEquals("A", out.toString(StandardCharsets.US_ASCII));
        assertEquals(0x60, uart.read(LSR, 4));
        assertEquals(0, uart.read(0x80, 1));
    }

    @Test
    void saveAndRebuild() {
        w(LCR, 0x03);
        w(FCR, 0x41);                                          // FIFOs on, trigger 4
        w(IER, 0x01);
        w(SCR, 0x33);
        uart.receive("0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII));
        uart.advanceTo(0);
        r(RBR);
        UartState s = uart.save();
        assertEquals(16, s.rxFifo().length);
        assertEquals(2, s.hostInput().length);

        RecordingLine line = new RecordingLine();
        Uart16550 copy = new Uart16550(s, Uart16550.DEFAULT_INPUT_CAPACITY, b -> { }, line);
        assertEquals(s, copy.save());
        assertTrue(line.level, "receive interrupt re-asserted");
        StringBuilder got = new StringBuilder();
        while ((copy.read(LSR, 1) & 1) != 0) got.append((char) copy.read(RBR, 1));
        assertEquals("123456789abcdefXYZ", got.toString());
    }

    @Test
    void guestGarbageNeverThrows() {
        uart.receive(new byte[300]);
        GuestGarbage.hammer(uart, VirtMemoryMap.UART0_SIZE, 3, 200_000);
        GuestGarbage.hammer(new org.virtlab.engine.memory.MmioDevice() {
            public long read(long o, int s) { return uart.read(o & 7, s); }
            public void write(long o, int s, long v) { uart.write(o & 7, s, v); }
        }, 8, 4, 200_000);
        uart.advanceTo(0);
    }
}
