-- migrate:up
-- ok: RC501
create table notes (id bigint primary key, body text);

-- migrate:down
drop table notes;
