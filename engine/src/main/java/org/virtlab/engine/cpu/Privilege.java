package org.virtlab.engine.cpu;

/**
 * Privilege levels as encoded in mstatus.MPP / sstatus.SPP. With the H extension a hart also
 * has a virtualization mode V; (S, V=1) is VS-mode and (U, V=1) is VU-mode.
 */
public final class Privilege {
    public static final int U = 0;
    public static final int S = 1;
    public static final int M = 3;

    private Privilege() {
    }

    public static String name(int priv, boolean virt) {
        switch (priv) {
            case U: return virt ? "VU" : "U";
            case S: return virt ? "VS" : "S";
            case M: return "M";
            default: return "?" + priv;
        }
    }
}
