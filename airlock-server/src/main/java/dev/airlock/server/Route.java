package dev.airlock.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One API route: the table of these is what is registered, what the auth test walks and what the
 * OpenAPI test compares with the document.
 */
record Route(HandlerType method, String path, Access access, Handler handler) {}
