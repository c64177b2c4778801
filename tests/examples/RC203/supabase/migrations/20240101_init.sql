create table public.projects (id uuid primary key, owner_id uuid references auth.users(id), name text);
create table public.tags (id uuid primary key, label text);
alter table public.projects enable row level security;
alter table public.tags enable row level security;
