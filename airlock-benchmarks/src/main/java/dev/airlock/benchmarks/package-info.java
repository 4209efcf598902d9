/**
 * JMH benchmarks for Airlock. They are run by hand with {@code run-artefact-bench.sh}, never by the
 * test build; their numbers, and the commands that produced them, are kept in {@code
 * docs/benchmarks.md}.
 */
package dev.airlock.benchmarks;
