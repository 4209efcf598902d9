package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import dev.airlock.trust.TrustException;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Loads an index and decides whether to believe it. {@code index.json.sig} beside the index is a
 * base64 Ed25519 signature over the exact index bytes. A signed index must carry {@code
 * index_version} and {@code expires}: an expired one is refused (a mirror serving a frozen copy),
 * and so is one older than the newest this client has seen (rollback). Because the signature covers
 * the whole file, entries from two indexes cannot be mixed. An unsigned index is used only when
 * {@link Builder#allowUnsigned} says so.
 *
 * <p>Immutable and thread-safe.
 */
public final class IndexLoader {
  /** Cap on an index download. */
  public static final long MAX_INDEX_BYTES = IndexParser.MAX_BYTES;

  private final Fetcher fetcher;
  private final TrustRoot trustRoot;
  private final boolean allowUnsigned;
  private final Clock clock;

  private IndexLoader(Builder b) {
    this.fetcher = b.fetcher;
    this.trustRoot = b.trustRoot;
    this.allowUnsigned = b.allowUnsigned;
    this.clock = b.clock;
  }

  /**
   * A builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads and checks an index.
   *
   * @param location a path or URL of {@code index.json}
   * @param lastSeenVersion the highest {@code index_version} seen before from this location, or
   *     empty
   * @return the index
   * @throws CatalogException when the index cannot be fetched or parsed, or is refused as unsigned,
   *     badly signed, expired or rolled back
   * @throws IOException when a local file cannot be read
   */
  public LoadedIndex load(String location, OptionalLong lastSeenVersion)
      throws CatalogException, IOException {
    URI uri = Locations.toUri(location);
    byte[] bytes = fetcher.fetchBytes(uri, MAX_INDEX_BYTES);
    Index index = Index.parse(bytes, uri.toString());
    URI sigUri = URI.create(uri + ".sig");
    Optional<byte[]> sig = fetcher.fetchIfPresent(sigUri, 4096);
    if (sig.isEmpty() || trustRoot == null) {
      if (!allowUnsigned) {
        throw new CatalogException(
            Reason.INDEX_NOT_TRUSTED,
            sig.isEmpty()
                ? "index "
                    + uri
                    + " is not signed (no "
                    + Locations.fileName(sigUri)
                    + " beside it); pass --allow-unsigned-index to use it anyway"
                : "index "
                    + uri
                    + " is signed but no trust root was given to check it; pass --trust-root"
                    + " (or --allow-unsigned-index to use it unchecked)");
      }
      return new LoadedIndex(index, uri, Optional.empty());
    }
    String signer = verify(uri, sigUri, bytes, sig.get());
    checkFreshness(uri, index, lastSeenVersion);
    return new LoadedIndex(index, uri, Optional.of(signer));
  }

  private String verify(URI uri, URI sigUri, byte[] bytes, byte[] sigText) throws CatalogException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(new String(sigText, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new CatalogException(
          Reason.INDEX_NOT_TRUSTED, "index signature " + sigUri + " is not base64");
    }
    try {
      return trustRoot.verify(ByteBuffer.wrap(bytes), raw);
    } catch (TrustException e) {
      throw new CatalogException(
          Reason.INDEX_NOT_TRUSTED,
          "index signature " + sigUri + " does not verify " + uri + ": " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  private void checkFreshness(URI uri, Index index, OptionalLong lastSeen) throws CatalogException {
    if (index.indexVersion().isEmpty() || index.expires().isEmpty()) {
      throw new CatalogException(
          Reason.BAD_INDEX,
          "signed index "
              + uri
              + " has no "
              + (index.indexVersion().isEmpty() ? "index_version" : "expires")
              + "; a signed index must carry index_version and expires (catalog add sets both)");
    }
    Instant now = clock.instant();
    Instant expires = index.expires().get();
    if (!now.isBefore(expires)) {
      throw new CatalogException(
          Reason.INDEX_EXPIRED,
          "index "
              + uri
              + " expired at "
              + expires
              + " (now "
              + now
              + "); a mirror may be serving a frozen copy: refresh it, or ask the publisher to"
              + " re-sign the index",
          "after " + now,
          expires.toString(),
          null);
    }
    long v = index.indexVersion().getAsLong();
    if (lastSeen.isPresent() && v < lastSeen.getAsLong()) {
      throw new CatalogException(
          Reason.INDEX_ROLLBACK,
          "index "
              + uri
              + " has index_version "
              + v
              + ", older than version "
              + lastSeen.getAsLong()
              + " seen before; a mirror may be serving an old copy (rollback)",
          ">= " + lastSeen.getAsLong(),
          String.valueOf(v),
          null);
    }
  }

  /** Options for an {@link IndexLoader}. Not thread-safe. */
  public static final class Builder {
    private Fetcher fetcher;
    private TrustRoot trustRoot;
    private boolean allowUnsigned;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The fetcher for the index and its signature.
     *
     * @param f the fetcher
     * @return this
     */
    public Builder fetcher(Fetcher f) {
      this.fetcher = Objects.requireNonNull(f, "fetcher");
      return this;
    }

    /**
     * The keys an index signature must be made by.
     *
     * @param root the trust root, or {@code null} for none
     * @return this
     */
    public Builder trustRoot(TrustRoot root) {
      this.trustRoot = root;
      return this;
    }

    /**
     * Whether an unsigned (or unchecked) index may be used.
     *
     * @param allow true to accept it
     * @return this
     */
    public Builder allowUnsigned(boolean allow) {
      this.allowUnsigned = allow;
      return this;
    }

    /**
     * The clock expiry is checked against.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the loader.
     *
     * @return the loader
     * @throws IllegalStateException when no fetcher was given
     */
    public IndexLoader build() {
      if (fetcher == null) {
        throw new IllegalStateException("fetcher is required");
      }
      return new IndexLoader(this);
    }
  }
}
