package dev.sandbox.db;

/**
 * Log format of the production processes (operator, gateway, migrate command), shared so that they read alike: one line per event with the time, level, thread and logger, at INFO (slf4j's
 * simple logger, configured before the first logger exists). {@code SANDBOX_LOG_LEVEL} changes the level.
 */
public final class ProcessLogging {
    private ProcessLogging() {}

    public static void configure() {
        setIfAbsent(
                "org.slf4j.simpleLogger.defaultLogLevel", System.getenv().getOrDefault("SANDBOX_LOG_LEVEL", "info"));
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.out");
        // Informers log every watch reconnect at INFO, Jetty and the pool their internals: only their warnings matter
        // here.
        setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.informers", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        quietLibraries();
    }

    /**
     * Library lines that say nothing a person can act on: fabric8 warns once per custom resource type that its version
     * ({@code v1alpha1}) is not stable, and the embedded PostgreSQL of dev mode and tests passes its server's own start
     * and stop lines on at INFO (a server that cannot start fails the start with its reason anyway). docker-java logs
     * every failed streamed call (an image that cannot be pulled, a broken event stream) as an ERROR with a stack
     * trace, although the same error also reaches the caller, which reports it in words (the sandbox's reason, the
     * event source's warning). Also used by dev mode, which keeps its own log format.
     */
    public static void quietLibraries() {
        setIfAbsent("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.io.zonky.test.db.postgres", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.com.github.dockerjava.api.async.ResultCallbackTemplate", "off");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
