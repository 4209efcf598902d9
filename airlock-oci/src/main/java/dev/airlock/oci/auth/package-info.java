/**
 * Registry credentials: Docker-style {@code config.json} ({@code auths}, {@code credHelpers},
 * {@code credsStore} through {@code docker-credential-*} programs), the file {@code airlock
 * registry login} writes, and {@code WWW-Authenticate} challenge parsing.
 */
package dev.airlock.oci.auth;
