package fi.agreementregistry.api.operations;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs where the tests run, so this checks what can be checked without one: the structure of
 * docker/compose.yaml (parsed as YAML, anchors and merge keys resolved) and the rules docker/Dockerfile must keep.
 * docker/README.md lists the commands that check more where the tools are installed.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final List<String> MONGO_MEMBERS = List.of("mongo1", "mongo2", "mongo3");
    private static final List<String> REGISTRIES = List.of("registry-a", "registry-b");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> compose() throws IOException {
        return map(new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml"))));
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(map(compose().get("services")).get(name));
    }

    @Test
    void composeRunsAThreeMemberReplicaSetOnNamedVolumes() throws IOException {
        Map<String, Object> volumes = map(compose().get("volumes"));
        for (String member : MONGO_MEMBERS) {
            Map<String, Object> mongo = service(member);
            assertThat(String.valueOf(mongo.get("image"))).startsWith("mongo:");
            assertThat((List<String>) mongo.get("command")).containsSubsequence("--replSet", "rs0");
            assertThat(mongo).containsKey("healthcheck");
            String volume = ((List<String>) mongo.get("volumes")).get(0);
            assertThat(volume).endsWith(":/data/db");
            assertThat(volumes).containsKey(volume.substring(0, volume.indexOf(':')));
        }
    }

    @Test
    void composeInitiatesTheReplicaSetOnceAllMembersAreHealthy() throws IOException {
        Map<String, Object> init = service("mongo-init");
        assertThat(String.valueOf(init.get("restart"))).isEqualTo("no");
        Map<String, Object> dependsOn = map(init.get("depends_on"));
        assertThat(dependsOn.keySet()).containsExactlyInAnyOrderElementsOf(MONGO_MEMBERS);
        dependsOn.values().forEach(d -> assertThat(map(d).get("condition")).isEqualTo("service_healthy"));
        String script = String.join("\n", (List<String>) init.get("command"));
        assertThat(script).contains("mongosh", "rs.initiate(", "_id: 'rs0'");
        MONGO_MEMBERS.forEach(member -> assertThat(script).contains("host: '" + member + ":27017'"));
    }

    @Test
    void composeRunsTwoRegistryInstancesOnTheReplicaSetWithMajorityWrites() throws IOException {
        for (String name : REGISTRIES) {
            Map<String, Object> registry = service(name);
            Map<String, Object> environment = map(registry.get("environment"));
            String uri = String.valueOf(environment.get("REGISTRY_MONGODB_URI"));
            assertThat(uri).startsWith("mongodb://").contains("replicaSet=rs0", "w=majority");
            MONGO_MEMBERS.forEach(member -> assertThat(uri).contains(member + ":27017"));
            assertThat(environment.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
            assertThat(String.valueOf(map(registry.get("healthcheck")).get("test"))).contains("/actuator/health/readiness");
            assertThat(map(map(registry.get("depends_on")).get("mongo-init")).get("condition"))
                    .isEqualTo("service_completed_successfully");
            assertThat(map(registry.get("build")).get("dockerfile")).isEqualTo("docker/Dockerfile");
            assertThat(registry).as("configuration by environment only").doesNotContainKeys("env_file", "volumes");
        }
    }

    @Test
    void composePutsAReverseProxyInFrontOfBothInstances() throws IOException {
        Map<String, Object> proxy = service("proxy");
        assertThat(String.valueOf(proxy.get("image"))).startsWith("nginx:");
        assertThat(map(proxy.get("depends_on")).keySet()).containsExactlyInAnyOrderElementsOf(REGISTRIES);
        assertThat(proxy).containsKeys("ports", "healthcheck");
        String nginx = Files.readString(DOCKER.resolve("nginx.conf"));
        REGISTRIES.forEach(name -> assertThat(nginx).contains("server " + name + ":8080"));
        assertThat(compose()).as("only the proxy publishes a port").satisfies(c ->
                map(c.get("services")).forEach((name, s) -> {
                    if (!name.equals("proxy")) {
                        assertThat(map(s)).doesNotContainKey("ports");
                    }
                }));
    }

    @Test
    void dockerfileBuildsWithTheWrapperAndRunsLayersOnAJreAsANonRootUserWithAHealthCheck() throws IOException {
        // Continuation lines joined, so one instruction is one line.
        List<String> lines = Files.readString(DOCKER.resolve("Dockerfile")).replaceAll("\\\\\\s*\n\\s*", " ").lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)).contains("-jdk").contains(" AS build");
        assertThat(froms.get(froms.size() - 1)).contains("-jre").doesNotContain(" AS ");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("./mvnw").contains("package"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("-Djarmode=tools").contains("extract --layers"));

        int lastFrom = lines.indexOf(froms.get(froms.size() - 1));
        List<String> runtime = lines.subList(lastFrom, lines.size());
        List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).singleElement().satisfies(u -> assertThat(u.substring(5).strip()).isNotIn("root", "0"));
        assertThat(runtime).anySatisfy(l -> assertThat(l).startsWith("HEALTHCHECK").contains("/actuator/health/readiness"));
        assertThat(runtime).anySatisfy(l -> assertThat(l).matches("ENTRYPOINT \\[.*\\]"));
        Pattern addOfUrl = Pattern.compile("^ADD\\s+(--\\S+\\s+)*https?://.*");
        assertThat(lines).noneMatch(l -> addOfUrl.matcher(l).matches());
        assertThat(lines).noneMatch(l -> l.startsWith("FROM ") && l.contains(":latest"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() throws IOException {
        assertThat(Files.readAllLines(Path.of("..", ".dockerignore"))).contains("**/target/", "data/", ".git/");
    }
}
