-- todoruleid: migrations
alter table public.projects drop column description;
-- todoruleid: migrations
create index projects_owner_idx on public.projects (owner_id);
