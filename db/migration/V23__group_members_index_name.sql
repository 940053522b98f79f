-- V22's copy of hosts_group_members, with last_check_in, takes the name of the index it replaced.
ALTER INDEX IF EXISTS hosts_group_members_with_check_in RENAME TO hosts_group_members;
