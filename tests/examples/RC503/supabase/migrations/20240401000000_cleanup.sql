-- ruleid: RC503
delete from public.sessions;
-- ok: RC503
delete from public.sessions where expires_at < now();
-- ruleid: RC503
truncate public.audit_log;
-- ruleid: RC503
alter table public.profiles alter column username set not null;
-- ok: RC503
update public.profiles set display_name = '' where display_name is null;
-- ok: RC503
alter table public.profiles alter column display_name set not null;
-- ruleid: RC503
alter table public.profiles rename column bio to about;
-- ruleid: RC503
drop table public.legacy_invites;
-- ok: RC503
alter table public.trades drop column if exists status_label;
alter table public.trades add column status_label text generated always as (case when closed then 'closed' else 'open' end) stored;
