package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.image.BuiltinImages;

/** A PV kernel says so in an ELF note; anything else is not one. */
class PvKernelNoteTest {
    @Test
    void thePvBuildAnnouncesAbiVersionOneAndTheNativeBuildNothing() {
        assertEquals(ParaAbi.VERSION, PvKernelNote.abiVersion(BuiltinImages.find("virtlab-os-pv").orElseThrow().kernel()));
        assertEquals(-1, PvKernelNote.abiVersion(BuiltinImages.find("virtlab-os").orElseThrow().kernel()));
        assertEquals(ParaAbi.VERSION, PvKernelNote.abiVersion(PvGuestsTest.guest("pv-events.elf")));
    }

    @Test
    void garbageAndTruncatedImagesAreNotPvKernels() {
        byte[] pv = BuiltinImages.find("virtlab-os-pv").orElseThrow().kernel();
        assertFalse(PvKernelNote.isParavirtual(null));
        assertFalse(PvKernelNote.isParavirtual(new byte[100]));
        assertFalse(PvKernelNote.isParavirtual(Arrays.copyOf(pv, 64)));
        assertFalse(PvKernelNote.isParavirtual(Arrays.copyOf(pv, 4096)), "headers, but the note is cut off");
        byte[] hostile = pv.clone();
        hostile[0x38] = (byte) 0xFF;                  // phnum beyond the file
        hostile[0x39] = (byte) 0xFF;
        assertFalse(PvKernelNote.isParavirtual(hostile));
    }
}
