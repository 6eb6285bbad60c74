package org.virtlab.engine.image;

/** An image file that cannot be loaded; the message says what is wrong with it. */
public final class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }
}
