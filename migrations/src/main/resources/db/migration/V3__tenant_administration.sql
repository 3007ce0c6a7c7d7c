-- Per-tenant limits (null: no limit of that kind), administrator keys and soft deletion of tenants. A deleted tenant's
-- row stays so that its keys and the audit trail keep their meaning; creating the name again brings it back.
alter table tenants
    add column limit_sandboxes           integer check (limit_sandboxes >= 0),
    add column limit_cpu_millis          bigint check (limit_cpu_millis >= 0),
    add column limit_memory_bytes        bigint check (limit_memory_bytes >= 0),
    add column limit_disk_bytes          bigint check (limit_disk_bytes >= 0),
    add column limit_requests_per_second integer check (limit_requests_per_second >= 1),
    add column updated_at                timestamptz not null default now(),
    add column deleted_at                timestamptz;

-- An administrator key may use /v1/admin; every other key is a tenant key.
alter table api_keys add column admin boolean not null default false;
create index api_keys_by_tenant on api_keys (tenant_id, id);

-- One row per administrative action (tenants, keys), never updated or deleted by the platform.
create table admin_audit (
    id             bigserial primary key,
    occurred_at    timestamptz not null default now(),
    actor_key_id   bigint,
    actor_tenant   text,
    action         text not null,
    target         text not null,
    details        jsonb not null default '{}'::jsonb
);
create index admin_audit_by_time on admin_audit (occurred_at);

-- A preview subdomain belongs to one sandbox in the whole installation. The row is the claim; a claim whose sandbox
-- no longer exists is taken over by the next sandbox that asks for the name.
create table preview_subdomains (
    subdomain     text primary key,
    namespace     text not null,
    sandbox_name  text not null,
    tenant_id     text not null,
    claimed_at    timestamptz not null default now()
);
create index preview_subdomains_by_sandbox on preview_subdomains (namespace, sandbox_name);
