create table profiles (id bigint primary key, bio text);
alter table users add column profile_id bigint;
