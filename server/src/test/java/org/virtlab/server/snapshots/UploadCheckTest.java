package org.virtlab.server.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.web.ApiError;

/** Which preset an uploaded hypervisor snapshot is given: the one whose domains run the same techniques, in order. */
class UploadCheckTest {
    private static final Path S_HELLO = Path.of("..", "engine", "src", "test", "resources", "board-tests", "s-hello.elf");

    /** A just-booted hypervisor board with one s-hello domain per technique, encoded as a file. */
    private static byte[] snapshot(List<Technique> techniques, BlockBackend disk) throws Exception {
        byte[] kernel = Files.readAllBytes(S_HELLO);
        List<DomainSpec> domains = new ArrayList<>();
        for (int d = 0; d < techniques.size(); d++) {
            BoardConfig guest = BoardConfig.builder().memoryMiB(16).builtinFirmware().kernel(kernel, "s-hello.elf").disk(disk).build();
            domains.add(new DomainSpec("dom" + d, guest, techniques.get(d), 1));
        }
        HypervisorConfig hc = HypervisorConfig.of(domains);
        VirtBoard b = VirtBoard.boot(BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build(), x -> { });
        return SnapshotFormat.encode(b.save());
    }

    private static List<Technique> techniques(String list) {
        return Arrays.stream(list.split("\\+")).map(Technique::parse).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"full, hypervisor-full", "hw, hypervisor-hw", "full+full, hypervisor-full-2", "full+hw, hypervisor-full-hw"})
    void aHypervisorSnapshotGoesToThePresetWithItsTechniques(String domains, String preset) throws Exception {
        assertEquals(preset, UploadCheck.check(snapshot(techniques(domains), null)).preset().id());
    }

    @Test
    void techniquesNoPresetHasAreRefusedNamingThePresetsThatExist() throws Exception {
        ApiError e = assertThrows(ApiError.class, () -> UploadCheck.check(snapshot(techniques("hw+full"), null)));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("the uploaded snapshot runs the hypervisor stack with domains hw, full, and no lab here"
                + " has those domains; labs on the hypervisor stack run one domain, full (hypervisor-full); domains full, full"
                + " (hypervisor-full-2);"), e.getMessage());
    }

    @Test
    void aDomainWithADiskIsRefused() throws Exception {
        BlockBackend disk = new CopyOnWriteDisk(new MemoryDisk(new byte[64 * 512], true, "scratch.img"));
        ApiError e = assertThrows(ApiError.class, () -> UploadCheck.check(snapshot(techniques("full"), disk)));
        assertEquals("the uploaded snapshot's domain dom0 has a disk (scratch.img); labs have none: take the snapshot without --disk",
                e.getMessage());
    }
}
