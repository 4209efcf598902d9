package dev.airlock.oci.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where credentials for a registry come from. Looked up by registry host ({@code host[:port]}, or
 * {@code docker.io}); a store never hands one registry's credentials to another.
 */
@FunctionalInterface
public interface CredentialStore {
  /** No credentials anywhere: every request is anonymous. */
  CredentialStore NONE = registry -> Optional.empty();

  /**
   * The credentials for a registry.
   *
   * @param registry the registry as written in references ({@code ghcr.io}, {@code localhost:5000},
   *     {@code docker.io})
   * @return the credentials, if any are stored
   * @throws IOException when a store or helper program fails
   */
  Optional<Credentials> find(String registry) throws IOException;

  /**
   * The first store that has credentials, in order.
   *
   * @param stores the stores
   * @return a store that asks each in turn
   */
  static CredentialStore chain(List<CredentialStore> stores) {
    List<CredentialStore> copy = List.copyOf(stores);
    return registry -> {
      for (CredentialStore s : copy) {
        Optional<Credentials> c = s.find(registry);
        if (c.isPresent()) {
          return c;
        }
      }
      return Optional.empty();
    };
  }
}
