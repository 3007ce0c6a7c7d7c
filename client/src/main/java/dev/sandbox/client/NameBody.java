package dev.sandbox.client;

/**
 * A request body that carries at most a name (a snapshot's, an API key's), or nothing: a {@code null} name is left
 * out, and the gateway then chooses.
 *
 * @param name the name, or {@code null}
 */
record NameBody(String name) {}
