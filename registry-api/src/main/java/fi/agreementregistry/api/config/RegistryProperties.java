package fi.agreementregistry.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * The registry's own settings ({@code registry.*}).
 *
 * @param mongodb  where events, tokens and read models live; no URI means the embedded server
 * @param embedded the in-process MongoDB wire-protocol server used when no URI is configured
 */
@ConfigurationProperties(prefix = "registry")
public record RegistryProperties(Mongodb mongodb, Embedded embedded) {

    public RegistryProperties {
        mongodb = mongodb == null ? new Mongodb(null, null) : mongodb;
        embedded = embedded == null ? new Embedded(null, null) : embedded;
    }

    /**
     * @param uri      a MongoDB connection string (a replica set in production); blank = embedded server
     * @param database the database holding events, tokens and read models
     */
    public record Mongodb(String uri, String database) {
        public Mongodb {
            database = database == null || database.isBlank() ? "agreement-registry" : database;
        }

        public boolean configured() {
            return uri != null && !uri.isBlank();
        }
    }

    /**
     * @param backend {@code file} (H2 files under {@code dataDir}, survives restarts) or {@code memory} (tests)
     * @param dataDir where the file backend keeps its data
     */
    public record Embedded(String backend, Path dataDir) {
        public Embedded {
            backend = backend == null || backend.isBlank() ? "file" : backend;
            dataDir = dataDir == null ? Path.of("data") : dataDir;
        }

        public boolean inMemory() {
            return "memory".equalsIgnoreCase(backend);
        }
    }
}
