-- TeamBoard schema
create extension if not exists "uuid-ossp";

-- ruleid: RC204
create table public.profiles (
  id uuid primary key references auth.users(id),
  full_name text,
  role text default 'member',
  stripe_customer_id text
);

create table public.projects (
  id uuid primary key default uuid_generate_v4(),
  owner_id uuid references public.profiles(id) not null,
  name text not null,
  description text,
  created_at timestamptz default now()
);

alter table public.projects enable row level security;

-- ruleid: RC205
create policy "Anyone can read projects" on public.projects for select using (true);
create policy "Owners can update projects" on public.projects for update using (auth.uid() = owner_id);

-- Used by the dashboard's "team members" widget
-- ruleid: RC206
create or replace function public.list_team_members() returns setof public.profiles
language sql security definer as $$
  select * from public.profiles
$$;

-- Project files (contracts, briefs) uploaded by users
-- ruleid: RC209
insert into storage.buckets (id, name, public) values ('project-files', 'project-files', true);
-- ok: RC209
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
