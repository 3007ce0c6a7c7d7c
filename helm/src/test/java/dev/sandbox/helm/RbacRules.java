package dev.sandbox.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rendered roles grant one ServiceAccount, evaluated the way Kubernetes' RBAC authorizer does: a binding's
 * role applies in the binding's namespace (a RoleBinding) or everywhere (a ClusterRoleBinding); a rule allows a call
 * when its groups, resources and verbs all match.
 */
final class RbacRules {
    /** One granted (verb, group, resource) where it applies; namespace null: every namespace and cluster-wide calls. */
    record Grant(String verb, String group, String resource, String namespace) {
        boolean allows(ApiCall call) {
            return verb.equals(call.verb())
                    && group.equals(call.group())
                    && resource.equals(call.resource())
                    && (namespace == null || namespace.equals(call.namespace()));
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " in "
                    + (namespace == null ? "all namespaces" : namespace);
        }
    }

    private final List<Grant> grants;

    private RbacRules(List<Grant> grants) {
        this.grants = grants;
    }

    /** The grants of {@code serviceAccount} (in {@code accountNamespace}) from the rendered objects. */
    static RbacRules of(List<HasMetadata> objects, String accountNamespace, String serviceAccount) {
        List<Grant> grants = new ArrayList<>();
        for (RoleBinding binding : Chart.all(objects, RoleBinding.class)) {
            if (boundTo(binding.getSubjects(), accountNamespace, serviceAccount)) {
                String namespace = binding.getMetadata().getNamespace();
                addRules(grants, rulesOf(objects, binding.getRoleRef(), namespace), namespace);
            }
        }
        for (ClusterRoleBinding binding : Chart.all(objects, ClusterRoleBinding.class)) {
            if (boundTo(binding.getSubjects(), accountNamespace, serviceAccount)) {
                addRules(grants, rulesOf(objects, binding.getRoleRef(), null), null);
            }
        }
        return new RbacRules(grants);
    }

    private static boolean boundTo(List<Subject> subjects, String namespace, String name) {
        return subjects.stream()
                .anyMatch(s -> "ServiceAccount".equals(s.getKind())
                        && name.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rulesOf(List<HasMetadata> objects, RoleRef ref, String bindingNamespace) {
        if ("ClusterRole".equals(ref.getKind())) {
            return Chart.one(objects, ClusterRole.class, ref.getName()).getRules();
        }
        Role role = Chart.all(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(bindingNamespace))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "RoleBinding in " + bindingNamespace + " names the missing Role " + ref.getName()));
        return role.getRules();
    }

    private static void addRules(List<Grant> into, List<PolicyRule> rules, String namespace) {
        for (PolicyRule rule : rules) {
            if (rule.getResourceNames() != null && !rule.getResourceNames().isEmpty()) {
                throw new AssertionError("rules limited to resource names are not modelled by this check: " + rule);
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        if (group.equals("*") || resource.equals("*") || verb.equals("*")) {
                            throw new AssertionError(
                                    "a wildcard in a rendered role grants more than least privilege: " + rule);
                        }
                        into.add(new Grant(verb, group, resource, namespace));
                    }
                }
            }
        }
    }

    boolean allows(ApiCall call) {
        return grants.stream().anyMatch(g -> g.allows(call));
    }

    List<Grant> grants() {
        return grants;
    }

    /** Grants that none of {@code calls} needed. */
    Set<Grant> unused(Set<ApiCall> calls) {
        Set<Grant> unused = new LinkedHashSet<>();
        for (Grant grant : grants) {
            if (calls.stream().noneMatch(grant::allows)) {
                unused.add(grant);
            }
        }
        return unused;
    }
}
