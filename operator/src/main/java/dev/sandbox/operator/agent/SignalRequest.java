package dev.sandbox.operator.agent;

/**
 * Body of {@code POST .../processes/{processId}/signal}.
 *
 * @param signal {@code INT}, {@code TERM}, {@code KILL} or {@code HUP}
 */
record SignalRequest(String signal) {}
