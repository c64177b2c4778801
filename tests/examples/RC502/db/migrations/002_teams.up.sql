create table teams (id bigint primary key);
alter table users add column team_id bigint;
