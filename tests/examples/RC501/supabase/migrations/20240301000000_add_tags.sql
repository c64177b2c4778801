-- ruleid: RC501
alter table public.projects add column tags text[] default '{}';
