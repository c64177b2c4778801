-- rollback: alter table public.projects drop column color;
-- ok: RC501
alter table public.projects add column color text;
