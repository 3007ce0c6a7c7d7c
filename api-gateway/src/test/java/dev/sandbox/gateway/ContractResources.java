package dev.sandbox.gateway;

import dev.sandbox.crd.NetworkVolume;
import dev.sandbox.crd.NetworkVolumeClass;
import dev.sandbox.crd.Sandbox;
import dev.sandbox.crd.SandboxSnapshot;
import dev.sandbox.crd.SandboxTemplate;
import dev.sandbox.crd.SandboxWarmPool;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Resources as the operator and the gateway leave them in the Kubernetes API, with every field the REST views read
 * set, for contract tests of the views. Each is what a kubectl user would see with {@code kubectl get -o yaml}.
 */
final class ContractResources {
    private ContractResources() {}

    /** A sandbox claimed from a warm pool, with a network volume, ports, a lifetime and a finished earlier run. */
    static Sandbox sandbox() {
        return Serialization.unmarshal(
                """
        apiVersion: sandbox.dev/v1alpha1
        kind: Sandbox
        metadata:
          name: sbx-4f9c2a1b7d
          namespace: default
          uid: 6f1d0c3e-0000-4000-8000-00000000a001
          generation: 3
          creationTimestamp: "2026-11-26T15:00:00Z"
          labels:
            sandbox.dev/tenant: team-a
            team: data
          annotations:
            %s: "true"
            %s: warm
            %s: claimed from the pool
            %s: python-data-pool
            %s: "2026-11-26T15:00:02Z"
        spec:
          image: sandbox-python:local
          command: [sleep, infinity]
          entrypoint: [/bin/sh, -c]
          env: {LANG: C.UTF-8}
          resources: {cpu: 1.5, memory: 1g, disk: 2g, gpu: all, timeoutSeconds: 3600, maxRetries: 2}
          ports:
            - {internal: 8080, external: 32768, protocol: http, subdomain: app}
          network: {mode: Egress, allow: [203.0.113.0/24], deny: [198.51.100.7]}
          desiredState: Running
          idleTimeoutSeconds: 900
          idleAction: Pause
          snapshot: snap-k3v9q2m1xa
          nodeName: local
          shutdownPolicy: Stop
          mounts:
            - {volume: shared-data, mountPath: /data, readOnly: true}
          templateRef: python-data
        status:
          phase: Running
          observedGeneration: 3
          containerId: 0123abcd
          nodeName: local
          startedAt: "2026-11-26T15:00:03Z"
          finishedAt: "2026-11-26T15:00:01Z"
          exitCode: 0
          reason: Started
          message: container is running
          ports:
            - {internal: 8080, external: 32768, hostIp: 127.0.0.1, protocol: http}
          network: {mode: Egress, enforced: true}
          restartCount: 1
          expiresAt: "2026-11-26T16:00:02Z"
          image: sandbox-python:local
          buildLog: "Step 1/1 : FROM scratch"
          logTail: "started"
          disk: {usedBytes: 1179648, limitBytes: 2147483648, enforced: true}
        """.formatted(
                                SandboxService.PUBLIC_ANNOTATION,
                                SandboxWarmPool.START,
                                SandboxWarmPool.START_MESSAGE,
                                SandboxWarmPool.CLAIMED_FROM,
                                SandboxWarmPool.CLAIMED_AT),
                Sandbox.class);
    }

    static NetworkVolume networkVolume() {
        return Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: NetworkVolume
        metadata:
          name: shared-data
          namespace: default
          creationTimestamp: "2026-11-26T15:00:00Z"
        spec: {className: local, size: 2g, mountPath: /data, readOnly: false}
        status:
          phase: Ready
          nodes: [local]
          mountedBy: [sbx-4f9c2a1b7d]
          usedBytes: 1179648
          limitBytes: 2147483648
          sizeEnforced: true
          message: exists on local; class local, size 2g enforced
        """, NetworkVolume.class);
    }

    static NetworkVolumeClass volumeClass() {
        return Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: NetworkVolumeClass
        metadata:
          name: local
        spec: {type: Disk, defaultSize: 1g, minSize: 16m, maxSize: 10g, description: A file system of its own on one node}
        """, NetworkVolumeClass.class);
    }

    static SandboxSnapshot snapshot() {
        return Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: SandboxSnapshot
        metadata:
          name: snap-k3v9q2m1xa
          namespace: default
          creationTimestamp: "2026-11-26T15:00:00Z"
        spec: {sandbox: sbx-4f9c2a1b7d, memory: false}
        status:
          phase: Ready
          reason: Taken
          message: snapshot of sandbox sbx-4f9c2a1b7d taken in 412 ms
          nodeName: local
          image: sandbox-snapshot:3f0c
          workspaceBytes: 104857600
          sizeBytes: 104861696
          durationMs: 412
          readyAt: "2026-11-26T15:00:01Z"
          usedBy: [sbx-9a8b7c6d5e]
        """, SandboxSnapshot.class);
    }

    static SandboxTemplate template() {
        return Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: SandboxTemplate
        metadata:
          name: python-data
          namespace: default
          creationTimestamp: "2026-11-26T15:00:00Z"
          labels: {sandbox.dev/tenant: team-a}
        spec:
          image: sandbox-python:local
          buildContext: {Dockerfile: "FROM sandbox-python:local"}
          command: [sleep, infinity]
          entrypoint: [/bin/sh, -c]
          env: {LANG: C.UTF-8}
          resources: {cpu: 1.0, memory: 512m, disk: 1g, gpu: all, timeoutSeconds: 3600, maxRetries: 0}
          ports:
            - {internal: 8080, external: 31000, protocol: http, subdomain: data}
          mounts:
            - {volume: shared-data, mountPath: /data, readOnly: false}
          idleTimeoutSeconds: 900
          stopTimeoutSeconds: 10
          shutdownPolicy: Delete
          overridable: [environment, resources.memory]
        status: {inUse: 2}
        """, SandboxTemplate.class);
    }

    static SandboxWarmPool warmPool() {
        return Serialization.unmarshal("""
        apiVersion: sandbox.dev/v1alpha1
        kind: SandboxWarmPool
        metadata:
          name: python-data-pool
          namespace: default
        spec: {templateRef: python-data, replicas: 5}
        status: {readyReplicas: 4}
        """, SandboxWarmPool.class);
    }
}
