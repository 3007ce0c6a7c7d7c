-- Resource usage of sandboxes, sampled from Docker by the operator of their node. Kept for a configurable time and
-- pruned by the operators; the gateway answers GET /v1/sandboxes/{id}/usage from here.
create table sandbox_usage_samples (
    id                  bigserial primary key,
    sandbox_uid         text not null,
    node                text not null,
    sampled_at          timestamptz not null,
    cpu_percent         double precision not null,
    memory_used_bytes   bigint not null,
    memory_limit_bytes  bigint not null,
    pids                bigint not null,
    net_rx_bytes        bigint not null,
    net_tx_bytes        bigint not null,
    block_read_bytes    bigint not null,
    block_write_bytes   bigint not null
);
create index sandbox_usage_samples_by_sandbox on sandbox_usage_samples (sandbox_uid, sampled_at);
-- Pruning deletes by age across all sandboxes.
create index sandbox_usage_samples_by_time on sandbox_usage_samples (sampled_at);

-- When each sandbox was last used through the gateway (exec, file calls, SDK calls on it). One row per sandbox,
-- written in batches; the operator's idle clean-up reads it, so the idle clock survives restarts of either process.
create table sandbox_activity (
    sandbox_uid       text primary key,
    namespace         text not null,
    name              text not null,
    last_activity_at  timestamptz not null
);

-- The stale-record sweep looks for live rows of one node.
create index sandboxes_live_by_node on sandboxes (node) where deleted_at is null;
