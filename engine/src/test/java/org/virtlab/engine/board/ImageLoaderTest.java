package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.image.BootImage;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.image.ImageLoader;

/** Recognising and refusing kernel files: ELF, Linux Image, raw. */
class ImageLoaderTest {

    private static String refusal(byte[] bytes, String name) {
        return assertThrows(ImageException.class, () -> ImageLoader.parse(bytes, name)).getMessage();
    }

    @Test
    void recognisesTheThreeFormats() {
        assertEquals(BootImage.Format.ELF, ImageLoader.parse(BoardGuests.load("m-hello.elf"), "e").format());
        assertEquals(BootImage.Format.RAW, ImageLoader.parse(BoardGuests.load("m-hello.bin"), "r").format());
        BootImage image = ImageLoader.parse(BootLayoutTest.linuxImage(4096, 1 << 20), "Image");
        assertEquals(BootImage.Format.LINUX_IMAGE, image.format());
        assertEquals(1 << 20, image.size(), "an Image claims image_size, bss included");
        assertEquals(0x200000, ImageLoader.textOffset(BootLayoutTest.linuxImage(4096, 4096)));
        assertEquals(0x8020_0000L, image.at(0x8020_0000L).entry());
    }

    @Test
    void refusesTruncatedOrForeignElfFiles() {
        byte[] elf = BoardGuests.load("m-hello.elf");
        assertTrue(refusal(Arrays.copyOf(elf, 40), "cut.elf").startsWith("cut.elf: truncated ELF header"));
        byte[] arm = elf.clone();
        arm[18] = (byte) 183;                                      // EM_AARCH64
        arm[19] = 0;
        assertEquals("arm.elf: built for machine 183, not RISC-V (243)", refusal(arm, "arm.elf"));
        byte[] cut = Arrays.copyOf(elf, 200);                      // headers present, segment data missing
        assertTrue(refusal(cut, "short.elf").startsWith("short.elf:"), refusal(cut, "short.elf"));
    }

    @Test
    void refusesOverlappingElfSegments() {
        byte[] elf = BoardGuests.load("uart-echo.elf");
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54), phnum = b.getShort(56);
        assertTrue(phnum >= 1);
        // Duplicate the first PT_LOAD header over a second slot (or add one by reusing the
        // riscv.attributes header slot), so two segments load at the same address.
        int first = -1, other = -1;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) == 1 && first < 0) first = ph;
            else if (other < 0) other = ph;
        }
        assertTrue(first >= 0 && other >= 0, "needs two program headers");
        System.arraycopy(elf, first, elf, other, phentsize);
        assertTrue(refusal(elf, "twice.elf").contains("overlap"), refusal(elf, "twice.elf"));
    }

    @Test
    void refusesDamagedLinuxImages() {
        byte[] image = BootLayoutTest.linuxImage(4096, 8192);
        assertTrue(refusal(Arrays.copyOf(image, 0x3c), "Image").startsWith("Image: truncated Linux Image header (60 of 64"));
        byte[] noMagic2 = image.clone();
        noMagic2[0x38] = 0;
        assertTrue(refusal(noMagic2, "Image").contains("without magic2"));
        byte[] bigEndian = image.clone();
        bigEndian[0x18] = 1;
        assertTrue(refusal(bigEndian, "Image").contains("big-endian"));
        byte[] small = BootLayoutTest.linuxImage(8192, 4096);
        assertEquals("Image: Image header says the kernel needs 4096 bytes but the file has 8192; the header is damaged",
                refusal(small, "Image"));
    }

    @Test
    void refusesEmptyFiles() {
        assertEquals("empty: the file is empty", refusal(new byte[0], "empty"));
    }
}
