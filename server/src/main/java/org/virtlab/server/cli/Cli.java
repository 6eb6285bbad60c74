package org.virtlab.server.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Dispatches {@code virtlab <command>}; every command returns its exit status. */
public final class Cli {
    /** Exit status for bad input: unknown flags, missing files, images that cannot be loaded. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = String.join("\n",
            "usage: virtlab <command> [options]",
            "",
            "commands:",
            "  run      boot a guest on an emulated RISC-V virt board, console on this terminal",
            "  serve    the web lab: accounts, labs, browser consoles (virtlab serve --help)",
            "  bench    run the teaching OS's benchmarks bare and virtualized; print the comparison",
            "  help     this text",
            "  console  attach this terminal to a lab's console on a VirtLab server",
            "",
            "virtlab run [--image NAME | --kernel FILE] [--bios builtin|none|FILE] [--initrd FILE] [--append \"ARGS\"]",
            "            [--harts N] [--mem SIZE] [--no-h-extension] [--pacing | --no-pacing] [--trace] [--budget N]",
            "            [--disk FILE[,writable|,readonly]] [--virtio-console] [--snapshot-dir DIR]",
            "            [--stack bare|hypervisor] [--technique full|hw|para] [--domains N] [--vcpus N]",
            "            [--translation N|off]",
            "virtlab run --restore FILE [--disk FILE] [--snapshot-dir DIR] [--budget N] [--trace]",
            "  --kernel FILE     ELF, Linux RISC-V Image or raw binary; the kernel (or, with --bios none,",
            "                    the M-mode program at 0x80000000)",
            "  --image NAME      a guest that ships with VirtLab: virtlab-os (kernel and initramfs), or",
            "                    virtlab-os-pv, its paravirtualized build for --technique para",
            "  --bios X          builtin (default): the built-in SBI; none: no firmware;",
            "                    FILE: firmware such as OpenSBI fw_dynamic, at 0x80000000",
            "  --initrd FILE     initial ramdisk, announced in /chosen",
            "  --append \"ARGS\"   kernel command line (/chosen/bootargs)",
            "  --harts N         1..16 harts (default 1)",
            "  --mem SIZE        RAM, e.g. 128M (default), 1G; a plain number means MiB",
            "  --no-h-extension  harts without the hypervisor extension",
            "  --pacing          guest time follows wall time (the default when input is a terminal)",
            "  --no-pacing       guest time follows retired instructions: reproducible (the default otherwise)",
            "  --trace           print every instruction and trap on stderr (slow)",
            "  --budget N        stop after N instructions",
            "  --disk FILE       virtio-blk disk image in virtio slot 0; the guest's writes stay in memory",
            "                    and the file never changes (,writable writes to it; ,readonly refuses writes)",
            "  --virtio-console  add a virtio console (hvc0) on this terminal; a virtio-rng is always present",
            "  --snapshot-dir DIR  Ctrl-A S saves a snapshot of the running machine there",
            "  --restore FILE    continue a saved machine exactly where it was, bare or hypervisor stack:",
            "                    the file says which (its disk image, every domain's too: --disk)",
            "  --stack hypervisor  run VirtLab's type-1 hypervisor with the guest in domains (default: bare)",
            "  --technique full  full virtualization: the unmodified guest in U-mode, trap-and-emulate,",
            "                    shadow page tables, emulated devices",
            "  --technique hw    hardware-assisted: the unmodified guest in VS-mode on the H extension,",
            "                    two-stage translation, only VM exits reach the hypervisor",
            "  --technique para  paravirtualization: a PV kernel (default --image virtlab-os-pv) asks by",
            "                    hypercall; validated page tables, events, no emulation",
            "  --domains N       1..8 domains, each running the image with --mem of RAM (default 1);",
            "                    with several, console lines are prefixed and Ctrl-A 0..7 picks whose input",
            "  --vcpus N         vCPUs per domain (default 1); --harts is the number of physical harts",
            "  --translation N   translate guest code to JVM bytecode once execution has jumped to it N times",
            "                    (default " + org.virtlab.engine.cpu.Hart.DEFAULT_TRANSLATION_THRESHOLD
                    + "); off: interpret every instruction. Results are the same either way",
            "",
            "virtlab bench [--techniques bare,full,full-nocache,hw,para] [--programs cpubench,...] [--json FILE] [--svg FILE]",
            "  runs virtlab-os's benchmarks (cpubench syscallbench forkbench pfbench ctxbench iobench) under each",
            "  technique: guest instructions, hypervisor events, modeled cycles, wall time, ratios to bare",
            "",
            "virtlab console URL [--token TOKEN]",
            "  URL: a lab's page (http://host:7070/labs/ID) or console (.../api/labs/ID/domains/N/console);",
            "  TOKEN: an API token (POST /api/token), or set VIRTLAB_TOKEN. Ctrl-A X detaches; the lab runs on.",
            "",
            "console: Ctrl-A X quits, Ctrl-A S saves a snapshot, Ctrl-A A sends Ctrl-A, Ctrl-A H shows this help.",
            "exit status: the guest's (test finisher, HTIF, SBI shutdown); 2 bad input;",
            "  124 budget spent; 125 the guest waits for input after stdin ended.",
            "");

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public Cli(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public int run(String[] args) {
        if (args.length == 0) {
            out.print(USAGE);
            return 0;
        }
        String command = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "help", "--help", "-h":
                    out.print(USAGE);
                    return 0;
                case "run":
                    return new RunCommand(RunOptions.parse(rest), in, out, err, terminal).run();
                case "serve":
                    return org.virtlab.server.ServeCommand.run(rest, out, err);
                case "bench":
                    return BenchCommand.run(rest, out, err);
                case "console":
                    return ConsoleCommand.run(rest, in, out, err, terminal);
                default:
                    throw new UsageException("unknown command '" + command + "' (try 'virtlab help')");
            }
        } catch (UsageException e) {
            err.println("virtlab: " + e.getMessage());
            return EXIT_USAGE;
        }
    }
}
