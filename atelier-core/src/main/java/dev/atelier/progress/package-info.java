/**
 * What a run tells whoever started it while it works: one immutable {@link dev.atelier.progress.RunEvent}
 * per step, image, finished item or warning, sent to a {@link dev.atelier.progress.RunListener}. The
 * command line prints them; the web studio streams them to the browser.
 */
package dev.atelier.progress;
