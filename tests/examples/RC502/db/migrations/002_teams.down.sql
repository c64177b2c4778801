-- ok: RC502
alter table users drop column team_id;
drop table teams;
