create table public.projects (id uuid primary key, owner_id uuid references auth.users(id));
alter table public.projects enable row level security;

-- ruleid: RC206
create function public.all_emails() returns setof text language sql security definer as $$
  select email from auth.users
$$;

-- ok: RC206
create function public.my_projects() returns setof public.projects language sql security definer as $$
  select * from public.projects where owner_id = auth.uid()
$$;

-- ok: RC206
create function public.handle_new_user() returns trigger language plpgsql security definer as $$
begin
  insert into public.projects (id, owner_id) values (gen_random_uuid(), new.id);
  return new;
end;
$$;

-- ok: RC206
create function public.internal_cleanup() returns void language sql security definer as $$
  delete from public.projects where owner_id is null
$$;
revoke execute on function public.internal_cleanup() from public, anon, authenticated;

-- ok: RC206
create function public.add(a int, b int) returns int language sql as $$ select a + b $$;

-- ruleid: RC206
create view public.project_counts as select owner_id, count(*) from public.projects group by owner_id;

-- ok: RC206
create view public.my_project_list with (security_invoker = true) as select * from public.projects;
