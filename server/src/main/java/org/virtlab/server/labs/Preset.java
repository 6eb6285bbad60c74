package org.virtlab.server.labs;

import java.util.List;
import java.util.Optional;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.image.BuiltinImages;

/**
 * What a lab is made from: a stack (shared/DESIGN.md section 3) and a guest. Only {@code bare}
 * exists today; {@code hypervisor}, {@code kvm} and {@code containers} presets arrive with
 * their issues and get their own ids here.
 *
 * @param id       stable id used by the API ("virtlab-os-bare")
 * @param title    what pages show
 * @param stack    bare | hypervisor | kvm | containers
 * @param image    a built-in image name (BuiltinImages)
 * @param harts    harts of the board
 * @param memoryMiB RAM of the board
 */
public record Preset(String id, String title, String stack, String image, int harts, int memoryMiB) {

    public static final Preset VIRTLAB_OS_BARE =
            new Preset("virtlab-os-bare", "virtlab-os (bare)", "bare", "virtlab-os", 1, 64);

    public static List<Preset> all() {
        return List.of(VIRTLAB_OS_BARE);
    }

    public static Optional<Preset> find(String id) {
        return all().stream().filter(p -> p.id.equals(id)).findFirst();
    }

    /** The board this preset describes, with pacing on (guest time follows wall time). */
    public BoardConfig boardConfig() {
        BuiltinImages.Image img = BuiltinImages.find(image)
                .orElseThrow(() -> new IllegalStateException("built-in image " + image + " is missing from the engine"));
        BoardConfig.Builder b = BoardConfig.builder()
                .harts(harts)
                .memoryMiB(memoryMiB)
                .builtinFirmware()
                .pacing(true)
                .kernel(img.kernel(), img.kernelName());
        if (img.initrd() != null) b.initrd(img.initrd(), img.initrdName());
        return b.build();
    }
}
