/**
 * The {@code atelier} command line: a thin layer over the library that parses options, prints
 * progress, turns failures into one-line errors and named exit codes, and is the only code that
 * calls {@link java.lang.System#exit}.
 */
package dev.atelier.cli;
