/**
 * An in-memory Kubernetes API ({@link dev.sandbox.dev.kube.EmbeddedKubernetes}) for the one-process dev mode and for
 * tests: fabric8's CRUD mock server, made good enough for the real kubectl.
 */
package dev.sandbox.dev.kube;
