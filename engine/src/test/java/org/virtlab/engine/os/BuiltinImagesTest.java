package org.virtlab.engine.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.image.BuiltinImages;

/** The images shipped in the engine jar: present by name, and the bytes their manifest names. */
class BuiltinImagesTest {
    @Test
    void virtlabOsShipsWithAKernelAndAnInitramfsMatchingItsManifest() throws Exception {
        assertTrue(BuiltinImages.names().contains("virtlab-os"));
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        String manifest = BuiltinImages.manifest("virtlab-os");
        assertTrue(manifest.contains(sha256(image.kernel()) + "  kernel.elf\n"), manifest);
        assertTrue(manifest.contains(sha256(image.initrd()) + "  initramfs.cpio\n"), manifest);
    }

    @Test
    void itsParavirtualizedBuildShipsBesideIt() throws Exception {
        assertTrue(BuiltinImages.names().contains("virtlab-os-pv"));
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os-pv").orElseThrow();
        String manifest = BuiltinImages.manifest("virtlab-os-pv");
        assertTrue(manifest.contains(sha256(image.kernel()) + "  kernel.elf\n"), manifest);
        assertTrue(manifest.contains(sha256(image.initrd()) + "  initramfs.cpio\n"), manifest);
    }

    @Test
    void anUnknownNameIsEmpty() {
        assertEquals(java.util.Optional.empty(), BuiltinImages.find("no-such-image"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
