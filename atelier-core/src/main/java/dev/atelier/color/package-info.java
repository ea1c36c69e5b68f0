/**
 * Colour statistics of images and transfers between them (used by every method that offers
 * colour preservation).
 */
package dev.atelier.color;
