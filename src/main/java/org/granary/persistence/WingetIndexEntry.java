package org.granary.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One searchable value of one WinGet package version in one repository (a row of the search index). Written by
 * {@link WingetIndexDao} in bulk; read as {@link WingetIndexRow}s.
 */
@Entity
@Table(name = "winget_index_key")
public class WingetIndexEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "repository_id", nullable = false)
    private long repositoryId;

    @Column(name = "package_identifier", nullable = false, length = 128)
    private String packageIdentifier;

    @Column(name = "package_sort", nullable = false, length = 128)
    private String packageSort;

    @Column(name = "package_version", nullable = false, length = 128)
    private String packageVersion;

    @Column(nullable = false, length = 40)
    private String field;

    @Column(name = "field_value", nullable = false, length = 512)
    private String value;

    @Column(name = "value_folded", nullable = false, length = 512)
    private String valueFolded;

    @Column(name = "value_fuzzy", nullable = false, length = 512)
    private String valueFuzzy;

    protected WingetIndexEntry() {
        // for JPA
    }

    public Long getId() {
        return id;
    }

    public long getRepositoryId() {
        return repositoryId;
    }

    public String getPackageIdentifier() {
        return packageIdentifier;
    }

    public String getPackageSort() {
        return packageSort;
    }

    public String getPackageVersion() {
        return packageVersion;
    }

    public String getField() {
        return field;
    }

    public String getValue() {
        return value;
    }

    public String getValueFolded() {
        return valueFolded;
    }

    public String getValueFuzzy() {
        return valueFuzzy;
    }

    WingetIndexRow toRow() {
        return new WingetIndexRow(packageIdentifier, packageVersion, field, value);
    }
}
