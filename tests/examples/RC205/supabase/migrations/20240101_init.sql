create table public.projects (id uuid primary key, owner_id uuid references auth.users(id), name text);
create table public.faq (id serial primary key, question text, answer text);
create table public.profiles (id uuid primary key, user_id uuid, bio text);
create table public.listings (id uuid primary key, seller_id uuid, title text);
alter table public.projects enable row level security;
alter table public.faq enable row level security;
alter table public.profiles enable row level security;
alter table public.listings enable row level security;

-- ruleid: RC205
create policy "Anyone can read projects" on public.projects for select using (true);
-- ok: RC205
create policy "Owners read projects" on public.projects for select to authenticated using (auth.uid() = owner_id);
-- ruleid: RC205
create policy "Anyone can edit projects" on public.projects for update to authenticated using (true) with check (true);
-- ok: RC205
create policy "FAQ is public" on public.faq for select to anon using (true);
-- ruleid: RC205
create policy "Admins edit profiles" on public.profiles for update to authenticated
  using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
-- ok: RC205
create policy "Service jobs" on public.profiles for all to service_role using (true);
-- ok: RC205
create policy "Listings are public" on public.listings for select using (true);
