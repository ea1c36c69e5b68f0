package dev.atelier.batch;

/** The image format results are written in. */
public enum ResultFormat {
    PNG("png"),
    JPG("jpg");

    private final String extension;

    ResultFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension without its dot. */
    public String extension() {
        return extension;
    }
}
