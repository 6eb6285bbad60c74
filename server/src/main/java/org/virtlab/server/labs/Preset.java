package org.virtlab.server.labs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;

/**
 * What a lab is made from: a stack (shared/DESIGN.md section 3) and a guest. Two stacks exist
 * today: {@code bare} (the guest alone on the board) and {@code hypervisor} (VirtLab's type-1
 * hypervisor with the guest in one or more fully virtualized domains, docs/hypervisor.md);
 * {@code kvm} and {@code containers} presets arrive with their issues and get their own ids here.
 *
 * @param id        stable id used by the API ("virtlab-os-bare")
 * @param title     what pages show
 * @param stack     bare | hypervisor | kvm | containers
 * @param image     a built-in image name (BuiltinImages)
 * @param harts     physical harts of the board
 * @param memoryMiB RAM of the guest: the board's on {@code bare}, each domain's on {@code hypervisor}
 * @param techniques one entry per hypervisor domain: the technique it runs under, with one vCPU
 *                   (empty on other stacks); a para domain runs the PV build of the image
 *                   ({@code virtlab-os-pv})
 * @param autorun    a command typed into every domain at its first shell prompt, or null
 */
public record Preset(String id, String title, String stack, String image, int harts, int memoryMiB, List<Technique> techniques,
                     String autorun) {

    public static final Preset VIRTLAB_OS_BARE =
            new Preset("virtlab-os-bare", "virtlab-os (bare)", "bare", "virtlab-os", 1, 64, List.of(), null);
    public static final Preset HYPERVISOR_FULL = new Preset("hypervisor-full", "Hypervisor: full virtualization",
            "hypervisor", "virtlab-os", 1, 64, List.of(Technique.FULL), null);
    public static final Preset HYPERVISOR_FULL_TWO = new Preset("hypervisor-full-2",
            "Hypervisor: two full-virtualization domains", "hypervisor", "virtlab-os", 1, 64, List.of(Technique.FULL, Technique.FULL), null);
    public static final Preset HYPERVISOR_HW = new Preset("hypervisor-hw", "Hypervisor: hardware-assisted",
            "hypervisor", "virtlab-os", 1, 64, List.of(Technique.HW), null);
    public static final Preset HYPERVISOR_FULL_AND_HW = new Preset("hypervisor-full-hw",
            "Hypervisor: full + hardware-assisted side by side", "hypervisor", "virtlab-os", 1, 64,
            List.of(Technique.FULL, Technique.HW), null);
    public static final Preset HYPERVISOR_PARA = new Preset("hypervisor-para", "Hypervisor: paravirtualized guest",
            "hypervisor", "virtlab-os", 1, 64, List.of(Technique.PARA), null);
    public static final Preset HYPERVISOR_THREE_WAY = new Preset("hypervisor-full-para-hw",
            "Hypervisor: full vs para vs hw", "hypervisor", "virtlab-os", 1, 64,
            List.of(Technique.FULL, Technique.PARA, Technique.HW), "syscallbench");

    public Preset {
        techniques = List.copyOf(techniques);
    }

    public static List<Preset> all() {
        return List.of(VIRTLAB_OS_BARE, HYPERVISOR_FULL, HYPERVISOR_FULL_TWO, HYPERVISOR_HW, HYPERVISOR_FULL_AND_HW,
                HYPERVISOR_PARA, HYPERVISOR_THREE_WAY);
    }

    /** Number of hypervisor domains (0 on other stacks). */
    public int domains() {
        return techniques.size();
    }

    public static Optional<Preset> find(String id) {
        return all().stream().filter(p -> p.id.equals(id)).findFirst();
    }

    public boolean isHypervisor() {
        return stack.equals("hypervisor");
    }

    /** The techniques of the domains, e.g. "full" or "full+hw", or null on the bare stack. */
    public String technique() {
        if (!isHypervisor()) return null;
        return String.join("+", techniques.stream().map(Technique::cliName).distinct().toList());
    }

    /** The technique of domain {@code d}. */
    public Technique technique(int d) {
        return techniques.get(d);
    }

    /** The domains' names, by domain id: dom0, dom1, ... as in {@code virtlab run --stack hypervisor}. */
    public List<String> domainNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < domains(); i++) names.add("dom" + i);
        return names;
    }

    /**
     * The RAM of the whole machine in MiB, what the memory quota is compared with: the board's
     * RAM on the bare stack; on the hypervisor stack every domain's RAM and shadow pool and the
     * hypervisor's own (HypervisorConfig.hostMemoryBytes). Computed once per preset id (building
     * a board config loads the images).
     */
    public int machineMemoryMiB() {
        return MACHINE_MIB.computeIfAbsent(id, k -> (int) ((boardConfig().memoryBytes() + (1 << 20) - 1) >> 20));
    }

    private static final java.util.Map<String, Integer> MACHINE_MIB = new java.util.concurrent.ConcurrentHashMap<>();

    /** The board this preset describes, with pacing on (guest time follows wall time). */
    public BoardConfig boardConfig() {
        if (!isHypervisor()) return guestBoard(harts, image).pacing(true).build();
        List<DomainSpec> specs = new ArrayList<>();
        List<String> names = domainNames();
        for (int d = 0; d < names.size(); d++) {
            Technique t = techniques.get(d);
            specs.add(new DomainSpec(names.get(d), guestBoard(1, t == Technique.PARA ? image + "-pv" : image).build(), t, 1));
        }
        HypervisorConfig hc = HypervisorConfig.of(specs);
        return BoardConfig.builder()
                .harts(harts)
                .memoryBytes(hc.hostMemoryBytes())
                .pacing(true)
                .hypervisor(hc)
                .build();
    }

    /** The board the guest sees: the physical one on bare, a domain's virtual one under the hypervisor. */
    private BoardConfig.Builder guestBoard(int guestHarts, String image) {
        BuiltinImages.Image img = BuiltinImages.find(image)
                .orElseThrow(() -> new IllegalStateException("built-in image " + image + " is missing from the engine"));
        BoardConfig.Builder b = BoardConfig.builder()
                .harts(guestHarts)
                .memoryMiB(memoryMiB)
                .builtinFirmware()
                .kernel(img.kernel(), img.kernelName());
        if (img.initrd() != null) b.initrd(img.initrd(), img.initrdName());
        return b;
    }
}
