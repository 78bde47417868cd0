package org.granary.admin.web;

import jakarta.faces.application.ResourceHandler;
import jakarta.faces.application.ResourceHandlerWrapper;
import jakarta.faces.application.ViewResource;
import jakarta.faces.context.FacesContext;

/** Resolves Faces views from {@code webapp-ui/admin/}, where the admin pages are kept. */
public class AdminViewResourceHandler extends ResourceHandlerWrapper {

    static final String FOLDER = "/admin";

    public AdminViewResourceHandler(ResourceHandler wrapped) {
        super(wrapped);
    }

    @Override
    public ViewResource createViewResource(FacesContext context, String resourceName) {
        if (resourceName.startsWith("/") && !resourceName.startsWith("/WEB-INF/") && !resourceName.startsWith(FOLDER + "/")) {
            ViewResource inFolder = super.createViewResource(context, FOLDER + resourceName);
            if (inFolder != null) {
                return inFolder;
            }
        }
        return super.createViewResource(context, resourceName);
    }
}
