-- ruleid: RC503, RC501
alter table public.projects drop column description;
-- ruleid: squawk/require-concurrent-index-creation
create index projects_owner_idx on public.projects (owner_id);
