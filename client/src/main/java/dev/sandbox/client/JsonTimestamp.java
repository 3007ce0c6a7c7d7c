package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link java.time.Instant} of the SDK's models as an ISO-8601 timestamp in JSON, read and written by the
 * SDK's own (de)serializers. The models carry it themselves so that they read and write the gateway's timestamps with
 * any ObjectMapper, also one without Jackson's java.time module.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonDeserialize(using = SandboxJson.InstantDeserializer.class)
@JsonSerialize(using = SandboxJson.InstantSerializer.class)
@interface JsonTimestamp {}
