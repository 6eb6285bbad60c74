package org.virtlab.engine.devices.finisher;

/** The test finisher keeps no state; the record exists so every device saves the same way. */
public record TestFinisherState() { }
