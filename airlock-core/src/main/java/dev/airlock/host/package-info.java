/**
 * The embeddable plugin host: a plugins directory watched for changes (hot reload), each plugin's
 * lifecycle (loaded, enabled, disabled, failed), configuration validated against its schema, state
 * that survives restarts, per-plugin events, logs and call statistics, and dispatch to the hook
 * contracts.
 *
 * <p>Entry point: {@link dev.airlock.host.PluginHost#builder()}. This is the last stage of the data
 * flow; it may use every earlier package.
 */
package dev.airlock.host;
