package org.virtlab.engine.devices;

/** Test double for an interrupt line: its level and how many times it rose. */
public final class RecordingLine implements InterruptLine {

    public boolean level;
    public int rises;

    @Override
    public void set(boolean high) {
        if (high && !level) rises++;
        level = high;
    }
}
