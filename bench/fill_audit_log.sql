-- Fill the audit log with :n synthetic rows spread over the last :days days (bench only).
--   psql -v n=5000000 -v days=365 -f bench/fill_audit_log.sql nw_lists_1m
-- Actors are the staff accounts, clients a random sample, the mix of actions and record types
-- like a working job centre's (mostly views of clients, referrals and follow-ups).
CREATE TEMP TABLE bench_actor AS
  SELECT row_number() OVER () AS n, id, username FROM organisation_user WHERE role <> 'participant';
CREATE TEMP TABLE bench_client AS
  SELECT row_number() OVER () AS n, id FROM clients_client ORDER BY random() LIMIT 200000;
INSERT INTO privacy_auditevent (at, actor_id, actor_label, action, object_type, object_id,
                                client_id, reason)
SELECT now() - (g / :n::float) * (:days || ' days')::interval,
       a.id, a.username,
       (ARRAY['view','view','view','view','view','view','create','change','change','export'])[1 + g % 10],
       (ARRAY['clients.Client','clients.Referral','outcomes.FollowUp','clients.Client',
              'privacy.AuditEvent','clients.Enrollment'])[1 + (g / 7) % 6],
       c.id::text, c.id, ''
FROM generate_series(1, :n) AS g
JOIN bench_actor a ON a.n = 1 + g % (SELECT count(*) FROM bench_actor)
JOIN bench_client c ON c.n = 1 + (g::bigint * 7919) % (SELECT count(*) FROM bench_client);
ANALYZE privacy_auditevent;
