package dev.sandbox.benchmarks;

/** Whether a measured path goes through this project or straight to the Docker engine. */
public enum Side {
    /** Through the control plane: REST gateway or SDK, Kubernetes resource, operator. */
    OURS,
    /** Straight to the Docker engine: docker-java or the docker command line. */
    BASELINE
}
