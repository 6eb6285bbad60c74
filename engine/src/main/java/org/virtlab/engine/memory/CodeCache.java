package org.virtlab.engine.memory;

/**
 * Decoded instructions cached for one RAM page (see org.virtlab.engine.cpu.DecodedPage).
 *
 * <p>Every write into a page that carries a code cache tells the cache which bytes changed,
 * so self-modifying code and code loaded by DMA are never executed stale.
 */
public abstract class CodeCache {

    /**
     * Forgets the decoded instructions that overlap bytes [offset, offset + length) of the page.
     * Returns true if that dropped translated code, which a hart running it must leave.
     */
    public abstract boolean invalidate(int offset, int length);
}
