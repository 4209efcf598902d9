/**
 * The Airlock admin server: a REST API over a running {@link dev.airlock.host.PluginHost}, bearer
 * tokens, persistence in SQLite or PostgreSQL, Prometheus metrics and a static dashboard. {@link
 * dev.airlock.server.AirlockServer} is the entry point; everything else is package-private.
 */
package dev.airlock.server;
