-- The leader's lease: the leader renews `renewed_at` every second on its lock connection, with
-- that connection's backend pid. A leader whose process is frozen keeps its advisory lock (its
-- connection stays open) but stops renewing; the other servers then end that backend
-- (pg_terminate_backend), which releases the lock, and one of them takes the lead with term + 1.
alter table stark_leader add column renewed_at timestamptz;
alter table stark_leader add column holder_pid integer;
