package dev.atelier.video.ffmpeg;

import java.util.Optional;

/**
 * A frame rate as FFmpeg writes it: {@code 30000/1001}, kept exact so an encoded clip has the rate
 * of its source to the tick.
 *
 * @param numerator frames
 * @param denominator seconds
 */
public record Rational(long numerator, long denominator) {
    public Rational {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("a frame rate needs positive parts, got " + numerator + "/"
                    + denominator);
        }
    }

    /** {@code 30/1}, {@code 30000/1001} or {@code 25}; empty for {@code 0/0}, a zero or anything else. */
    public static Optional<Rational> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.strip().split("/");
        try {
            long numerator = Long.parseLong(parts[0]);
            long denominator = parts.length == 2 ? Long.parseLong(parts[1]) : 1;
            if (parts.length > 2 || numerator <= 0 || denominator <= 0 || numerator > 1_000_000_000L
                    || denominator > 1_000_000_000L) {
                return Optional.empty();
            }
            return Optional.of(new Rational(numerator, denominator));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /** A rate in frames per second, as the nearest rational with a denominator of 1001 or 1000 at most. */
    public static Rational of(double framesPerSecond) {
        if (!(framesPerSecond > 0) || framesPerSecond > 1_000_000) {
            throw new IllegalArgumentException("frame rate out of range: " + framesPerSecond);
        }
        if (Math.abs(framesPerSecond - Math.rint(framesPerSecond)) < 1e-9) {
            return new Rational(Math.round(framesPerSecond), 1);
        }
        double ntsc = framesPerSecond * 1001 / 1000;
        if (Math.abs(ntsc - Math.rint(ntsc)) < 1e-6) {
            return new Rational(Math.round(ntsc) * 1000, 1001);
        }
        return new Rational(Math.round(framesPerSecond * 1000), 1000);
    }

    public double value() {
        return (double) numerator / denominator;
    }

    /** As FFmpeg reads it: {@code 30000/1001}. */
    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
