-- ruleid: RC501
create table orders (id bigint primary key, user_id bigint references users (id));
