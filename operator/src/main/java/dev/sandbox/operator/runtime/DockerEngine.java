package dev.sandbox.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to one Docker engine that every part of the Docker runtime shares: two docker-java clients and the
 * engine's address, and how an unreachable engine is reported.
 */
final class DockerEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

    /** Control calls: bounded, so a hung engine turns into an error instead of a stuck reconcile. */
    private final DockerClient control;
    /** Streams (events, exec output, pulls): no response timeout, since they legitimately stay open. */
    private final DockerClient streams;

    private final String dockerHost;
    /** Engine address for the raw sockets (see {@link EngineSocket}). */
    private final String engineHost;

    private final boolean usesTls;

    DockerEngine(String dockerHost) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        this.dockerHost = dockerHost;
        this.engineHost = config.getDockerHost().toString();
        this.usesTls = config.getSSLConfig() != null;
        this.control = DockerClientImpl.getInstance(
                config,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .responseTimeout(Duration.ofSeconds(120))
                        .maxConnections(64)
                        .build());
        this.streams = DockerClientImpl.getInstance(
                config,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .maxConnections(256)
                        .build());
    }

    /** The client for bounded calls. */
    DockerClient control() {
        return control;
    }

    /** The client for calls that stay open (streams, pulls, builds, stops that wait out a grace period). */
    DockerClient streams() {
        return streams;
    }

    /** The address this runtime was given, for messages. */
    String dockerHost() {
        return dockerHost;
    }

    /** The resolved engine address for {@link EngineSocket}. */
    String engineHost() {
        return engineHost;
    }

    /** Whether the engine is reached over TLS, which {@link EngineSocket} does not speak. */
    boolean usesTls() {
        return usesTls;
    }

    /** Runs a Docker call, turning "cannot reach the engine" into {@link RuntimeUnavailableException}. */
    <T> T call(String what, DockerCall<T> call) {
        try {
            return call.run();
        } catch (DockerException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isConnectionProblem(e)) {
                throw unreachable(what, e);
            }
            throw e;
        }
    }

    /** The error for an engine that could not be reached while doing {@code what}. */
    RuntimeUnavailableException unreachable(String what, Exception cause) {
        return new RuntimeUnavailableException(
                "Docker engine at " + dockerHost + " is unreachable (" + what + "): " + cause.getMessage(), cause);
    }

    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The first line of an engine message, which is the part a person needs. */
    static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return (nl < 0 ? text : text.substring(0, nl)).trim();
    }

    @Override
    public void close() {
        try {
            control.close();
            streams.close();
        } catch (IOException e) {
            log.debug("closing the Docker clients failed", e);
        }
    }

    /** One docker-java call. */
    @FunctionalInterface
    interface DockerCall<T> {
        T run();
    }
}
