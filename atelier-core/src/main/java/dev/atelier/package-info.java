/**
 * Atelier: neural style transfer for the JVM.
 *
 * <p>The library lives in the sub-packages: {@code io} (images), {@code weights} (file formats,
 * download, cache), {@code nn} (networks), {@code loss}, {@code optim}, {@code method} (the style
 * transfer methods) and {@code pipeline}. The {@code cli} package is a thin front end over them; no
 * library package depends on it.
 */
package dev.atelier;
