package dev.sandbox.operator.agent;

/**
 * Body of {@code POST .../volumes/{volumeId}/rename}.
 *
 * @param from the path to move, relative to the volume root
 * @param to its new path, relative to the volume root (missing parent directories are created)
 * @param overwrite whether an existing {@code to} may be replaced
 */
record RenameRequest(String from, String to, Boolean overwrite) {}
