package org.virtlab.engine.hypervisor;

/**
 * How a domain's guest runs on the hypervisor (shared/DESIGN.md section 3).
 *
 * <ul>
 * <li>{@link #FULL}: an unmodified kernel deprivileged to U-mode; every privileged instruction
 *     traps and is emulated, page tables are shadowed, devices emulated (VMware ESX's way).
 * <li>{@link #HW}: an unmodified kernel in VS-mode on the H extension; only exits reach the
 *     hypervisor.
 * <li>{@link #PARA}: a kernel built to ask the hypervisor by hypercall (Xen PV's way).
 * </ul>
 */
public enum Technique {
    FULL("full", "full virtualization"), HW("hw", "hardware-assisted virtualization"), PARA("para", "paravirtualization");

    private final String cliName;
    private final String title;

    Technique(String cliName, String title) {
        this.cliName = cliName;
        this.title = title;
    }

    /** What pages show: "full virtualization", "hardware-assisted virtualization", "paravirtualization". */
    public String title() {
        return title;
    }

    /** The name used by {@code --technique} and the lab presets. */
    public String cliName() {
        return cliName;
    }

    /** The technique named {@code name} on the command line. */
    public static Technique parse(String name) {
        for (Technique t : values()) if (t.cliName.equals(name)) return t;
        throw new IllegalArgumentException("--technique must be full, hw or para, not '" + name + "'");
    }
}
