package org.granary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GranaryConfigTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "UPSTREAM_NPM,              GRANARY_UPSTREAM_NPM",
            "DATA_DIR,                  GRANARY_DATA_DIR",
            "METADATA_MAX_AGE,          GRANARY_METADATA_MAX_AGE",
            "UPSTREAM_CONNECT_TIMEOUT,  GRANARY_UPSTREAM_CONNECT_TIMEOUT",
            "UPSTREAM_RETRY_BASE_DELAY, GRANARY_UPSTREAM_RETRY_BASE_DELAY",
            "NO_PROXY,                  GRANARY_NO_PROXY",
    })
    void environmentVariableIsThePropertyInUpperCaseWithUnderscores(Setting setting, String variable) {
        assertEquals(variable, setting.environmentVariable());
    }

    @Test
    void theNpmUpstreamPropertyIsNamedAsDocumented() {
        assertEquals("granary.upstream.npm", Setting.UPSTREAM_NPM.property());
        assertEquals("GRANARY_UPSTREAM_NPM", Setting.UPSTREAM_NPM.environmentVariable());
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void everyEnvironmentVariableIsUsableInAShell(Setting setting) {
        assertTrue(setting.environmentVariable().matches("GRANARY_[A-Z0-9_]+"), setting.environmentVariable());
        assertTrue(setting.property().startsWith("granary."), setting.property());
        assertTrue(!setting.description().isBlank(), setting + " needs a description for the README");
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
            "PT5M,   PT5M",
            "pt30s,  PT30S",
            "PT0.2S, PT0.2S",
            "P1D,    PT24H",
            "30,     PT30S",
            "0,      PT0S",
            "3600,   PT1H",
    })
    void durationsAreIsoOrPlainSeconds(String value, String expected) {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.METADATA_MAX_AGE, value));

        assertEquals(Duration.parse(expected), config.duration(Setting.METADATA_MAX_AGE));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"5 minutes", "5m", "PT", "1.5", "forever"})
    void aBadDurationNamesTheEnvironmentVariable(String value) {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.UPSTREAM_READ_TIMEOUT, value));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> config.duration(Setting.UPSTREAM_READ_TIMEOUT));

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_READ_TIMEOUT"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is {1} bytes")
    @CsvSource({
            "0,           0",
            "1073741824,  1073741824",
            "1GiB,        1073741824",
            "512MiB,      536870912",
            "512 mib,     536870912",
            "10GB,        10000000000",
            "3kb,         3000",
            "4KiB,        4096",
            "2TiB,        2199023255552",
            "100B,        100",
    })
    void byteSizesArePlainOrWithAUnit(String value, long expected) {
        assertEquals(expected, GranaryConfig.of(Map.of(Setting.MIN_FREE_BYTES, value)).bytes(Setting.MIN_FREE_BYTES));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"1.5GiB", "-1", "lots", "10 GiBs", "9999999999TiB"})
    void aBadByteSizeNamesTheEnvironmentVariableAndStopsTheStart(String value) {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.MIN_FREE_BYTES, value));

        IllegalStateException e = assertThrows(IllegalStateException.class, config::validated);

        assertTrue(e.getMessage().contains("GRANARY_MIN_FREE_BYTES"), e.getMessage());
    }

    @Test
    void theDiskReserveIsOneGibibyteAndAuditEventsAreKeptByDefault() {
        GranaryConfig config = GranaryConfig.of(Map.of());

        assertEquals(1L << 30, config.bytes(Setting.MIN_FREE_BYTES));
        assertEquals(Optional.empty(), config.get(Setting.AUDIT_RETENTION));
    }

    @Test
    void anEmptyConfigurationHasTheDocumentedDefaults() {
        GranaryConfig config = GranaryConfig.of(Map.of());

        assertEquals(Duration.ofMinutes(5), config.duration(Setting.METADATA_MAX_AGE));
        assertEquals(Duration.ofSeconds(10), config.duration(Setting.UPSTREAM_CONNECT_TIMEOUT));
        assertEquals(Duration.ofSeconds(30), config.duration(Setting.UPSTREAM_READ_TIMEOUT));
        assertEquals(Duration.ofMillis(200), config.duration(Setting.UPSTREAM_RETRY_BASE_DELAY));
        assertEquals(Duration.ofSeconds(10), config.duration(Setting.UPSTREAM_RETRY_MAX_DELAY));
        assertEquals(3, config.integer(Setting.UPSTREAM_MAX_ATTEMPTS));
        assertEquals(Optional.of("localhost,127.0.0.1,::1"), config.get(Setting.NO_PROXY));
        assertEquals(Path.of("./data").toAbsolutePath().normalize(), config.dataDir());
        assertEquals(Optional.empty(), config.uri(Setting.UPSTREAM_NPM));
        assertEquals(Optional.empty(), config.uri(Setting.HTTP_PROXY));
        assertEquals(Optional.empty(), config.get(Setting.BASE_URL));
    }

    @Test
    void defaultsAreNotReportedAsExplicit() {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.UPSTREAM_NPM, "https://registry.npm.example.test/"));

        assertEquals(Optional.empty(), config.explicit(Setting.METADATA_MAX_AGE));
        assertEquals(Optional.of("PT5M"), config.get(Setting.METADATA_MAX_AGE));
        assertEquals(Optional.of("https://registry.npm.example.test/"), config.explicit(Setting.UPSTREAM_NPM));
    }

    @Test
    void explicitValuesOverrideDefaults() {
        GranaryConfig config = GranaryConfig.of(Map.of(
                Setting.UPSTREAM_MAX_ATTEMPTS, "5",
                Setting.UPSTREAM_NPM, "https://registry.npm.example.test/",
                Setting.DATA_DIR, "/var/lib/granary/../granary"));

        assertEquals(5, config.integer(Setting.UPSTREAM_MAX_ATTEMPTS));
        assertEquals(Optional.of(URI.create("https://registry.npm.example.test/")), config.uri(Setting.UPSTREAM_NPM));
        assertEquals(Path.of("/var/lib/granary"), config.dataDir());
    }

    @Test
    void aMissingRequiredSettingNamesBothSpellings() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GranaryConfig.of(Map.of()).require(Setting.UPSTREAM_NPM));

        assertTrue(e.getMessage().contains("granary.upstream.npm"), e.getMessage());
        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_NPM"), e.getMessage());
    }

    @Test
    void aBadNumberNamesTheEnvironmentVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GranaryConfig.of(Map.of(Setting.UPSTREAM_MAX_ATTEMPTS, "three")).integer(Setting.UPSTREAM_MAX_ATTEMPTS));

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_MAX_ATTEMPTS"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is not an absolute URL")
    @ValueSource(strings = {"registry.npm.example.test", "/relative/path", "http://", "not a url"})
    void aBadUrlNamesTheEnvironmentVariable(String value) {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.UPSTREAM_NPM, value));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> config.uri(Setting.UPSTREAM_NPM));

        assertTrue(e.getMessage().contains("GRANARY_UPSTREAM_NPM"), e.getMessage());
    }
    @Test
    void theDefaultConfigurationIsValid() {
        GranaryConfig config = GranaryConfig.of(Map.of());

        assertEquals(config, config.validated());
    }

    @Test
    void theCargoUpstreamMayBeWrittenAsCargoUsersWriteIt() {
        GranaryConfig config = GranaryConfig.of(Map.of(Setting.UPSTREAM_CARGO, "sparse+https://index.cargo.example.test"))
                .validated();

        assertEquals(Optional.of(URI.create("https://index.cargo.example.test/")), config.upstream(Setting.UPSTREAM_CARGO));
    }

    @Test
    void validationNamesEveryBadSettingAtOnce() {
        GranaryConfig config = GranaryConfig.of(Map.of(
                Setting.UPSTREAM_CARGO, "sparse+ftp://index.cargo.example.test/",
                Setting.UPSTREAM_MAVEN, "repo.example.test/maven2",
                Setting.UPSTREAM_FETCH_DEADLINE, "ten minutes",
                Setting.UPSTREAM_MAX_ATTEMPTS, "0",
                Setting.NEGATIVE_CACHE_TTL, "-PT5M",
                Setting.HTTP_PROXY, "proxy:3128"));

        IllegalStateException e = assertThrows(IllegalStateException.class, config::validated);

        for (String variable : new String[] {"GRANARY_UPSTREAM_CARGO", "GRANARY_UPSTREAM_MAVEN",
                "GRANARY_UPSTREAM_FETCH_DEADLINE", "GRANARY_UPSTREAM_MAX_ATTEMPTS", "GRANARY_NEGATIVE_CACHE_TTL",
                "GRANARY_HTTP_PROXY"}) {
            assertTrue(e.getMessage().contains(variable), variable + " missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("Granary cannot start with this configuration"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"UPSTREAM_NPM", "UPSTREAM_PYPI", "UPSTREAM_CARGO", "UPSTREAM_MAVEN", "UPSTREAM_GO"})
    void everyUpstreamSettingIsCheckedAsAnUpstreamUrl(Setting setting) {
        assertEquals(Setting.Kind.UPSTREAM_URL, setting.kind());
        GranaryConfig config = GranaryConfig.of(Map.of(setting, "gopher://upstream.example.test/"));

        IllegalStateException e = assertThrows(IllegalStateException.class, config::validated);

        assertTrue(e.getMessage().contains(setting.environmentVariable()), e.getMessage());
    }
}
