/**
 * Options as data: every method and command declares its options once, in an
 * {@link dev.atelier.options.OptionSchema} over its immutable options record and builder. The schema
 * gives each option its key, description and default (read from the builder, where defaults are
 * written once), turns text into values for any front end (command line, web form, JSON) and back
 * for reports, and refuses unknown keys.
 */
package dev.atelier.options;
