package org.virtlab.engine.firmware;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.machine.Machine;

/** An {@link SbiPlatform} for tests: console into a buffer, input from a queue, power calls recorded. */
final class RecordingPlatform implements SbiPlatform {
    final StringBuilder console = new StringBuilder();
    final ArrayDeque<Integer> input = new ArrayDeque<>();
    final List<Integer> shutdowns = new ArrayList<>();
    int reboots;
    private final Machine machine;

    RecordingPlatform(Machine machine) {
        this.machine = machine;
    }

    @Override
    public void consoleWrite(int b) {
        console.append((char) b);
    }

    @Override
    public int consoleRead() {
        Integer b = input.poll();
        return b == null ? -1 : b;
    }

    /** Powers the machine off, as the board does. */
    @Override
    public void shutdown(int exitCode) {
        shutdowns.add(exitCode);
        machine.powerOff(exitCode);
    }

    /** Records the request only: the firmware must then report SBI_ERR_FAILED. */
    @Override
    public void reboot() {
        reboots++;
    }

    void type(String s) {
        for (char c : s.toCharArray()) input.add((int) c);
    }
}
