-- ruleid: RC502
drop table profiles;
