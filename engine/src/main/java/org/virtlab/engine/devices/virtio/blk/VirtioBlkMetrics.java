package org.virtlab.engine.devices.virtio.blk;

/** What a virtio-blk device has done: requests by type and bytes moved. */
public final class VirtioBlkMetrics {

    long requests, reads, writes, flushes, getIds, unsupported, errors;
    long bytesRead, bytesWritten;
    volatile String lastError;

    /** Every request served. */
    public long requests() { return requests; }

    public long reads() { return reads; }

    public long writes() { return writes; }

    public long flushes() { return flushes; }

    public long getIds() { return getIds; }

    /** Requests of an unknown type (answered UNSUPP). */
    public long unsupported() { return unsupported; }

    /** Requests answered IOERR. */
    public long errors() { return errors; }

    /** Bytes read from the disk into guest memory. */
    public long bytesRead() { return bytesRead; }

    /** Bytes written from guest memory to the disk. */
    public long bytesWritten() { return bytesWritten; }

    /** The last backend error, or null. */
    public String lastError() { return lastError; }
}
