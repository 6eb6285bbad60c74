package org.virtlab.engine.devices.virtio.console;

import java.util.function.IntConsumer;
import org.virtlab.engine.devices.HostInput;
import org.virtlab.engine.devices.virtio.DescriptorChain;
import org.virtlab.engine.devices.virtio.VirtioDevice;
import org.virtlab.engine.devices.virtio.Virtqueue;

/**
 * A virtio console with a single port (virtio 1.x, 5.3), device ID 3: Linux's {@code hvc0}.
 *
 * <pre>
 *   queue 0  receiveq  device -> driver: host input
 *   queue 1  transmitq driver -> device: every readable byte goes to the output sink
 *   config   cols u16 @0, rows u16 @2, max_nr_ports u32 @4, emerg_wr u32 @8 (W)
 * </pre>
 *
 * Offers VIRTIO_CONSOLE_F_EMERG_WRITE (2) only: one port, no size, no control queues.
 * Host input ({@link #receive}, any thread) waits in a bounded queue until the driver has
 * posted receive buffers; the transport moves it at slice boundaries and whenever the driver
 * notifies the receive queue, so a byte is never lost for want of a buffer.
 */
public final class VirtioConsole implements VirtioDevice {

    public static final int DEVICE_ID = 3;
    public static final int QUEUE_SIZE = 128;
    public static final int RECEIVEQ = 0, TRANSMITQ = 1;
    public static final long F_EMERG_WRITE = 1L << 2;
    public static final int DEFAULT_INPUT_CAPACITY = 4096;
    private static final int EMERG_WR = 8;

    private final IntConsumer output;
    private final VirtioConsoleMetrics metrics = new VirtioConsoleMetrics();
    /** Host input not yet given to the guest. */
    private final HostInput input;

    public VirtioConsole(IntConsumer output) {
        this(VirtioConsoleState.empty(), DEFAULT_INPUT_CAPACITY, output);
    }

    public VirtioConsole(VirtioConsoleState state, int inputCapacity, IntConsumer output) {
        this.input = new HostInput(inputCapacity, state.hostInput(), "virtio-console");
        this.output = output;
    }

    public VirtioConsoleState save() {
        return new VirtioConsoleState(input.pending());
    }

    public VirtioConsoleMetrics metrics() { return metrics; }

    /** Queues host input for the guest; thread-safe. Returns how many bytes fitted (the rest are dropped). */
    public int receive(byte[] data, int off, int len) {
        int n = input.offer(data, off, len);
        if (n < len) metrics.inputDropped += len - n;
        return n;
    }

    @Override
    public boolean hostWorkPending() {
        return !input.isEmpty();
    }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override public long deviceFeatures() { return F_EMERG_WRITE; }

    @Override public int queueCount() { return 2; }

    @Override public int queueMaxSize(int index) { return QUEUE_SIZE; }

    @Override
    public long readConfig(int offset, int size) {
        // cols = rows = 0 (no size reported), max_nr_ports = 1 (only meaningful with MULTIPORT).
        long v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (offset + i == 4 ? 1 : 0);
        return v;
    }

    @Override
    public void writeConfig(int offset, int size, long value) {
        if (offset == EMERG_WR) {
            metrics.emergencyWrites++;
            metrics.transmitted++;
            output.accept((int) value & 0xff);
        }
    }

    @Override
    public void notify(int index, Virtqueue queue) {
        if (index == TRANSMITQ) transmit(queue);
        else fill(queue);
    }

    @Override
    public void poll(Virtqueue[] queues) {
        if (queues[RECEIVEQ].isReady()) fill(queues[RECEIVEQ]);
    }

    private void transmit(Virtqueue queue) {
        byte[] buf = new byte[512];
        DescriptorChain c;
        while ((c = queue.pop()) != null) {
            for (long off = 0; off < c.readableBytes(); ) {
                int n = c.read(off, buf, 0, buf.length);
                for (int i = 0; i < n; i++) output.accept(buf[i] & 0xff);
                metrics.transmitted += n;
                off += n;
            }
            queue.push(c.head(), 0);
        }
    }

    /** Host input into posted receive buffers, while there is both. */
    private void fill(Virtqueue queue) {
        while (hostWorkPending() && queue.hasAvailable()) {
            DescriptorChain c = queue.pop();
            byte[] chunk = input.take((int) Math.min(c.writableBytes(), input.capacity()));
            c.write(0, chunk, 0, chunk.length);
            metrics.received += chunk.length;
            queue.push(c.head(), chunk.length);
        }
    }
}
