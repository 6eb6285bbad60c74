package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Reading JSON request bodies with errors a client can act on. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() { }

    /** The body as a JSON object; 400 {@code bad_json} when it is not one. An empty body is an empty object. */
    static JsonNode object(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) return MAPPER.createObjectNode();
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new ApiError(400, "bad_json", "the request body is not valid JSON");
        }
        if (n == null || !n.isObject()) throw new ApiError(400, "bad_json", "the request body must be a JSON object");
        return n;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
