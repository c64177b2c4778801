create table public.notes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users(id),
  body text
);
alter table public.notes enable row level security;
create policy "own notes" on public.notes for all to authenticated using (auth.uid() = user_id);
