package org.virtlab.server.labs;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keyboard input waiting for the next slice, one queue per console it is meant for: the
 * board's console ({@link #BOARD}) or one hypervisor domain's. Each queue is fed in order; a
 * console whose UART is full keeps the rest of its input for the next slice without holding up
 * the others. At most {@code maxBytes} wait in all.
 *
 * <p>Not thread-safe: its {@link Lab} guards it.
 */
final class PendingInput {
    /** The board's own console (under the hypervisor: the domain chosen with {@code setInputDomain}, 0). */
    static final int BOARD = Lab.BOARD_CONSOLE;

    /** Where input goes: returns how many bytes the console took. */
    interface Receiver {
        int receive(int target, byte[] data, int off, int len);
    }

    private final int maxBytes;
    private final Map<Integer, ArrayDeque<byte[]>> queues = new TreeMap<>();
    private int bytes;

    PendingInput(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Queues input for {@code target}; false when it does not fit (the input is dropped). */
    boolean add(int target, byte[] data) {
        if (data.length == 0 || bytes + data.length > maxBytes) return false;
        queues.computeIfAbsent(target, t -> new ArrayDeque<>()).addLast(data.clone());
        bytes += data.length;
        return true;
    }

    /** Hands every queue to its console as far as it takes it; true when any byte was taken. */
    boolean feed(Receiver receiver) {
        boolean fed = false;
        for (Map.Entry<Integer, ArrayDeque<byte[]>> e : queues.entrySet()) {
            ArrayDeque<byte[]> q = e.getValue();
            while (!q.isEmpty()) {
                byte[] chunk = q.pollFirst();
                int n = Math.max(0, receiver.receive(e.getKey(), chunk, 0, chunk.length));
                if (n > 0) fed = true;
                bytes -= n;
                if (n < chunk.length) {
                    q.addFirst(Arrays.copyOfRange(chunk, n, chunk.length));
                    break;                          // this console is full: its rest waits for the next slice
                }
            }
        }
        queues.values().removeIf(ArrayDeque::isEmpty);
        return fed;
    }

    boolean isEmpty() {
        return bytes == 0;
    }

    void clear() {
        queues.clear();
        bytes = 0;
    }
}
