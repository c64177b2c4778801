-- ruleid: RC209
insert into storage.buckets (id, name, public) values ('documents', 'documents', true);
-- ok: RC209
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
-- ok: RC209
insert into storage.buckets (id, name, public) values ('receipts', 'receipts', false);
-- ruleid: RC209
insert into storage.buckets (id, name, public) values ('team-space', 'team-space', true);
