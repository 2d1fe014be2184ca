package dev.slipway.core.endpoint;

import java.util.List;
import java.util.Optional;

/** Persistence of endpoints' desired state. Implementations are thread-safe. */
public interface EndpointStore {

    List<Endpoint> list();

    Optional<Endpoint> find(String name);

    /**
     * @throws dev.slipway.core.error.SlipwayException ENDPOINT_EXISTS when the name is taken
     */
    void insert(Endpoint endpoint);

    /**
     * Replaces the stored row if its generation is still {@code expectedGeneration}.
     *
     * @throws dev.slipway.core.error.SlipwayException CONCURRENT_UPDATE otherwise
     */
    void update(Endpoint endpoint, long expectedGeneration);

    boolean delete(String name);
}
