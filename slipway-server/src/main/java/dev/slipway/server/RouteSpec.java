package dev.slipway.server;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One route the server answers: an HTTP method and a Vert.x path such as {@code
 * /v2/models/:endpoint}. Read back from the router after mounting, so the OpenAPI document can be
 * checked against what is really served rather than against a second copy of the route tables.
 */
public record RouteSpec(HttpMethod method, String path) {
    public RouteSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
    }

    /**
     * The routes of {@code router}, in mount order. Routes mounted without a method ({@code
     * router.route("/v2/*")} for body limits, authentication and failure handlers) only filter
     * requests on their way to a real route, so they are left out.
     */
    static List<RouteSpec> mountedOn(Router router) {
        List<RouteSpec> routes = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() != null) {
                route.methods()
                        .forEach(method -> routes.add(new RouteSpec(method, route.getPath())));
            }
        }
        return List.copyOf(routes);
    }
}
