package dev.airlock.cli;

import dev.airlock.artefact.ArtefactException;
import dev.airlock.trust.TrustException;
import java.io.IOException;

/** The documented exit codes, and which failure gives which. */
final class ExitCodes {
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int USAGE = 2;
  static final int INVALID_ARTEFACT = 3;
  static final int NOT_TRUSTED = 4;
  static final int IO = 5;
  static final int PLUGIN_LOAD = 6;
  static final int PLUGIN_TRAP = 7;
  static final int PLUGIN_TIMEOUT = 8;
  static final int PLUGIN_LIMIT = 9;
  static final int PLUGIN_ERROR = 10;
  static final int CATALOG = 11;
  static final int REGISTRY = 12;

  private ExitCodes() {}

  private static int catalog(dev.airlock.catalog.CatalogException c) {
    return switch (c.reason()) {
      case MISMATCH, BAD_ARTEFACT -> INVALID_ARTEFACT;
      case NOT_TRUSTED, INDEX_NOT_TRUSTED -> NOT_TRUSTED;
      case FETCH -> IO;
      case BAD_SOURCE -> USAGE;
      case BAD_INDEX, NOT_FOUND, INDEX_EXPIRED, INDEX_ROLLBACK, DOWNGRADE, GIT -> CATALOG;
    };
  }

  static int of(Throwable e) {
    return switch (e) {
      case dev.airlock.oci.OciException o ->
          switch (o.kind()) {
            case INVALID_REFERENCE -> USAGE;
            case VERIFICATION -> NOT_TRUSTED;
            case IO -> IO;
            default -> REGISTRY;
          };
      case ArtefactException a -> INVALID_ARTEFACT;
      case dev.airlock.catalog.CatalogException c -> catalog(c);
      case TrustException t -> NOT_TRUSTED;
      case dev.airlock.signature.SignatureException s ->
          s.reason() == dev.airlock.signature.SignatureException.Reason.BAD_POLICY
                  || s.reason() == dev.airlock.signature.SignatureException.Reason.BAD_KEY
              ? USAGE
              : NOT_TRUSTED;
      case IOException io -> IO;
      case dev.airlock.host.SettingsException s -> USAGE;
      case dev.airlock.runtime.PluginAbiException p -> PLUGIN_LOAD;
      case dev.airlock.runtime.PluginTimeoutException p -> PLUGIN_TIMEOUT;
      case dev.airlock.runtime.PluginLimitException p ->
          p.hook().isPresent() ? PLUGIN_LIMIT : PLUGIN_LOAD;
      case dev.airlock.runtime.PluginErrorException p -> PLUGIN_ERROR;
      case dev.airlock.runtime.PluginException p -> PLUGIN_TRAP;
      case IllegalArgumentException iae -> USAGE;
      default -> INTERNAL;
    };
  }
}
