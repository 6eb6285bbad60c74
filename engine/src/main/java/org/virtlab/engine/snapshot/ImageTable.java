package org.virtlab.engine.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Boot images (firmware, kernel, initrd) in a format-2 snapshot body, each written once: a lab
 * whose domains run the same image would otherwise carry it once per domain and once more in
 * the hypervisor configuration. The first time an image appears it is written as a byte string
 * (length, bytes) and numbered; a repeat is written as {@code -2 - number}. Null is -1, as for
 * every byte string. Format 1 bodies never use it.
 */
final class ImageTable {
    private final List<byte[]> images = new ArrayList<>();

    void write(DataOutputStream out, byte[] image) throws IOException {
        if (image != null) {
            for (int i = 0; i < images.size(); i++) {
                if (images.get(i) == image || Arrays.equals(images.get(i), image)) {
                    out.writeInt(-2 - i);
                    return;
                }
            }
            images.add(image);
        }
        StateCodec.blob(out, image);
    }

    byte[] read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < -1) {
            int i = -2 - n;
            if (i >= images.size()) throw new IOException("a reference to image " + i + " of " + images.size());
            return images.get(i);
        }
        byte[] image = StateCodec.blob(in, n);
        if (image != null) images.add(image);
        return image;
    }
}
