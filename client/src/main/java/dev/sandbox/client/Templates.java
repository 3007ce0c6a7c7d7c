package dev.sandbox.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Templates: named blueprints that {@link CreateSandboxRequest#fromTemplate} starts sandboxes from, the caller's own
 * and the installation's shared ones. Warm pools of ready sandboxes are kept per template by an administrator; a
 * sandbox created from a pooled template is taken from its pool. Get it with {@link SandboxClient#templates()};
 * {@link SandboxClient} offers the same calls under the same names.
 */
public final class Templates extends GatewayCalls {
    Templates(Transport transport) {
        super(transport);
    }

    /**
     * Creates a template of the caller's own: a named blueprint that {@link CreateSandboxRequest#fromTemplate} starts
     * sandboxes from.
     *
     * @param request the template
     * @return the template as stored; fails with {@link SandboxValidationException} (naming the field) or
     *     {@link SandboxOperationException} when the name is taken
     */
    public CompletableFuture<TemplateInfo> createTemplate(TemplateRequest request) {
        Arguments.requiredRequest(request);
        return transport.sendJson("POST", Routes.TEMPLATES, request, transport.timeout(), TemplateInfo.class);
    }

    /**
     * Replaces a template of the caller's own. Sandboxes made from it keep their spec; warm pools replace their
     * unclaimed sandboxes.
     *
     * @param request the template, with the name of the one to replace
     * @return the template as stored
     */
    public CompletableFuture<TemplateInfo> replaceTemplate(TemplateRequest request) {
        Arguments.requiredRequest(request);
        return transport.sendJson(
                "PUT", Routes.template(request.name()), request, transport.timeout(), TemplateInfo.class);
    }

    /**
     * Lists the templates the caller can use: its own and the installation's shared ones.
     *
     * @return the templates, by name
     */
    public CompletableFuture<List<TemplateInfo>> listTemplates() {
        return transport.getItems(Routes.TEMPLATES, TemplateInfo.class);
    }

    /**
     * Reads a template.
     *
     * @param name the template's name
     * @return the template; fails with {@link SandboxNotFoundException} when the caller cannot use one of that name
     */
    public CompletableFuture<TemplateInfo> getTemplate(String name) {
        return transport.get(Routes.template(name), TemplateInfo.class);
    }

    /**
     * Deletes a template of the caller's own. Fails with {@link SandboxOperationException} while a sandbox or a warm
     * pool uses it.
     *
     * @param name the template's name
     * @return completes once the deletion is accepted
     */
    public CompletableFuture<Void> deleteTemplate(String name) {
        return transport.delete(Routes.template(name));
    }
}
