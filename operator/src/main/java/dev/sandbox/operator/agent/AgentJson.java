package dev.sandbox.operator.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The agent's JSON: strict on input like the gateway's (unknown fields and loose coercions are 400s naming the field). */
final class AgentJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .serializationInclusion(JsonInclude.Include.ALWAYS)
      .build();

  static {
    MAPPER.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
  }

  private AgentJson() {}

  static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw AgentException.invalid(null, "a JSON request body is required");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw AgentException.invalid(null, "the request body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw AgentException.invalid(field, "unknown field '" + field + "'; known fields here: "
          + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
    } catch (JsonMappingException e) {
      String field = path(e);
      throw AgentException.invalid(field.isEmpty() ? null : field,
          (field.isEmpty() ? "invalid request body" : "invalid value for '" + field + "'") + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw AgentException.invalid(null, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The error body shared by every component: {@code {"error": {"code", "message", "field"}}}. */
  static String error(String code, String message, String field) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return write(Map.of("error", error));
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
