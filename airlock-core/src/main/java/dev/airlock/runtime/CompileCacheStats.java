package dev.airlock.runtime;

/**
 * How the compiled-module caches have served loads since the engine started.
 *
 * @param memoryHits loads that found the module compiled in this engine already
 * @param memoryMisses loads that had to parse the module and compile it or read it from disk
 * @param diskHits of those, the ones the disk compile cache answered
 * @param diskMisses the ones it could not answer (compiled, then stored)
 */
public record CompileCacheStats(
    long memoryHits, long memoryMisses, long diskHits, long diskMisses) {}
