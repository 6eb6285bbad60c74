package org.virtlab.engine.devices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test double for the harts' interrupt inputs: remembers each pin's level and every change. */
public final class RecordingPins implements HartInterruptPins {

    private final Map<Long, Boolean> levels = new HashMap<>();
    public final List<String> log = new ArrayList<>();

    @Override
    public void set(int hart, int mipBit, boolean level) {
        levels.put(key(hart, mipBit), level);
        log.add(hart + ":" + mipBit + "=" + (level ? 1 : 0));
    }

    public boolean level(int hart, int mipBit) {
        return levels.getOrDefault(key(hart, mipBit), false);
    }

    private static long key(int hart, int bit) {
        return ((long) hart << 32) | bit;
    }
}
