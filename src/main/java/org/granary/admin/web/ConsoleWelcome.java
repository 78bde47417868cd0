package org.granary.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /granary/admin} and {@code /granary/admin/}, the URLs people type, lead to the dashboard. The Faces servlet
 * is mapped to {@code /admin/*}, so without this the bare folder would name the view {@code /}, which does not exist.
 */
@WebFilter(urlPatterns = {"/admin", "/admin/"})
public class ConsoleWelcome extends HttpFilter {

    static final String HOME = "/admin/index.xhtml";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/admin") || path.equals("/admin/")) {
            response.sendRedirect(request.getContextPath() + HOME);
            return;
        }
        chain.doFilter(request, response);
    }
}
