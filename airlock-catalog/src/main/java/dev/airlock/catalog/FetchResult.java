package dev.airlock.catalog;

import java.net.URI;

/**
 * What a fetch delivered.
 *
 * @param uri where the bytes finally came from (after redirects)
 * @param size how many bytes
 * @param sha256 their SHA-256, computed while they streamed
 */
public record FetchResult(URI uri, long size, String sha256) {}
