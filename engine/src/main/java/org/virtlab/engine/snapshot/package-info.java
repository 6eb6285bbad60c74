/**
 * Snapshot files (docs/snapshots.md): {@link org.virtlab.engine.snapshot.SnapshotFormat}
 * writes a {@link org.virtlab.engine.board.BoardSnapshot} or
 * {@link org.virtlab.engine.machine.MachineSnapshot} as magic, format version, configuration,
 * state, deduplicated compressed RAM pages and a SHA-256 checksum, and reads one back or
 * refuses it with a {@link org.virtlab.engine.snapshot.SnapshotException};
 * {@link org.virtlab.engine.snapshot.StateHash} fingerprints a running machine for exactness
 * tests.
 *
 * <p>Capturing and rebuilding state is not here: every part saves itself ({@code save()}) and
 * is rebuilt by the same constructor that builds it at boot ({@code VirtBoard.restore},
 * {@code new Machine(config, snapshot)}, {@code HartSnapshots}).
 */
package org.virtlab.engine.snapshot;
