-- Every host has an org or an account (V8): checked against the rows that exist, under a lock that lets reads and
-- writes go on (SHARE UPDATE EXCLUSIVE), in a transaction of its own.
ALTER TABLE hosts VALIDATE CONSTRAINT hosts_org_or_account;
