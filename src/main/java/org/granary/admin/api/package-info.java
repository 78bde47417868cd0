/**
 * The REST API under {@code /granary/api/}: who am I, users, tokens, repositories, deletes of hosted
 * versions and the audit log, as
 * JSON. Thin: each method checks the caller's role ({@code ApiGuard}), only then reads its body
 * ({@code ApiBody}: 64 KiB, one object, known fields only), calls a service and renders JSON.
 * Depends on {@code core}, {@code security} and {@code persistence} (entities to render only).
 */
package org.granary.admin.api;
