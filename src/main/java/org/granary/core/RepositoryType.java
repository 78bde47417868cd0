package org.granary.core;

/** proxy: caches an upstream; hosted: packages published here; group: ordered members behind one URL. */
public enum RepositoryType {
    PROXY, HOSTED, GROUP
}
