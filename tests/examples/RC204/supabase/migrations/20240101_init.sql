-- ruleid: RC204
create table public.profiles (
  id uuid primary key references auth.users(id),
  full_name text
);

-- ok: RC204
create table public.projects (id uuid primary key, owner_id uuid references auth.users(id));
alter table public.projects enable row level security;

-- ok: RC204
create table private.audit (id bigserial primary key, event text);

-- ok: RC204
create table public.plans (id text primary key, price_cents int);

-- ok: RC204
create table public.internal_jobs (id bigserial primary key);
revoke all on table public.internal_jobs from anon, authenticated;

-- ruleid: RC204
create table public.projects_backup as select * from public.projects;

-- ruleid: RC204
create table if not exists messages (id uuid primary key, sender uuid references auth.users(id));

-- ruleid: RC204
create table public.invoices (id uuid primary key, user_id uuid);
alter table public.invoices enable row level security;
alter table public.invoices disable row level security;

this is not valid sql;

-- ok: RC204
create table public.comments (id uuid primary key, user_id uuid);
alter table public.comments enable row level security;
