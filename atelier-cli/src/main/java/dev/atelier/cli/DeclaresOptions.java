package dev.atelier.cli;

import picocli.CommandLine.Model.CommandSpec;

/** A command whose flags come partly from the library's option schemas, added before parsing. */
interface DeclaresOptions {

    /** Adds the schema-made flags to the command. */
    void declareOptions(CommandSpec spec);
}
