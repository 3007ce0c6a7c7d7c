-- Tenants own API keys and sandboxes. A tenant id is also the label value on a tenant's Sandbox resources.
create table tenants (
    id          text primary key check (id ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    name        text not null,
    created_at  timestamptz not null default now()
);

-- API keys are stored only as SHA-256 hashes; the prefix lets a person recognise a key without revealing it.
create table api_keys (
    id            bigserial primary key,
    tenant_id     text not null references tenants (id),
    key_prefix    text not null,
    key_hash      text not null unique,
    name          text not null,
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- A queryable mirror of every sandbox, kept after deletion. Never desired state: the Kubernetes API holds that.
create table sandboxes (
    uid           text primary key,
    namespace     text not null,
    name          text not null,
    tenant_id     text,
    image         text not null,
    node          text,
    phase         text,
    reason        text,
    message       text,
    container_id  text,
    restart_count integer not null default 0,
    spec          jsonb not null,
    status        jsonb,
    created_at    timestamptz not null,
    updated_at    timestamptz not null default now(),
    deleted_at    timestamptz
);
create index sandboxes_by_name on sandboxes (namespace, name);
create index sandboxes_by_tenant on sandboxes (tenant_id) where deleted_at is null;

-- Append-only history of lifecycle transitions.
create table sandbox_events (
    id           bigserial primary key,
    sandbox_uid  text not null,
    namespace    text not null,
    name         text not null,
    type         text not null,
    phase        text,
    reason       text,
    message      text,
    node         text,
    occurred_at  timestamptz not null
);
create index sandbox_events_by_sandbox on sandbox_events (sandbox_uid, id);
