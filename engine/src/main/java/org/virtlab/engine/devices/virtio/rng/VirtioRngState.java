package org.virtlab.engine.devices.virtio.rng;

/**
 * What an entropy device saves.
 *
 * @param secure    drawing from the host's SecureRandom (nothing else to save)
 * @param generator the SplitMix64 state: the seed before the first byte, then wherever the stream is
 */
public record VirtioRngState(boolean secure, long generator) { }
