package fi.agreementregistry.api.config;

import fi.agreementregistry.core.party.CsvPartyDirectory;
import fi.agreementregistry.core.party.PartyDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class PartyDirectoryConfiguration {

    /** parties.csv as shipped (Statistics Finland codes; see parties/SOURCES.md). */
    @Bean
    public PartyDirectory partyDirectory() {
        return CsvPartyDirectory.fromClasspath();
    }
}
