package dev.sandbox.operator.agent;

import dev.sandbox.operator.runtime.ExecCommand;
import java.time.Duration;

/**
 * A checked exec request: what to start and for how long.
 *
 * @param command what the engine runs
 * @param timeout when the command is killed
 * @param maxOutputBytes cap on each collected output stream
 */
record ExecPlan(ExecCommand command, Duration timeout, int maxOutputBytes) {}
