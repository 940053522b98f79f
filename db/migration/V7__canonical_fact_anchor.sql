-- The subset side of the dedup's subset/superset match (contract §4 step 2): a stored host whose canonical facts are
-- contained in an input's has all its tokens among the input's, so its smallest token (the first of the sorted
-- array, its "anchor") is one of them. Looking candidates up by anchor reads only the hosts anchored on one of the
-- input's tokens; looking them up by any shared token read every host that shares a value such as the docker
-- bridge's 172.17.0.1 with the input, thousands per input in a real fleet. Tokens carry the account, so the index
-- is account-scoped. Sorted tokens put bios_uuid, external_id, fqdn and insights_id before ip_addresses and
-- mac_addresses, so a host that reports any of those is anchored on a value of its own.
CREATE INDEX hosts_canonical_fact_anchor ON hosts ((canonical_fact_tokens[1]));
