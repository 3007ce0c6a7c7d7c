{{/* Name of the chart, for labels. */}}
{{- define "sandbox.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: the release name, with "-sandbox" unless it says so already. */}}
{{- define "sandbox.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "sandbox.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "sandbox.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component ("operator" or "gateway"); call with (dict "root" $ "component" "operator"). */}}
{{- define "sandbox.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sandbox.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Full image reference of one component. */}}
{{- define "sandbox.image" -}}
{{- $image := index .root.Values.image .component }}
{{- printf "%s%s:%s" .root.Values.image.registry $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/* Namespace where the gateway creates sandboxes. */}}
{{- define "sandbox.sandboxNamespace" -}}
{{- default (default .Release.Namespace .Values.watchNamespace) .Values.sandboxNamespace }}
{{- end }}

{{- define "sandbox.operatorServiceAccount" -}}{{ include "sandbox.fullname" . }}-operator{{- end }}
{{- define "sandbox.gatewayServiceAccount" -}}{{ include "sandbox.fullname" . }}-gateway{{- end }}

{{/* Secret names: the user's existing Secret or the chart's own. */}}
{{- define "sandbox.databaseSecret" -}}
{{- default (printf "%s-database" (include "sandbox.fullname" .)) .Values.database.existingSecret }}
{{- end }}
{{- define "sandbox.agentTokenSecret" -}}
{{- default (printf "%s-agent-token" (include "sandbox.fullname" .)) .Values.agentToken.existingSecret }}
{{- end }}
{{- define "sandbox.bootstrapKeySecret" -}}
{{- default (printf "%s-bootstrap-api-key" (include "sandbox.fullname" .)) .Values.bootstrapApiKey.existingSecret }}
{{- end }}

{{/* The database variables shared by the operator, the gateway and the migration Job. */}}
{{- define "sandbox.databaseEnv" -}}
- name: SANDBOX_DATABASE_URL
  value: {{ .Values.database.url | quote }}
- name: SANDBOX_DATABASE_USER
  valueFrom:
    secretKeyRef:
      name: {{ include "sandbox.databaseSecret" . }}
      key: {{ ternary .Values.database.userKey "username" (ne .Values.database.existingSecret "") }}
- name: SANDBOX_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "sandbox.databaseSecret" . }}
      key: {{ ternary .Values.database.passwordKey "password" (ne .Values.database.existingSecret "") }}
- name: SANDBOX_DATABASE_WAIT_SECONDS
  value: {{ .Values.database.startupWaitSeconds | quote }}
{{- end }}

{{/* The sandbox limits the gateway checks and the operators enforce: both processes get the same values. */}}
{{- define "sandbox.limitsEnv" -}}
- name: SANDBOX_MAX_DISK
  value: {{ .Values.sandboxes.maxDisk | quote }}
- name: SANDBOX_PORT_RANGE
  value: {{ .Values.sandboxes.portRange | quote }}
- name: SANDBOX_RESERVED_PORTS
  value: {{ .Values.sandboxes.reservedPorts | quote }}
{{- end }}

{{/* A container securityContext that meets Pod Security "restricted". */}}
{{- define "sandbox.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
