package fi.agreementregistry.api.config;

import fi.agreementregistry.api.RegistryHttpTest;
import org.axonframework.config.Configuration;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.xml.XStreamSerializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** XStream cannot serialize tracking tokens on Java 17 and is a known deserialization risk: never use it. */
class NoXStreamTest extends RegistryHttpTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    Configuration axon;

    @Test
    void everySerializerAxonUsesIsJackson() {
        List<Serializer> serializers = List.of(axon.serializer(), axon.eventSerializer(), axon.messageSerializer());
        assertThat(serializers).allSatisfy(s -> assertThat(s).isInstanceOf(JacksonSerializer.class));
        assertThat(context.getBeansOfType(Serializer.class).values())
                .noneMatch(s -> s instanceof XStreamSerializer)
                .allSatisfy(s -> assertThat(s).isInstanceOf(JacksonSerializer.class));
    }
}
