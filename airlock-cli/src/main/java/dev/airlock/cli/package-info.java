/**
 * The {@code airlock} command line: a thin layer over the core library that parses arguments,
 * renders results for people (or as JSON with {@code --json}) and maps failures to exit codes.
 */
package dev.airlock.cli;
