package org.virtlab.engine.devices.virtio.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.devices.virtio.TestDriver;
import org.virtlab.engine.devices.virtio.TestDriver.Seg;
import org.virtlab.engine.devices.virtio.VirtioMmio;

/** virtio-console (virtio 1.x, 5.3): transmit to the sink, host input into posted receive buffers. */
class VirtioConsoleTest {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final VirtioConsole console = new VirtioConsole(sink::write);
    private final TestDriver d = new TestDriver(console, false).ready(0, 2, 8);

    @Test
    void transmitQueueGoesToTheSink() {
        long a = d.put("hello ".getBytes()), b = d.put("world\n".getBytes());
        d.submit(VirtioConsole.TRANSMITQ, Seg.in(a, 6), Seg.in(b, 6));
        assertEquals("hello world\n", sink.toString());
        assertEquals(1, d.usedIdx(VirtioConsole.TRANSMITQ));
        assertEquals(0, d.usedLen(VirtioConsole.TRANSMITQ, 0));
        assertEquals(12, console.metrics().transmitted());
        assertTrue(d.irq.level);
    }

    @Test
    void hostInputWaitsForReceiveBuffersThenFillsThem() {
        console.receive("abcdefgh".getBytes(), 0, 8);
        assertTrue(console.hostWorkPending());
        d.mmio.advanceTo(1);                                              // no buffers yet: nothing happens
        assertEquals(0, d.usedIdx(VirtioConsole.RECEIVEQ));
        long r1 = d.alloc(5), r2 = d.alloc(16);
        d.offer(VirtioConsole.RECEIVEQ, d.chain(VirtioConsole.RECEIVEQ, Seg.out(r1, 5)));
        d.offer(VirtioConsole.RECEIVEQ, d.chain(VirtioConsole.RECEIVEQ, Seg.out(r2, 16)));
        d.notify(VirtioConsole.RECEIVEQ);                                 // served at once
        assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
        assertEquals(5, d.usedLen(VirtioConsole.RECEIVEQ, 0));
        assertEquals(3, d.usedLen(VirtioConsole.RECEIVEQ, 1));
        assertArrayEquals("abcde".getBytes(), d.get(r1, 5));
        assertArrayEquals("fgh".getBytes(), d.get(r2, 3));
        assertFalse(console.hostWorkPending());
        assertTrue(d.irq.level);
        d.ack();

        long r3 = d.alloc(4);
        d.submit(VirtioConsole.RECEIVEQ, Seg.out(r3, 4));                // a buffer waits for input
        assertEquals(2, d.usedIdx(VirtioConsole.RECEIVEQ));
        console.receive("xy".getBytes(), 0, 2);
        d.mmio.advanceTo(2);                                              // the slice boundary delivers it
        assertEquals(3, d.usedIdx(VirtioConsole.RECEIVEQ));
        assertArrayEquals("xy".getBytes(), d.get(r3, 2));
        assertTrue(d.irq.level);
        assertEquals(10, console.metrics().received());
    }

    @Test
    void inputBeyondCapacityIsDroppedAndCounted() {
        VirtioConsole small = new VirtioConsole(VirtioConsoleState.empty(), 4, b -> { });
        assertEquals(4, small.receive("123456".getBytes(), 0, 6));
        assertEquals(2, small.metrics().inputDropped());
        assertArrayEquals("1234".getBytes(), small.save().hostInput());
        VirtioConsole restored = new VirtioConsole(small.save(), 4, b -> { });
        assertEquals(small.save(), restored.save());
    }

    @Test
    void emergencyWriteAndConfig() {
        d.reg(VirtioMmio.DEVICE_FEATURES_SEL, 0);
        assertEquals(VirtioConsole.F_EMERG_WRITE, d.reg(VirtioMmio.DEVICE_FEATURES) & 0xff);
        assertEquals(3, d.reg(VirtioMmio.DEVICE_ID));
        assertEquals(1, d.mmio.read(VirtioMmio.CONFIG + 4, 4));         // max_nr_ports
        d.mmio.write(VirtioMmio.CONFIG + 8, 4, '!');
        assertEquals("!", sink.toString());
        assertEquals(1, console.metrics().emergencyWrites());
    }
}
