package dev.sandbox.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/** How the production processes (operator and gateway) reach the Kubernetes API. */
public final class KubernetesApi {
    private KubernetesApi() {}

    /**
     * A client from the pod's service account (in a cluster) or the kubeconfig in {@code KUBECONFIG}, over the JDK's HTTP
     * client (the one the project ships).
     */
    public static KubernetesClient connect() {
        Config config = Config.autoConfigure(null);
        if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http:")) {
            // Plain HTTP (a local test API): the JDK client would otherwise try an HTTP/2 upgrade on every request.
            config.setHttp2Disable(true);
        }
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }
}
