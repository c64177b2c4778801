exports.up = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    // ruleid: RC504
    t.index(["email"], "users_email_idx");
  });
};

exports.down = function (knex) {
  return knex.schema.alterTable("users", (t) => {
    t.dropIndex(["email"], "users_email_idx");
  });
};
