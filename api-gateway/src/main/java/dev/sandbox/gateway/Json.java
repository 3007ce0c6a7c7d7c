package dev.sandbox.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.crd.StrictJson;

/** The gateway's JSON: {@link StrictJson}, with its errors as 400 answers naming the field. */
final class Json {
  static final ObjectMapper MAPPER = StrictJson.MAPPER;

  private Json() {}

  /** Reads a request body, turning every JSON problem into a 400 that names the field. */
  static <T> T read(String body, Class<T> type) {
    try {
      return StrictJson.read(body, type);
    } catch (StrictJson.InvalidJsonException e) {
      throw ApiException.invalid(e.field(), e.getMessage());
    }
  }

  static String write(Object value) {
    return StrictJson.write(value);
  }
}
