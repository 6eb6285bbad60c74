package org.virtlab.engine.machine;

import org.virtlab.engine.cpu.Hart;

/**
 * What a machine is made of. Immutable; {@link Builder#build} refuses impossible combinations
 * with a message that says what is wrong and what would be allowed.
 */
public final class MachineConfig {
    public static final int MAX_HARTS = 16;
    public static final long MIN_MEMORY = 1L << 20;
    public static final long MAX_MEMORY = 16L << 30;

    private final int harts;
    private final long memoryBytes;
    private final boolean hExtension;
    private final int sliceInstructions;
    private final int instructionsPerTick;
    private final int translationThreshold;

    private MachineConfig(Builder b) {
        this.harts = b.harts;
        this.memoryBytes = b.memoryBytes;
        this.hExtension = b.hExtension;
        this.sliceInstructions = b.sliceInstructions;
        this.instructionsPerTick = b.instructionsPerTick;
        this.translationThreshold = b.translationThreshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int harts() {
        return harts;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public boolean hExtension() {
        return hExtension;
    }

    public int sliceInstructions() {
        return sliceInstructions;
    }

    public int instructionsPerTick() {
        return instructionsPerTick;
    }

    /** Jumps into a block before it is translated to JVM bytecode; 0: the harts only interpret. */
    public int translationThreshold() {
        return translationThreshold;
    }

    public Builder toBuilder() {
        return new Builder().harts(harts).memoryBytes(memoryBytes).hExtension(hExtension)
                .sliceInstructions(sliceInstructions).instructionsPerTick(instructionsPerTick)
                .translationThreshold(translationThreshold);
    }

    @Override
    public String toString() {
        return String.format("%d hart(s), %d MiB, %s", harts, memoryBytes >> 20,
                hExtension ? "H extension" : "no H extension");
    }

    public static final class Builder {
        private int harts = 1;
        private long memoryBytes = 128L << 20;
        private boolean hExtension = true;
        private int sliceInstructions = 10_000;
        private int instructionsPerTick = 10;
        private int translationThreshold = Hart.DEFAULT_TRANSLATION_THRESHOLD;

        public Builder harts(int n) {
            this.harts = n;
            return this;
        }

        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        public Builder memoryMiB(long mib) {
            return memoryBytes(mib << 20);
        }

        /** Whether the harts have the H extension (misa.H), like VT-x switched on in a BIOS. */
        public Builder hExtension(boolean enabled) {
            this.hExtension = enabled;
            return this;
        }

        /** Instructions one hart runs before the next hart's turn. */
        public Builder sliceInstructions(int n) {
            this.sliceInstructions = n;
            return this;
        }

        /** Retired instructions per tick of the 10 MHz machine timer (10 models a 100 MIPS hart). */
        public Builder instructionsPerTick(int n) {
            this.instructionsPerTick = n;
            return this;
        }

        /**
         * How many times execution must jump to a straight run of guest code before the harts
         * translate it to JVM bytecode (docs/translator.md); 0 turns translation off, 1
         * translates every block the first time it is entered. Results never depend on it.
         */
        public Builder translationThreshold(int entries) {
            this.translationThreshold = entries;
            return this;
        }

        public MachineConfig build() {
            if (harts < 1 || harts > MAX_HARTS)
                throw new IllegalArgumentException("harts must be between 1 and " + MAX_HARTS + ", not " + harts);
            if (memoryBytes < MIN_MEMORY || memoryBytes > MAX_MEMORY)
                throw new IllegalArgumentException("memory must be between 1 MiB and " + (MAX_MEMORY >> 30)
                        + " GiB, not " + memoryBytes + " bytes");
            if ((memoryBytes & 0xFFF) != 0)
                throw new IllegalArgumentException("memory must be a multiple of 4 KiB, not " + memoryBytes + " bytes");
            if (sliceInstructions < 1)
                throw new IllegalArgumentException("slice must be at least one instruction, not " + sliceInstructions);
            if (translationThreshold < 0)
                throw new IllegalArgumentException("translation threshold must be 0 (off) or a number of entries, not "
                        + translationThreshold);
            if (instructionsPerTick < 1)
                throw new IllegalArgumentException("instructions per tick must be at least 1, not " + instructionsPerTick);
            return new MachineConfig(this);
        }
    }
}
