package org.virtlab.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The guest images that ship inside the engine, by name, so that a first run needs no paths
 * ({@code virtlab run --image virtlab-os}). Each image is a resource directory
 * {@code org/virtlab/engine/images/NAME/} holding {@code kernel.elf}, optionally
 * {@code initramfs.cpio}, and {@code SHA256SUMS}; they are built from {@code guests/} and
 * proven reproducible by that project's {@code check-reproducible.sh}.
 */
public final class BuiltinImages {
    private static final String ROOT = "/org/virtlab/engine/images/";
    /** The names of the built-in images; one resource directory each. */
    private static final List<String> NAMES = List.of("virtlab-os", "virtlab-os-pv");

    private BuiltinImages() { }

    /**
     * A built-in image: the kernel and its initial RAM disk.
     *
     * @param name   the image's name
     * @param kernel the kernel ELF
     * @param initrd the initramfs, or null when the image has none
     */
    public record Image(String name, byte[] kernel, byte[] initrd) {
        /** The kernel's name for messages, e.g. {@code virtlab-os/kernel.elf}. */
        public String kernelName() {
            return name + "/kernel.elf";
        }

        /** The initrd's name for messages. */
        public String initrdName() {
            return name + "/initramfs.cpio";
        }
    }

    /** The names of every built-in image, in a stable order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The image called {@code name}, or empty when there is none by that name. */
    public static Optional<Image> find(String name) {
        if (!NAMES.contains(name)) return Optional.empty();
        byte[] kernel = resource(name, "kernel.elf");
        if (kernel == null) throw new IllegalStateException("built-in image " + name + " lacks kernel.elf: the engine jar is damaged");
        return Optional.of(new Image(name, kernel, resource(name, "initramfs.cpio")));
    }

    /** The image's checksum manifest ({@code sha256sum} format). */
    public static String manifest(String name) {
        byte[] sums = resource(name, "SHA256SUMS");
        return sums == null ? "" : new String(sums, StandardCharsets.US_ASCII);
    }

    private static byte[] resource(String name, String file) {
        try (InputStream in = BuiltinImages.class.getResourceAsStream(ROOT + name + "/" + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
