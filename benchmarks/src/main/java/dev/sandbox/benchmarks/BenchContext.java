package dev.sandbox.benchmarks;

import dev.sandbox.client.BlockingSandboxClient;
import dev.sandbox.dev.DevStack;

/**
 * What every scenario works with: the settings, the system under test in this process, the two ways into it, and the
 * raw engine.
 */
record BenchContext(
        BenchmarkSettings settings, DevStack stack, GatewayApi rest, BlockingSandboxClient sdk, RawEngine raw) {}
