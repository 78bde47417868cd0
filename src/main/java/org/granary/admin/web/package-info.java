/**
 * The admin console's server side (Jakarta Faces): backing beans and the view mapping. Pages live in
 * {@code webapp-ui/admin/}, templates under {@code webapp-ui/WEB-INF/}. The Faces servlet is mapped to
 * {@code /admin/*} (JAX-RS owns the rest of the URL space), so a request for {@code /admin/index.xhtml}
 * names the view {@code /index.xhtml}; {@link org.granary.admin.web.AdminViewResourceHandler} finds it in
 * {@code admin/}.
 */
package org.granary.admin.web;
