package org.granary.format.winget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.granary.core.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContractVersionTest {

    /** The contracts today's winget client implements (CommonRestConstants.h). */
    static final List<ContractVersion> WINGET = List.of(ContractVersion.V1_0, ContractVersion.V1_1,
            ContractVersion.V1_4, ContractVersion.V1_5, ContractVersion.V1_6, ContractVersion.V1_7,
            ContractVersion.V1_9, ContractVersion.V1_10, ContractVersion.V1_12, ContractVersion.V1_28);

    @Test
    void granaryAdvertisesTheContractsFrom110To1280() {
        assertEquals(List.of("1.1.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.9.0", "1.10.0", "1.12.0", "1.28.0"),
                ContractVersion.servedList());
    }

    static Stream<Arguments> negotiations() {
        return Stream.of(
                // what the reference server (restsource) advertises
                Arguments.of(List.of("1.0.0", "1.1.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.9.0", "1.10.0"), "1.10.0"),
                Arguments.of(ContractVersion.servedList(), "1.28.0"),
                // major.minor decides: a server's patch level is irrelevant
                Arguments.of(List.of("1.1.7", "1.4.2"), "1.4.0"),
                Arguments.of(List.of("1.12", "1.10.0.0"), "1.12.0"),
                // a version the client does not implement is skipped, not rounded down
                Arguments.of(List.of("1.2.0", "1.3.0", "1.11.0"), null),
                Arguments.of(List.of("1.8.0", "1.7.0"), "1.7.0"),
                Arguments.of(List.of("2.0.0"), null),
                // what winget cannot match: no minor, text in a part, garbage
                Arguments.of(List.of("1", "1.28-preview", "latest", ""), null),
                Arguments.of(List.of("garbage", "1.9.0"), "1.9.0"),
                Arguments.of(List.of(), null));
    }

    @ParameterizedTest(name = "server {0} -> {1}")
    @MethodSource("negotiations")
    void negotiatesTheHighestCommonContractByMajorAndMinorAsWingetDoes(List<String> server, String expected) {
        assertEquals(Optional.ofNullable(expected), ContractVersion.negotiate(server, WINGET).map(Object::toString));
    }

    @Test
    void granaryAsAClientOfAnUpstreamNegotiatesWithWhatItServes() {
        assertEquals(Optional.of(ContractVersion.V1_10),
                ContractVersion.negotiate(List.of("1.0.0", "1.10.0"), ContractVersion.SERVED));
        assertEquals(Optional.empty(), ContractVersion.negotiate(List.of("1.0.0"), ContractVersion.SERVED),
                "a 1.0-only upstream shares no contract with Granary");
    }

    static Stream<Arguments> headers() {
        return Stream.of(Arguments.of("1.1.0", ContractVersion.V1_1), Arguments.of("1.10.0", ContractVersion.V1_10),
                Arguments.of(" 1.28.0 ", ContractVersion.V1_28), Arguments.of("1.12", ContractVersion.V1_12),
                Arguments.of("1.4.3", ContractVersion.V1_4), Arguments.of(null, ContractVersion.V1_1),
                Arguments.of("", ContractVersion.V1_1));
    }

    @ParameterizedTest(name = "Version: {0} -> {1}")
    @MethodSource("headers")
    void readsTheVersionHeader(String header, ContractVersion expected) {
        assertEquals(expected, ContractVersion.fromHeader(header));
    }

    @ParameterizedTest(name = "Version: {0} -> 400")
    @ValueSource(strings = {"latest", "1", "1.x", "v1.10.0", "1.10.0-preview", "1.10.0.0.0", "-1.0", "1..0",
            "99999999999.0"})
    void garbageInTheVersionHeaderIsTheClientsMistake(String header) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ContractVersion.fromHeader(header));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("is not a contract version such as 1.10.0"), e.getMessage());
    }

    @ParameterizedTest(name = "Version: {0} -> 400, not served")
    @ValueSource(strings = {"1.0.0", "1.2.0", "1.11.0", "1.29.0", "2.0.0"})
    void aContractGranaryDoesNotServeIsRefusedWithTheListOfThoseItDoes(String header) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ContractVersion.fromHeader(header));
        assertEquals("contract version " + header + " is not served here; supported versions: [1.1.0, 1.4.0, 1.5.0, "
                + "1.6.0, 1.7.0, 1.9.0, 1.10.0, 1.12.0, 1.28.0]", e.getMessage());
    }
}
