package dev.sandbox.crd;

/** One invalid input field: its JSON path (e.g. {@code resources.cpu}) and what is wrong with it. */
public record FieldError(String field, String message) {}
