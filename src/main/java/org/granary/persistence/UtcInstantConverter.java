package org.granary.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Stores every {@link Instant} attribute as an {@link OffsetDateTime} at UTC, in the schema's
 * {@code TIMESTAMP WITH TIME ZONE} columns.
 * <p>
 * Why: {@code Instant} is not a basic type in Jakarta Persistence 3.1 (EE 10; it becomes one in 3.2). Hibernate
 * maps it anyway, but EclipseLink 4.0 (GlassFish 7's provider) treats it as a serializable object and writes
 * bytes, which the timestamp columns refuse. {@code OffsetDateTime} is a basic type for every EE 10 provider, and
 * at UTC it keeps the instant exactly (to the microsecond the databases store), whatever the JVM's time zone.
 * The entities keep {@code Instant} fields, so nothing outside this package sees the difference.
 */
@Converter(autoApply = true)
public class UtcInstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
