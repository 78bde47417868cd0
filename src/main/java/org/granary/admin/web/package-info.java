/**
 * The admin console's server side (Jakarta Faces): one thin backing bean per page ({@code DashboardPage},
 * {@code RepositoriesPage}, {@code RepositoryPage}, {@code BrowsePage}, {@code PackagePage}, {@code AccessPage},
 * {@code UserPage}, {@code AuditPage}, {@code JobsPage}, {@code GuardsPage}, {@code UploadPage}) that calls services in
 * {@code core}, {@code security}, {@code metrics} and the formats' publish services ({@code format.*.…Publishing}, the
 * same the clients' publishes use); the forms' rules as plain classes ({@code RepositoryForm}, {@code UserForm},
 * {@code TokenForm}, {@code PasswordForm}, {@code CleanupForm}, {@code PrefetchForm}, {@code GuardRuleForm},
 * {@code GuardPolicyForm}, {@code WingetUploadForm}, {@code PackageUploadForm}), unit-tested;
 * {@link org.granary.admin.web.ConsoleGuard}, the admin check every action makes and the messages next to fields;
 * the server-drawn chart and the client set-up snippets; and the view mapping. Pages live in
 * {@code webapp-ui/admin/}, templates under {@code webapp-ui/WEB-INF/}. The Faces servlet is mapped to
 * {@code /admin/*} (JAX-RS owns the rest of the URL space), so a request for {@code /admin/index.xhtml} names the
 * view {@code /index.xhtml}; {@link org.granary.admin.web.AdminViewResourceHandler} finds it in {@code admin/}, and
 * {@link org.granary.admin.web.ConsoleWelcome} sends {@code /admin/} to the dashboard. Beans never touch the
 * {@code EntityManager}; rows cross into the pages as records.
 */
package org.granary.admin.web;
